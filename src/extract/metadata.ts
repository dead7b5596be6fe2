// Report metadata from the narrative: who reports (unit, district, province), the report's
// number, place and date, title and period, who signed it and who receives it.
//
// Decisions:
// - A blank report number ("Số: /BC-UBND", usual in drafts and in copies converted before
//   numbering) gives number null, as the schema says; the printed suffix is kept in an info
//   message ('report.number_blank') and provenance.number still points at the line.
// - The reporting unit is the unit named where a report names itself: the header
//   ("UBND XÃ TIÊN ĐỘNG"), "<UBND xã X> báo cáo…", the closing "Trên đây là báo cáo … của UBND
//   xã X", the title; other mentions only add a little weight.
// - A district-level unit is its own district; a province-level unit its own province.
import type { Block, DocumentModel, Message, Provenance } from '../../schemas/document.js';
import type { Period, ReportMeta } from '../../schemas/record.js';
import { info, result, warning, type Result } from '../result.js';
import { fold, foldSameLength } from '../text/fold.js';
import { findDates } from '../normalise/date.js';
import { normaliseDocNumber } from '../normalise/doc-number.js';
import { findUnitMentions, personName, sentenceCase, unitLevel, type UnitKind, type UnitMention } from '../normalise/names.js';
import { narrativeEnd, tidy } from './sentences.js';
import { execAll } from '../text/regex.js';

/** One line of the report's front or back matter: a paragraph line or a table cell. */
interface Line {
  text: string;
  folded: string;
  prov: Provenance;
  /** Offset of `text` in the block (or cell) text, so spans point into it. */
  offset: number;
  listItem: boolean;
  /** Position in reading order. */
  order: number;
}

function linesOf(block: Block, index: number, order: { n: number }): Line[] {
  const base: Provenance = { ...block.prov, block: index };
  const out: Line[] = [];
  const push = (text: string, prov: Provenance, listItem: boolean) => {
    const nfc = text.normalize('NFC');
    let offset = 0;
    for (const part of nfc.split('\n')) {
      if (part.trim() !== '') out.push({ text: part, folded: foldSameLength(part), prov, offset, listItem, order: order.n++ });
      offset += part.length + 1;
    }
  };
  if (block.kind === 'table') {
    block.rows.forEach((row, r) =>
      row.cells.forEach((cell, c) => {
        if (!cell.covered) push(cell.text, { ...base, row: r, cell: c, ...(row.page ? { page: row.page } : {}) }, false);
      }),
    );
  } else {
    push(block.text, base, block.kind === 'paragraph' && block.listItem === true);
  }
  return out;
}

function span(line: Line, start: number, end: number): Provenance {
  return { ...line.prov, span: [line.offset + start, line.offset + end] };
}

// ---------------------------------------------------------------- period

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/**
 * The reporting period named in a text: "Quý III năm 2023", "quý 3/2023", "6 tháng đầu năm 2024",
 * "6 tháng cuối năm", "9 tháng năm 2023", "tháng 5 năm 2023", "năm 2023". First match in this
 * order wins, so "6 tháng đầu năm 2024" is a half, not a year.
 */
