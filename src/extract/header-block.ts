// The official header block of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP,
// Phụ lục I): on the left the issuing bodies — the superior body, then the issuing unit — and the
// number ("Số: 45/BC-UBND"); on the right the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
// "Độc lập - Tự do - Hạnh phúc") and the dateline ("An Phú, ngày 07 tháng 12 năm 2022").
//
// Readers give it in several shapes: a two-column table whose cells hold a column's lines joined
// by spaces (.docx, and PDF through pdf-columns), one line per paragraph, or the two columns'
// lines run together (.doc: "Số: /BC-UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"). So the block is
// read by what each part is, not by where lines break: the motto, the number and the dateline
// are recognised by their wording and cut out; what is left, in reading order, are the issuing
// bodies. A part missing (no motto, no number, everything in one column) is simply absent.
import type { Provenance } from '../../schemas/document.js';
import type { DateMention } from '../normalise/date.js';
import { findDates } from '../normalise/date.js';
import { normaliseDocNumber } from '../normalise/doc-number.js';
import { findUnitMentions, sentenceCase, type UnitKind } from '../normalise/names.js';
import { foldSameLength } from '../text/fold.js';
import { execAll } from '../text/regex.js';
import { span, type Line } from './meta-lines.js';
import { tidy } from './sentences.js';

const ACRONYMS = new Set(['HĐND', 'UBND', 'MTTQ', 'TTHC', 'CCHC', 'KH&ĐT', 'LĐ-TB&XH', 'TN&MT', 'GD&ĐT', 'VH-TT&DL']);

/** The acronyms of a name printed in capitals, put back into its sentence-cased form. */
function keepAcronyms(cased: string, printed: string): string {
  const words = printed.split(/\s+/);
  return cased
    .split(/\s+/)
    .map((w, i) => (ACRONYMS.has(words[i] ?? '') ? words[i]! : w))
    .join(' ');
}

/** An issuing body named in the block: "UBND HUYỆN TỨ KỲ" (huyện Tứ Kỳ), "SỞ NỘI VỤ" (sở Nội vụ). */
export interface IssuingBody {
  kind: UnitKind;
  name: string;
  prov: Provenance;
}

export interface ReportNumber {
  /** As printed after "Số:", e.g. "45/BC-UBND" or "/BC-UBND". */
  printed: string;
  /** Normalised number; null when the number is left blank ("Số: /BC-UBND") or unreadable. */
  number: string | null;
  blank: boolean;
  prov: Provenance;
}

export interface Dateline {
  place: string | null;
  placeProv: Provenance | null;
  /** The date as printed; `iso` is null when the day is left blank ("ngày    tháng 9 năm 2023"). */
  date: DateMention;
  /** The date as printed, tidied. */
  text: string;
  prov: Provenance;
}

export interface HeaderBlock {
  /** In the order printed: the superior body first, the issuing (reporting) unit last. */
  bodies: IssuingBody[];
  number: ReportNumber | null;
  /** Where the national motto stands, when printed. */
  motto: Provenance | null;
  dateline: Dateline | null;
}

/** The motto's two lines, matched on folded text; their words ("XÃ HỘI") are not a unit. */
export const MOTTO = [/cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia(?:\s+viet\s+nam)?/g, /doc\s+lap\s*[-–—]\s*tu\s+do\s*[-–—]\s*hanh\s+phuc/g];

// "Số: 125/BC-UBND", "Số: /BC-UBND", "Số 125/BC-UBND", "Số:   ...../BC-UBND".
const NUMBER = /(?<![a-z])so\s*:?\s*([._…]*\s*(\d*)\s*[._…]*\s*[-/]?\s*[a-z][a-z0-9]*(?:\s*[-/]\s*[a-z][a-z0-9]*)+)/g;

// What may stand before the report's date on its line: "<place>," and "ngày".
const DATE_PREFIX = /^\s*(?:([^,\d]{1,60}),)?\s*(?:ngay\s*)?$/;

// Agencies that issue reports under a People's Committee: "SỞ NỘI VỤ", "PHÒNG NỘI VỤ",
// "VĂN PHÒNG HĐND VÀ UBND". Their names run to the next body or the end of the run.
const AGENCY = /(?<![a-z])(so|van\s+phong|phong)\s+(?=\S)/g;
const BODY_START = /(?<![a-z])(?:ubnd|uy\s+ban\s+nhan\s+dan|so|van\s+phong|phong)\s/g;

