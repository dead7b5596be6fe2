// Cited documents: every "Kế hoạch / Quyết định / Công văn / Thông tư / Nghị định / Chỉ thị /
// Nghị quyết / Thông báo / Báo cáo … số …" of the narrative, one Citation per mention (a plan
// cited twice with two different dates gives two citations; a conflict rule compares them).
//
// Decisions:
// - Issuer only where stated: "… của UBND huyện Tứ Kỳ", "UBND xã đã ban hành Kế hoạch số …";
//   otherwise only national issuer codes that name one body ("TT-BTC" → Bộ Tài chính,
//   "NĐ-CP" → Chính phủ). "UBND xã" / "UBND huyện" without a name means the report's own unit
//   (or its district) and is completed from the report metadata.
// - Date after the number ("số 12/KH-UBND ngày 28/02/2023"), else a date that opens the same
//   clause ("Ngày 28/2/2023 UBND xã đã ban hành Kế hoạch số 12/KH-UBND").
// - identity = number key (leading zeros dropped) | year (date, else the number's own year) |
//   issuer (stated, or the only issuer stated for the same number and year elsewhere).
import type { DocumentModel, Message } from '../../schemas/document.js';
import type { Citation, ReportMeta } from '../../schemas/record.js';
import { result, warning, type Result } from '../result.js';
import { clean, fold } from '../text/fold.js';
import { findDatesInFolded, type DateMention } from '../normalise/date.js';
import { DOC_NUMBER_FOLDED, docNumberKey, issuerFromSuffix, normaliseDocNumber } from '../normalise/doc-number.js';
import { extractMetadata } from './metadata.js';
import { narrativeSentences, spanProv, tidy, type Sentence } from './sentences.js';
import { execAll } from '../text/regex.js';

// Folded document type → how it is written.
const DOC_TYPES: Array<[string, string]> = [
  ['thong tu lien tich', 'Thông tư liên tịch'],
  ['ke hoach', 'Kế hoạch'],
  ['quyet dinh', 'Quyết định'],
  ['cong van', 'Công văn'],
  ['thong tu', 'Thông tư'],
  ['nghi dinh', 'Nghị định'],
  ['chi thi', 'Chỉ thị'],
  ['nghi quyet', 'Nghị quyết'],
  ['thong bao', 'Thông báo'],
  ['bao cao', 'Báo cáo'],
  ['huong dan', 'Hướng dẫn'],
  ['to trinh', 'Tờ trình'],
  ['van ban', 'Văn bản'],
  ['chuong trinh', 'Chương trình'],
  ['ket luan', 'Kết luận'],
  ['luat', 'Luật'],
];
const TYPE_ALT = DOC_TYPES.map(([t]) => t.replace(/ /g, '\\s+')).join('|');
const CITATION_RE = new RegExp(String.raw`(?<![a-z])(${TYPE_ALT})\s*(?:so\s*[:.]?\s*)?(${DOC_NUMBER_FOLDED})`, 'g');