export function parsePeriod(text: string): Period | null {
  // Dates are not periods: "ngày 30 tháng 12 năm 2022" must not read as the year 2022.
  let folded = foldSameLength(text);
  for (const d of findDates(text)) folded = folded.slice(0, d.start) + '#'.repeat(d.end - d.start) + folded.slice(d.end);
  const raw = (m: RegExpExecArray) => tidy(text.slice(m.index, m.index + m[0].length));
  const yearAfter = /^\s*(?:nam|\/|-)\s*(\d{4})/;
  const year = (m: RegExpExecArray) => {
    const y = yearAfter.exec(folded.slice(m.index + m[0].length));
    return y ? { year: Number(y[1]), len: y[0].length } : { year: null, len: 0 };
  };
  const withYear = (m: RegExpExecArray, kind: Period['kind'], number: number | null): Period => {
    const y = year(m);
    return { kind, number, year: y.year, raw: tidy(text.slice(m.index, m.index + m[0].length + y.len)) };
  };
  let m = /\bquy\s+(iv|i{1,3}|[1-4])\b/.exec(folded);
  if (m) return withYear(m, 'quarter', ROMAN[m[1]!] ?? Number(m[1]));
  m = /\b(?:0?6|sau)\s+thang\s+(dau|cuoi)(?:\s+nam)?\b/.exec(folded);
  if (m) {
    const y = /^\s*(\d{4})/.exec(folded.slice(m.index + m[0].length));
    const p: Period = { kind: 'half', number: m[1] === 'dau' ? 1 : 2, year: y ? Number(y[1]) : null, raw: raw(m) };
    if (y) p.raw = tidy(text.slice(m.index, m.index + m[0].length + y[0].length));
    return p;
  }
  m = /\b(?:0?9|chin)\s+thang(?:\s+dau)?(?=\s+nam\b|\s*$|\s*[,.;])/.exec(folded);
  if (m) return withYear(m, 'nine_months', null);
  m = /\bthang\s+(0?[1-9]|1[0-2])(?=\s*(?:nam\b|\/\s*\d{4}))/.exec(folded);
  if (m) return withYear(m, 'month', Number(m[1]));
  m = /\bnam\s+(\d{4})\b/.exec(folded);
  if (m) return { kind: 'year', number: null, year: Number(m[1]), raw: raw(m) };
  return null;
}

// ---------------------------------------------------------------- signer

// Folded title → how it is written in running text.
const TITLES: Array<[string, string]> = [
  ['pho chu tich', 'Phó Chủ tịch'],
  ['chu tich', 'Chủ tịch'],
  ['pho bi thu', 'Phó Bí thư'],
  ['bi thu', 'Bí thư'],
  ['pho giam doc', 'Phó Giám đốc'],
  ['giam doc', 'Giám đốc'],
  ['pho truong phong', 'Phó Trưởng phòng'],
  ['truong phong', 'Trưởng phòng'],
  ['pho chanh van phong', 'Phó Chánh Văn phòng'],
  ['chanh van phong', 'Chánh Văn phòng'],
  ['pho truong ban', 'Phó Trưởng ban'],
  ['truong ban', 'Trưởng ban'],
  ['pho thu truong', 'Phó Thủ trưởng'],
  ['thu truong', 'Thủ trưởng'],
  ['cong chuc van phong', 'Công chức Văn phòng'],
];
const TITLE_RE = new RegExp(`(?<![a-z])(${TITLES.map(([t]) => t.replace(/ /g, '\\s+')).join('|')})(?![a-z])`, 'g');
const MARKER_RE = /(?<![a-z])(tm|kt|tl|tuq|q)\s*\.\s*/g;
const SIGNATURE_NOTE = /\((?:da\s+ky|ky[^)]*)\)|(?<![a-z])da\s+ky(?![a-z])/g;

interface SignerPart {
  kind: 'behalf' | 'title' | 'text';
  text: string;
}

function signerParts(line: string): SignerPart[] {
  const folded = foldSameLength(line);
  // Blank out signature notes ("(Đã ký)") in both views, keeping offsets aligned.
  let text = line;
  let f = folded;
  for (const m of execAll(SIGNATURE_NOTE, folded)) {
    const blank = ' '.repeat(m[0].length);
    text = text.slice(0, m.index) + blank + text.slice(m.index + m[0].length);
    f = f.slice(0, m.index) + blank + f.slice(m.index + m[0].length);
  }
  const cuts: Array<{ at: number; end: number; kind: 'marker' | 'title' }> = [];
  for (const m of execAll(MARKER_RE, f)) cuts.push({ at: m.index, end: m.index + m[0].length, kind: 'marker' });
  for (const m of execAll(TITLE_RE, f)) {
    // A title right after a marker ("KT. CHỦ TỊCH") is whom one signs for, not one's own title.
    const afterMarker = cuts.some((c) => c.kind === 'marker' && f.slice(c.end, m.index).trim() === '');
    if (!afterMarker) cuts.push({ at: m.index, end: m.index + m[0].length, kind: 'title' });
  }
  cuts.sort((a, b) => a.at - b.at);
  const parts: SignerPart[] = [];
  let pos = 0;
  let pending: SignerPart['kind'] = 'text';
  for (const c of cuts) {
    const before = tidy(text.slice(pos, c.at));
    if (before) parts.push({ kind: pending, text: before });
    if (c.kind === 'title') {
      parts.push({ kind: 'title', text: tidy(text.slice(c.at, c.end)) });
      pending = 'text';
    } else pending = 'behalf';
    pos = c.end;
  }
  const rest = tidy(text.slice(pos));
  if (rest) parts.push({ kind: pending, text: rest });
  return parts;
}

