// The signature block at the end of the narrative (Nghị định 30/2020/NĐ-CP, Phụ lục I): on the
// left "Nơi nhận:" and its list of recipients, on the right the authority signed for ("TM. ỦY BAN
// NHÂN DÂN", "KT. CHỦ TỊCH"), the signer's title ("PHÓ CHỦ TỊCH") and name. The two columns come
// as a two-column table (.docx, PDF through pdf-columns), as lines one after another, or run
// together (.doc: "- Lưu: VP. TM. ỦY BAN NHÂN DÂN"), so the parts are read by what they are.
import type { Provenance } from '../../schemas/document.js';
import type { ReportMeta } from '../../schemas/record.js';
import { fold, foldSameLength } from '../text/fold.js';
import { execAll } from '../text/regex.js';
import { personName, sentenceCase } from '../normalise/names.js';
import type { Line } from './meta-lines.js';
import { tidy } from './sentences.js';

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
// Words may run together in OCR output ("PHÓ CHỦTỊCH").
// Words may run together in OCR output ("PHÓ CHỦTỊCH"), and a speck of the signature may stick
// to the title's end ("PHÓ CHỦ TỊCHl").
const TITLE_RE = new RegExp(`(?<![a-z])(${TITLES.map(([t]) => t.replace(/ /g, '\\s*')).join('|')})(?![a-z]{2})`, 'g');
const titleKey = (t: string) => fold(t).replace(/\s+/g, '');
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
  const cuts: Array<{ at: number; end: number; kind: 'marker' | 'title' | 'stop' }> = [];
  for (const m of execAll(MARKER_RE, f)) cuts.push({ at: m.index, end: m.index + m[0].length, kind: 'marker' });
  for (const m of execAll(TITLE_RE, f)) {
    // A title right after a marker ("KT. CHỦ TỊCH") is whom one signs for, not one's own title;
    // what follows it is the signer's again.
    const afterMarker = cuts.some((c) => c.kind === 'marker' && f.slice(c.end, m.index).trim() === '');
    const end = m.index + m[0].length;
    cuts.push({ at: afterMarker ? end : m.index, end, kind: afterMarker ? 'stop' : 'title' });
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
    } else pending = c.kind === 'stop' ? 'text' : 'behalf';
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
    const f = titleKey(parts[titleIdx]!.text);
    title = TITLES.find(([t]) => titleKey(t) === f)?.[1] ?? sentenceCase(parts[titleIdx]!.text);
  } else {
    // An unknown title: the all-caps line after "TM. …".
    const t = parts.find((p) => p.kind === 'text' && p.text === p.text.toLocaleUpperCase('vi') && /\p{Lu}/u.test(p.text) && !personName(p.text));
    if (t) title = sentenceCase(t.text);
  }
  let name: string | null = null;
  for (let i = parts.length - 1; i > titleIdx && i >= 0; i--) {
    const p = parts[i]!;
    if (p.kind !== 'text') continue;
    name = nameAtEnd(p.text);
    if (name) break;
  }
  const onBehalfOf = behalf ? sentenceCase(behalf.text) : null;
  if (!name && !title && !onBehalfOf) return null;
  return { name, title, onBehalfOf };
}

/**
 * The person's name that ends a part: the whole part, or what follows a speck before it (a
 * signature or stamp read by OCR: "l Bùi Đức Hưởng").
 */
function nameAtEnd(text: string): string | null {
  const words = text.split(' ');
  const caps = (w: string) => w === w.toLocaleUpperCase('vi');
  for (let k = 0; k < words.length - 1; k++) {
    const name = personName(words.slice(k).join(' '));
    if (name) return name;
    // Only specks may be skipped, and capitals before a name in small letters (a title OCR
    // garbled: "PHO CHỦ 1ỊCH Phạm Hồng Thoa"), not words of another name.
    const speck = !/\p{L}{3}/u.test(words[k]!);
    if (!speck && !(caps(words[k]!) && words.slice(k + 1).some((w) => !caps(w)))) return null;
  }
  return null;
}

/** A line that opens the signing side: "TM. …", "KT. …", "TL. …", "TUQ. …", "Q. …". */
export function isSignerLine(l: Line): boolean {
  return /^\s*(?:tm|kt|tl|tuq|q)\s*\.\s*\S/.test(l.folded);
}

export interface Signature {
  signer: ReportMeta['signer'];
  signerProv: Provenance | null;
  recipients: string[];
  recipientsProv: Provenance | null;
}

/**
 * Reads the recipients and the signer from the narrative's lines. `after`: index of the last
 * line of the body proper (the signature is looked for after it).
 */
export function readSignature(lines: Line[], after: number): Signature {
  const out: Signature = { signer: null, signerProv: null, recipients: [], recipientsProv: null };
  // Recipients: the "Nơi nhận:" list, inline or as following list lines.
  const noiNhan = lines.findIndex((l) => /^\s*noi nhan\b/.test(l.folded));
  let signerFrom = -1;
  if (noiNhan >= 0) {
    const head = lines[noiNhan]!;
    out.recipientsProv = head.prov;
    const inline = head.text.slice(/^\s*noi nhan\s*:?/.exec(head.folded)![0].length);
    // A .doc may run the right column into the last item: "- Lưu: VP. TM. ỦY BAN NHÂN DÂN".
    const items = [...splitItems(beforeMarker(inline))];
    let j = noiNhan + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (!(l.listItem || /^\s*[-+•–]/.test(l.text)) || isSignerLine(l)) break;
      items.push(...splitItems(beforeMarker(l.text)));
    }
    out.recipients = items;
    signerFrom = j;
  }

  // Signer: from the first "TM./KT./TL." line (or the line after the recipients) to the end.
  let s = lines.findIndex((l, i) => i > Math.max(noiNhan, after) && isSignerLine(l));
  let first: string | null = null;
  // The signing side may open inside a line of the left column, before any line of its own
  // (.doc runs them together: "- Lưu: VP. TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH").
  const k = noiNhan < 0 ? -1 : lines.findIndex((l, i) => i >= noiNhan && i > after && markerAt(l.folded) > 0);
  if (k >= 0 && (s < 0 || k < s)) {
    s = k;
    first = lines[k]!.text.slice(markerAt(lines[k]!.folded));
  }
  if (s < 0 && signerFrom >= 0 && signerFrom < lines.length) s = signerFrom;
  if (s >= 0) {
    const block = lines.slice(s, s + 5).filter((l) => l.text.length < 120);
    const texts = block.map((l) => l.text);
    if (first !== null && block[0] === lines[s]) texts[0] = first;
    const signer = parseSigner(texts);
    if (signer) {
      out.signer = signer;
      const nameLine = signer.name ? block.find((l) => fold(l.text).includes(fold(signer.name!))) : undefined;
      out.signerProv = (nameLine ?? lines[s]!).prov;
    }
  }
  return out;
}

/** Where a signing marker ("TM. ỦY BAN…") starts inside a line, after other text; -1 if none. */
function markerAt(folded: string): number {
  const m = /\s(?:tm|kt|tl|tuq)\s*\.\s*\p{L}/u.exec(folded);
  return m ? m.index + 1 : -1;
}

function beforeMarker(text: string): string {
  const at = markerAt(foldSameLength(text));
  return at > 0 ? text.slice(0, at) : text;
}

function* splitItems(text: string): Generator<string> {
  for (const piece of text.split(/(?:^|\s)[-+•–]\s+/)) {
    const item = tidy(piece).replace(/[,;.]+$/, '').trim();
    if (item) yield item;
  }
}