const BODY_WORDS = new Set(['ubnd', 'ủy ban nhân dân', 'uỷ ban nhân dân', 'sở', 'phòng', 'văn phòng']);

interface Cut {
  start: number;
  end: number;
}

/** A run of text left over between recognised parts, possibly across lines: the bodies' text. */
interface Piece {
  line: Line;
  start: number;
  end: number;
}

/** Every motto span in a folded line. */
export function mottoSpans(folded: string): Cut[] {
  return MOTTO.flatMap((re) => execAll(re, folded).map((m) => ({ start: m.index, end: m.index + m[0].length })));
}

/**
 * Reads the header block from the report's first lines (those before the title "BÁO CÁO", or the
 * header when there is no title).
 */
export function readHeaderBlock(lines: Line[]): HeaderBlock {
  const block: HeaderBlock = { bodies: [], number: null, motto: null, dateline: null };
  const runs: Piece[][] = [];
  let run: Piece[] = [];
  const closeRun = () => {
    if (run.length) runs.push(run);
    run = [];
  };

  for (const line of lines) {
    const cuts: Array<Cut & { kind: 'motto' | 'number' | 'date' }> = [];
    for (const c of mottoSpans(line.folded)) {
      cuts.push({ ...c, kind: 'motto' });
      block.motto ??= span(line, c.start, c.end);
    }
    if (!block.number) {
      for (const m of execAll(NUMBER, line.folded)) {
        // The report's own number is "Số:" with a capital S; "công văn số 281/…" cites another document.
        if (!/[-/]/.test(m[1]!) || line.text[m.index] !== 'S') continue;
        if (cuts.some((c) => m.index < c.end && c.start < m.index + m[0].length)) continue;
        const numStart = m.index + m[0].length - m[1]!.length;
        const printed = tidy(line.text.slice(numStart, m.index + m[0].length)).replace(/^[._…\s]+/, '');
        const blank = m[2] === '';
        const n = blank ? null : normaliseDocNumber(printed);
        block.number = { printed, number: n ? n.number : null, blank, prov: span(line, numStart, m.index + m[0].length) };
        cuts.push({ start: m.index, end: m.index + m[0].length, kind: 'number' });
        break;
      }
    }
    if (!block.dateline) {
      for (const d of findDates(line.text)) {
        if (cuts.some((c) => d.start < c.end && c.start < d.end)) continue;
        // Only a date that opens its part of the line, or follows "<place>,", is the report's own.
        const from = Math.max(0, ...cuts.filter((c) => c.end <= d.start).map((c) => c.end));
        const pre = DATE_PREFIX.exec(line.folded.slice(from, d.start));
        if (!pre) continue;
        let place: string | null = null;
        let placeProv: Provenance | null = null;
        if (pre[1] !== undefined) {
          const comma = line.text.lastIndexOf(',', d.start);
          const raw = line.text.slice(from, comma);
          const lead = raw.length - raw.trimStart().length;
          const p = tidy(raw);
          if (p && !/\d/.test(p)) {
            place = p;
            placeProv = span(line, from + lead, comma);
          }
        }
        block.dateline = { place, placeProv, date: d, text: tidy(line.text.slice(d.start, d.end)), prov: span(line, d.start, d.end) };
        cuts.push({ start: from, end: d.end, kind: 'date' });
        break;
      }
    }
    // What is left of the line, in order; a recognised part ends the run of body text.
    cuts.sort((a, b) => a.start - b.start);
    let pos = 0;
    for (const c of [...cuts, { start: line.text.length, end: line.text.length, kind: 'end' as const }]) {
      if (c.start > pos && line.text.slice(pos, c.start).trim() !== '') run.push({ line, start: pos, end: c.start });
      if (c.kind !== 'end') closeRun();
      pos = Math.max(pos, c.end);
    }
  }
  closeRun();
  for (const r of runs) block.bodies.push(...bodiesIn(r));
  return block;
}

/**
 * Bodies are printed in capitals: a piece mostly in capitals is read as all capitals, so a letter
 * or two a legacy-font repair left in lower case ("ủY BAN NHâN DâN Xã NGUYêN GIÁP") does not cut a
 * name short. (Same length, so offsets still hold.)
 */
function capitals(piece: string): string {
  const upper = piece.toLocaleUpperCase('vi');
  const letters = piece.match(/\p{L}/gu)?.length ?? 0;
  const caps = piece.match(/\p{Lu}/gu)?.length ?? 0;
  return upper.length === piece.length && letters > 0 && caps / letters >= 0.6 ? upper : piece;
}