/**
 * Parses the signature block ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / name), given
 * as its lines in order or as one joined line (a table cell).
 */
export function parseSigner(lines: string[]): ReportMeta['signer'] {
  const parts = lines.flatMap(signerParts);
  const behalf = parts.find((p) => p.kind === 'behalf');
  const titleIdx = parts.map((p) => p.kind).lastIndexOf('title');
  let title: string | null = null;
  if (titleIdx >= 0) {
    const f = fold(parts[titleIdx]!.text);
    title = TITLES.find(([t]) => t === f)?.[1] ?? sentenceCase(parts[titleIdx]!.text);
  } else {
    // An unknown title: the all-caps line after "TM. …".
    const t = parts.find((p) => p.kind === 'text' && p.text === p.text.toLocaleUpperCase('vi') && /\p{Lu}/u.test(p.text) && !personName(p.text));
    if (t) title = sentenceCase(t.text);
  }
  let name: string | null = null;
  for (let i = parts.length - 1; i > titleIdx && i >= 0; i--) {
    const p = parts[i]!;
    if (p.kind !== 'text') continue;
    name = personName(p.text);
    if (name) break;
  }
  const onBehalfOf = behalf ? sentenceCase(behalf.text) : null;
  if (!name && !title && !onBehalfOf) return null;
  return { name, title, onBehalfOf };
}

// ---------------------------------------------------------------- unit, district, province

interface Candidate {
  kind: UnitKind;
  name: string;
  score: number;
  prov: Provenance;
  bestWeight: number;
}

function vote(cands: Map<string, Candidate>, m: UnitMention, weight: number, prov: Provenance): void {
  const key = `${m.kind}|${fold(m.name)}`;
  const c = cands.get(key);
  if (!c) cands.set(key, { kind: m.kind, name: m.name, score: weight, prov, bestWeight: weight });
  else {
    c.score += weight;
    if (weight > c.bestWeight) {
      c.bestWeight = weight;
      c.prov = prov;
    }
  }
}

function best(cands: Iterable<Candidate>, keep: (c: Candidate) => boolean): Candidate | null {
  let top: Candidate | null = null;
  for (const c of cands) if (keep(c) && (!top || c.score > top.score)) top = c;
  return top;
}

// ---------------------------------------------------------------- main