// Bodies that issue documents, as the folded start of an issuer phrase.
const ISSUER_HEAD = String.raw`(?:ubnd|uy\s+ban\s+nhan\s+dan|hdnd|hoi\s+dong\s+nhan\s+dan|chu\s+tich\s+ubnd|dang\s+uy|huyen\s+uy|tinh\s+uy|thuong\s+truc\s+\S+|ban\s+thuong\s+vu\s+\S+|bo\s+\S+|so\s+\S+|phong\s+\S+|van\s+phong\s+\S+|chinh\s+phu|thu\s+tuong(?:\s+chinh\s+phu)?|quoc\s+hoi)`;
// Where an issuer phrase stops: a verb or preposition that starts the subject, or punctuation.
const ISSUER_STOP = /\s(?:ve|v\/v|huong dan|quy dinh|ban hanh|thuc hien|trien khai|nam \d{4}|ngay|nham|de|giai doan|theo|voi)\b|[,;.(:“"]/;
const UNIT_WORD = /^(ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)\s+(xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh)$/;

export interface CitationOptions {
  /**
   * Report metadata, to complete "UBND xã" with the unit's name. When not given it is extracted,
   * and only if some issuer needs completing.
   */
  meta?: UnitMeta;
  /** narrativeSentences(doc), when the caller has them already (the facts read the same ones). */
  sentences?: Sentence[];
}

type UnitMeta = Pick<ReportMeta, 'unitKind' | 'unitName' | 'district' | 'province'>;


export function extractCitations(doc: DocumentModel, options: CitationOptions = {}): Result<Citation[]> {
  let meta = options.meta;
  const getMeta = (): UnitMeta => (meta ??= extractMetadata(doc).value);
  const messages: Message[] = [];
  const found: Array<{ citation: Citation }> = [];
  for (const s of options.sentences ?? narrativeSentences(doc)) {
    const matches = execAll(CITATION_RE, s.folded);
    if (matches.length === 0) continue;
    const dates = findDatesInFolded(s.folded);
    matches.forEach((m, i) => {
      const next = matches[i + 1];
      const f = citationAt(s, m, next?.index ?? null, dates, getMeta, messages);
      if (f) found.push(f);
    });
  }
  // Complete identities: a mention without an issuer takes the one issuer stated for the same
  // number and year in another mention.
  const issuers = new Map<string, Set<string>>();
  for (const f of found) {
    if (!f.citation.issuer) continue;
    const k = groupKey(f.citation);
    if (!issuers.has(k)) issuers.set(k, new Set());
    issuers.get(k)!.add(f.citation.issuer);
  }
  for (const f of found) {
    if (f.citation.issuer) continue;
    const set = issuers.get(groupKey(f.citation));
    if (set && set.size === 1) f.citation.identity = identity(f.citation, [...set][0]!);
  }
  return result(
    found.map((f) => f.citation),
    messages,
  );
}

function groupKey(c: Citation): string {
  const n = normaliseDocNumber(c.number);
  return `${n ? docNumberKey(n) : c.number}|${c.year ?? ''}`;
}

function identity(c: Pick<Citation, 'number' | 'year'>, issuer: string | null): string {
  const n = normaliseDocNumber(c.number);
  return `${n ? docNumberKey(n) : c.number}|${c.year ?? ''}|${issuer ? canonicalIssuer(issuer) : ''}`;
}

/** "Ủy ban nhân dân huyện Tứ Kỳ" and "UBND huyện Tứ Kỳ" are one issuer. */
function canonicalIssuer(issuer: string): string {
  return clean(issuer.replace(/^(?:Ủy|Uỷ|ỦY|UỶ)\s+(?:ban|BAN)\s+(?:nhân|NHÂN)\s+(?:dân|DÂN)/u, 'UBND'));
}

function citationAt(
  s: Sentence,
  m: RegExpMatchArray,
  nextStart: number | null,
  dates: DateMention[],
  getMeta: () => UnitMeta,
  messages: Message[],
): { citation: Citation } | null {
  const start = m.index!;
  const numStart = start + m[0].length - m[2]!.length;
  let pos = start + m[0].length;
  const rawNumber = tidy(s.text.slice(numStart, pos));
  const n = normaliseDocNumber(rawNumber);
  if (!n) {
    messages.push(warning('citation.number_unreadable', `Không đọc được số văn bản "${rawNumber}"`, spanProv(s, numStart, pos)));
    return null;
  }
  const typeFolded = m[1]!.replace(/\s+/g, ' ');
  const docType = DOC_TYPES.find(([t]) => t === typeFolded)![1];
  const clauseStart = Math.max(0, s.folded.lastIndexOf(';', start) + 1);
  // A citation that opens its sentence ("- Kế hoạch số …", "Căn cứ …", "Ngày …, UBND xã ban
  // hành …") owns the whole sentence: a ';' then separates parts of its subject, not clauses.
  const leading = LEADING.test(s.folded.slice(clauseStart, start));
  const limit = clauseEnd(s, pos, nextStart, leading);

  // Date: right after the number, else opening the same clause.
  let date: DateMention | undefined = dates.find(
    (d) => d.start >= pos && d.end <= limit && /^\s*[,(]?\s*(?:ban hanh\s*,?\s*)?(?:ngay\s*)?$/.test(s.folded.slice(pos, d.start)),
  );
  let rawStart = start;
  if (date) pos = date.end;
  else {
    date = dates.find((d) => d.end <= start && d.start >= clauseStart && /^\s*(?:ngay\s*)?$/.test(s.folded.slice(clauseStart, d.start)));
    if (date) rawStart = clauseStart + (/^\s*/.exec(s.folded.slice(clauseStart))?.[0].length ?? 0);
  }
  if (date && !date.iso && date.problem !== 'no_year') {
    messages.push(warning('citation.date_invalid', `Ngày văn bản không hợp lệ: "${tidy(s.text.slice(date.start, date.end))}"`, spanProv(s, date.start, date.end)));
  }

  // Issuer: "… của <issuer>" after the number/date, or "<issuer> (đã) ban hành <type> số …" before.
  let issuer: string | null = null;
  const cua = new RegExp(String.raw`^\s*,?\s*(?:cua|do)\s+(?=${ISSUER_HEAD})`).exec(s.folded.slice(pos, limit));
  if (cua) {
    const from = pos + cua[0].length;
    const stop = ISSUER_STOP.exec(s.folded.slice(from, limit));
    const to = stop ? from + stop.index : limit;
    issuer = tidy(s.text.slice(from, Math.min(to, from + 80))) || null;
    if (issuer) pos = to;
  } else {
    const before = s.folded.slice(date && rawStart < start ? date.end : clauseStart, start);
    const by = new RegExp(String.raw`(${ISSUER_HEAD}(?:\s+(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh))?(?:\s+[^\s,;.]+){0,3}?)\s+(?:da\s+)?(?:ban\s+hanh|xay\s+dung|trien\s+khai)\s*$`).exec(before);
    if (by) {
      const off = start - before.length + by.index!;
      issuer = tidy(s.text.slice(off, off + by[1]!.length)) || null;
    }
  }
  if (issuer) issuer = completeIssuer(issuer, getMeta);
  if (!issuer) issuer = issuerFromSuffix(n.suffix);

  // Subject: what is left of the clause, without a leading "về (việc)".
  const subjectText = tidy(s.text.slice(pos, limit))
    .replace(/^[\s,:;–-]+/, '')
    .replace(/^(?:về\s+việc|về|v\/v)\s+/iu, '')
    .replace(/[\s,.;:]+$/, '')
    .replace(/\.\/\.?$/, '');
  const subject = subjectText === '' ? null : subjectText;

  const year = date?.year ?? n.year ?? null;
  const citation: Citation = {
    docType,
    number: n.number,
    rawNumber,
    issuer,
    date: date?.iso ?? null,
    year,
    subject,
    identity: '',
    raw: tidy(s.text.slice(rawStart, limit)).replace(/[\s,;]+$/, ''),
    provenance: spanProv(s, rawStart, trimEnd(s, limit)),
  };
  citation.identity = identity(citation, issuer);
  return { citation };
}

const LEADING = /^\s*(?:[-+•]\s*)?(?:(?:can cu|thuc hien|theo)\s+)?(?:ngay\s*[\d/.-]+\s*,?\s*)?(?:[^,;]{0,60}?(?:ban hanh|xay dung)\s*)?$/;
// Words that open a new clause after ';' even in a leading citation's sentence.
const NEW_CLAUSE = /^\s*(?:\p{Lu}|can cu|thuc hien|dong thoi)/u;

/** End of a citation's clause: ';', the sentence end, or the next citation of a list. */
function clauseEnd(s: Sentence, from: number, nextStart: number | null, leading: boolean): number {
  let end = s.folded.length;
  let semi = s.folded.indexOf(';', from);
  // In a leading citation, skip ';' followed by a lower-case continuation of the subject.
  while (leading && semi >= 0 && (nextStart === null || semi < nextStart) && !NEW_CLAUSE.test(s.text.slice(semi + 1)) && !NEW_CLAUSE.test(s.folded.slice(semi + 1))) {
    semi = s.folded.indexOf(';', semi + 1);
  }
  if (semi >= 0) end = semi;
  // A next citation joined by ',' or 'và' starts a new item; one inside the subject
  // ("hướng dẫn thực hiện Nghị định số …") belongs to it.
  if (nextStart !== null && nextStart < end && /(?:,|\bva)\s*$/.test(s.folded.slice(from, nextStart))) end = nextStart;
  return end;
}

function trimEnd(s: Sentence, end: number): number {
  while (end > 0 && /[\s,;.]/.test(s.text[end - 1]!)) end--;
  return end;
}

/** "UBND xã" (no name) is the report's own unit; "UBND huyện" its district. */
function completeIssuer(issuer: string, getMeta: () => UnitMeta): string {
  const m = UNIT_WORD.exec(fold(issuer));
  if (!m) return issuer;
  const meta = getMeta();
  const word = m[2]!;
  const kind = fold(meta.unitKind ?? '');
  if (kind === word && meta.unitName) return `${issuer} ${meta.unitName}`;
  if (['huyen', 'quan', 'thi xa', 'thanh pho'].includes(word) && meta.district) return `${issuer} ${meta.district}`;
  if (word === 'tinh' && meta.province) return `${issuer} ${meta.province}`;
  return issuer;
}