/** The issuing bodies in a run of left-over text ("UBND HUYỆN TỨ KỲ UBND XÃ AN" + "THANH"). */
function bodiesIn(pieces: Piece[]): IssuingBody[] {
  // Join the pieces with one space, remembering where each came from.
  let text = '';
  const at: Array<{ from: number; piece: Piece }> = [];
  for (const p of pieces) {
    if (text) text += ' ';
    at.push({ from: text.length, piece: p });
    text += capitals(p.line.text.slice(p.start, p.end));
  }
  const provOf = (start: number, end: number): Provenance => {
    const a = [...at].reverse().find((x) => x.from <= start)!;
    const s = a.piece.start + (start - a.from);
    const e = Math.min(a.piece.end, a.piece.start + (end - a.from));
    return span(a.piece.line, s, e);
  };
  const folded = foldSameLength(text);
  const out: Array<IssuingBody & { at: number }> = [];
  // The body word as printed, tones and all: "PHONG" in "XÃ HỒNG PHONG" is no "PHÒNG", "SỐ" no "SỞ".
  const bodyWord = (m: RegExpExecArray) => BODY_WORDS.has(text.slice(m.index, m.index + m[0].trimEnd().length).replace(/\s+/g, ' ').toLocaleLowerCase('vi').normalize('NFC'));
  // An agency word ends a place name as often as it starts a body ("UBND XÃ YÊN SỞ", then "Số: …"):
  // it starts one only when a name follows it before the number, the motto or the end.
  const namesAfter = (m: RegExpExecArray) => {
    if (/^(?:ubnd|uy)/.test(m[0])) return true;
    const rest = folded.slice(m.index + m[0].length).trimStart();
    return /^\p{L}/u.test(rest) && !/^(?:so\s*:|so\b\s*\d|cong hoa|doc lap)/.test(rest);
  };
  const starts = execAll(BODY_START, folded)
    .filter((m) => bodyWord(m) && namesAfter(m))
    .map((m) => m.index);
  const agencyCuts: Cut[] = [];
  for (const m of execAll(AGENCY, folded)) {
    // A government agency is printed in capitals: "SỞ NỘI VỤ", not "phòng họp".
    const printed = text.slice(m.index, m.index + m[1]!.length);
    if (printed !== printed.toLocaleUpperCase('vi') || !bodyWord(m) || !namesAfter(m)) continue;
    const nameStart = m.index + m[0].length;
    const next = starts.find((s) => s > m.index) ?? text.length;
    const name = tidy(text.slice(nameStart, next)).replace(/[.,;:]+$/, '');
    if (!name || /\d/.test(name) || name !== name.toLocaleUpperCase('vi')) continue;
    const kindWord = tidy(text.slice(m.index, nameStart));
    // "SỞ NỘI VỤ" is the sở "Nội vụ", "PHÒNG NỘI VỤ" the phòng "Nội vụ", "VĂN PHÒNG HĐND VÀ UBND"
    // the văn phòng "HĐND và UBND" (acronyms stay as printed).
    const kind = m[1] === 'so' ? 'sở' : m[1] === 'phong' ? 'phòng' : 'văn phòng';
    out.push({
      kind,
      name: keepAcronyms(sentenceCase(name), name),
      prov: provOf(m.index, m.index + kindWord.length + 1 + name.length),
      at: m.index,
    });
    agencyCuts.push({ start: m.index, end: next });
  }
  // Each body is read on its own, from its start to the next one's: "UBND TỈNH HẢI DƯƠNG SỞ NỘI VỤ"
  // names the province "Hải Dương", not "Hải Dương Sở Nội".
  const bounds = [0, ...starts.filter((x) => x > 0), text.length];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k]!;
    for (const m of findUnitMentions(text.slice(from, bounds[k + 1]))) {
      const start = from + m.start;
      const end = from + m.end;
      if (agencyCuts.some((c) => start >= c.start && start < c.end)) continue;
      // A header prints its bodies in capitals or after "UBND"; prose in the run is not a body.
      const printed = text.slice(start, end);
      if (!m.ubnd && printed !== printed.toLocaleUpperCase('vi')) continue;
      out.push({ kind: m.kind, name: m.name, prov: provOf(start, end), at: start });
    }
  }
  return out.sort((a, b) => a.at - b.at).map(({ at: _at, ...b }) => b);
}