export function extractMetadata(doc: DocumentModel): Result<ReportMeta> {
  const messages: Message[] = [];
  const provenance: Record<string, Provenance> = {};
  const end = narrativeEnd(doc);
  const order = { n: 0 };
  const lines: Line[] = [];
  for (let i = 0; i < end; i++) lines.push(...linesOf(doc.blocks[i]!, i, order));

  const meta: ReportMeta = {
    unitKind: null,
    unitName: null,
    district: null,
    province: null,
    number: null,
    place: null,
    date: null,
    title: null,
    period: null,
    signer: null,
    recipients: [],
    provenance,
  };

  // The header is what comes before the body's first long paragraph.
  const firstBody = lines.findIndex((l) => l.text.length > 200);
  const header = lines.slice(0, firstBody < 0 ? Math.min(lines.length, 15) : Math.min(firstBody, 25));

  // Report number: "Số: 125/BC-UBND", "Số: /BC-UBND", "Số 125/BC-UBND".
  for (const line of header) {
    const m = /(?<![a-z])so\s*:?\s*((\d*)\s*[-/]?\s*[a-z][a-z0-9]*(?:\s*[-/]\s*[a-z][a-z0-9]*)+)/.exec(line.folded);
    // The report's own number is "Số:" with a capital S; "công văn số 281/…" cites another document.
    if (!m || !/[-/]/.test(m[1]!) || line.text[m.index] !== 'S') continue;
    const numStart = m.index + m[0].length - m[1]!.length;
    const printed = tidy(line.text.slice(numStart, m.index + m[0].length));
    provenance.number = span(line, numStart, m.index + m[0].length);
    if (m[2] === '') {
      messages.push(info('report.number_blank', `Số báo cáo để trống (in: "Số: ${printed}")`, provenance.number));
    } else {
      const n = normaliseDocNumber(printed);
      if (n) meta.number = n.number;
      else messages.push(warning('report.number_unreadable', `Không đọc được số báo cáo "${printed}"`, provenance.number));
    }
    break;
  }

  // Place and date: "Tiên Động, ngày 08 tháng 9 năm 2023".
  for (const line of header) {
    // The dateline is short; a long line opening with "Ngày …" is body text.
    if (line.text.length > 90) continue;
    const dates = findDates(line.text);
    // Only a date that opens the line or follows "<place>," is the report's own date.
    const d = dates.find((x) => /^(?:[^,\d]{1,60},)?\s*(?:ngay\s*)?$/.test(line.folded.slice(0, x.start)));
    if (!d) continue;
    const comma = line.text.lastIndexOf(',', d.start);
    if (comma > 0) {
      const place = tidy(line.text.slice(0, comma));
      if (place && place.length <= 60 && !/\d/.test(place)) {
        meta.place = place;
        provenance.place = span(line, 0, comma);
      }
    }
    provenance.date = span(line, d.start, d.end);
    if (d.iso) meta.date = d.iso;
    else messages.push(warning('report.date_incomplete', `Ngày báo cáo không đầy đủ: "${tidy(line.text.slice(d.start, d.end))}"`, provenance.date));
    break;
  }

  // Title: the line(s) after "BÁO CÁO" (or the rest of a "BÁO CÁO …" line).
  const titleAt = header.findIndex((l) => /^\s*bao cao\b/.test(l.folded) && l.text.length < 250);
  if (titleAt >= 0) {
    const head = header[titleAt]!;
    const parts: Array<{ line: Line; from: number }> = [];
    const rest = /^\s*bao cao\s*[:.-]?\s*/.exec(head.folded)![0].length;
    if (tidy(head.text.slice(rest))) parts.push({ line: head, from: rest });
    else {
      for (const l of header.slice(titleAt + 1, titleAt + 4)) {
        if (/^\s*(?:kinh gui|thuc hien|can cu|theo|trien khai)\b/.test(l.folded) || l.text.length > 200 || /[.:]\s*$/.test(l.text)) break;
        parts.push({ line: l, from: 0 });
      }
    }
    if (parts.length) {
      const title = tidy(parts.map((p) => p.line.text.slice(p.from)).join(' ')).replace(/^(?:V\/v|về)\s+/iu, '');
      meta.title = title.charAt(0).toLocaleUpperCase('vi') + title.slice(1);
      provenance.title = span(parts[0]!.line, parts[0]!.from, parts[0]!.line.text.length);
    }
  }

  // Period: from the title (joined: a PDF may wrap "… 9 tháng đầu" / "năm 2022"), else from the
  // title's lines or the opening paragraphs.
  const titlePeriod = meta.title ? parsePeriod(meta.title) : null;
  if (titlePeriod && titlePeriod.year !== null && provenance.title) {
    meta.period = titlePeriod;
    provenance.period = provenance.title;
  }
  const periodSources: Line[] = [];
  if (meta.title && provenance.title) periodSources.push(...header.filter((l) => l.order >= header[titleAt]!.order).slice(0, 4));
  periodSources.push(...lines.slice(0, 40));
  for (const line of meta.period ? [] : periodSources) {
    const p = parsePeriod(line.text);
    if (!p) continue;
    meta.period = p;
    const at = line.text.indexOf(p.raw);
    provenance.period = at >= 0 ? span(line, at, at + p.raw.length) : line.prov;
    break;
  }
  if (!meta.period) messages.push(warning('report.period_missing', 'Không xác định được kỳ báo cáo'));

  // Unit, district, province by weighted mentions.
  const cands = new Map<string, Candidate>();
  const titleOrder = titleAt >= 0 ? header[titleAt]!.order : -1;
  const kinhGui = lines.find((l) => /^\s*kinh gui\b/.test(l.folded));
  for (const line of lines) {
    const inHeader = titleOrder >= 0 ? line.order < titleOrder : header.includes(line);
    const closing = /^\s*tren day (?:la )?(?:bao cao)?/.test(line.folded);
    for (const m of findUnitMentions(line.text, line.folded)) {
      const after = line.folded.slice(m.end, m.end + 12);
      let w = m.ubnd ? 1 : 0.5;
      if (inHeader && !(kinhGui && line === kinhGui)) w = 5;
      else if (closing && /\bcua\s*$/.test(line.folded.slice(0, m.start))) w = 4;
      else if (/^\s*(?:da\s+)?bao cao\b/.test(after)) w = 4;
      else if (line.order > titleOrder && line.order <= titleOrder + 2 && titleOrder >= 0) w = 3;
      vote(cands, m, w, span(line, m.start, m.end));
    }
  }
  // Superiors named in "Kính gửi" are never the reporting unit but count as district/province.
  const unit = best(cands.values(), (c) => !(kinhGui && c.prov.block === kinhGui.prov.block && c.prov.span?.[0]! >= kinhGui.offset && c.bestWeight <= 1));
  if (unit) {
    meta.unitKind = unit.kind;
    meta.unitName = unit.name;
    provenance.unitName = unit.prov;
    const level = unitLevel(unit.kind, unit.name);
    if (level === 2) {
      meta.district = unit.name;
      provenance.district = unit.prov;
    }
    if (level === 1) {
      meta.province = unit.name;
      provenance.province = unit.prov;
    }
    if (level === 3) {
      const d = best(cands.values(), (c) => unitLevel(c.kind, c.name) === 2);
      if (d) {
        meta.district = d.name;
        provenance.district = d.prov;
      }
    }
    if (level >= 2) {
      const p = best(cands.values(), (c) => unitLevel(c.kind, c.name) === 1);
      if (p) {
        meta.province = p.name;
        provenance.province = p.prov;
      }
    }
  } else messages.push(warning('report.unit_missing', 'Không xác định được đơn vị báo cáo'));

  // Recipients: the "Nơi nhận:" list, inline or as following list lines.
  const noiNhan = lines.findIndex((l) => /^\s*noi nhan\b/.test(l.folded));
  let signerFrom = -1;
  if (noiNhan >= 0) {
    const head = lines[noiNhan]!;
    provenance.recipients = head.prov;
    const inline = head.text.slice(/^\s*noi nhan\s*:?/.exec(head.folded)![0].length);
    const items = [...splitItems(inline)];
    let j = noiNhan + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (!(l.listItem || /^\s*[-+•–]/.test(l.text)) || isSignerLine(l)) break;
      items.push(...splitItems(l.text));
    }
    meta.recipients = items;
    signerFrom = j;
  }

  // Signer: from the first "TM./KT./TL." line (or the line after the recipients) to the end.
  let s = lines.findIndex((l, i) => i > Math.max(noiNhan, firstBody) && isSignerLine(l));
  if (s < 0 && signerFrom >= 0 && signerFrom < lines.length) s = signerFrom;
  if (s >= 0) {
    const block = lines.slice(s, s + 5).filter((l) => l.text.length < 120);
    const signer = parseSigner(block.map((l) => l.text));
    if (signer) {
      meta.signer = signer;
      const nameLine = signer.name ? block.find((l) => fold(l.text).includes(fold(signer.name!))) : undefined;
      provenance.signer = (nameLine ?? lines[s]!).prov;
    }
  }

  return result(meta, messages);
}

function isSignerLine(l: Line): boolean {
  return /^\s*(?:tm|kt|tl|tuq|q)\s*\.\s*\S/.test(l.folded);
}

function* splitItems(text: string): Generator<string> {
  for (const piece of text.split(/(?:^|\s)[-+•–]\s+/)) {
    const item = tidy(piece).replace(/[,;.]+$/, '').trim();
    if (item) yield item;
  }
}
