// Search over every stored report's open facts (record.mentions) for reviewers: words matched
// without accents or case, optionally one report unit, period and unit noun. The facts stay in
// the stored record (no rows of their own), so the search reads the jsonb on PGlite and
// PostgreSQL alike; records stored before open facts were read simply have none.
import { MentionSchema, type Mention } from '../../schemas/record.js';
import { fold } from '../text/fold.js';
import type { Db } from './db.js';
import type { ReportFilter, UnitPeriod } from './review.js';

export interface MentionQuery extends ReportFilter {
  /** Words that must all occur (accents and case ignored) in the measure, the sentence, the unit or the printed number. */
  words?: string;
  /** The unit noun ("hồ sơ"), accents and case ignored, whole. */
  unitNoun?: string;
  limit?: number;
}

export interface MentionHit extends UnitPeriod {
  reportId: number;
  mention: Mention;
}

// SQL has no fold(): PostgreSQL's unaccent is an extension PGlite lacks, and lower() of non-ASCII
// letters depends on the database's locale. translate() is in both, so fold()'s own letter-for-letter
// mapping is tabulated here (from fold itself, so the two cannot disagree) for the Latin letters
// Vietnamese uses (with A–Z, so no lower() is needed). Stored text is already clean() (NFC, one space).
const FOLD_FROM: string[] = [];
const FOLD_TO: string[] = [];
for (const [lo, hi] of [
  [0x41, 0x5a],
  [0xc0, 0x24f],
  [0x1e00, 0x1eff],
] as const) {
  for (let c = lo; c <= hi; c++) {
    const ch = String.fromCharCode(c);
    const f = fold(ch);
    if (f.length === 1 && f !== ch) {
      FOLD_FROM.push(ch);
      FOLD_TO.push(f);
    }
  }
}
const FROM = FOLD_FROM.join('');
const TO = FOLD_TO.join('');

/** LIKE pattern for a folded word: its own %, _ and \ matched literally. */
function likeOf(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The folded words of a query ("Trực  tuyến" → ["truc", "tuyen"]); none for blank input. */
export function queryWords(words: string): string[] {
  const f = fold(words);
  return f ? [...new Set(f.split(' '))].slice(0, 10) : [];
}

/**
 * Open facts of all stored reports matching the query, newest period first, in document order
 * within a report; at most `limit` (default 200).
 */
export async function searchMentions(db: Db, q: MentionQuery): Promise<MentionHit[]> {
  const params: unknown[] = [FROM, TO];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const folded = (expr: string) => `translate(${expr}, $1, $2)`;
  const where: string[] = [];
  const hay = folded(`concat_ws(' ', e.v->>'measure', e.v->>'unit', e.v->>'raw', e.v->>'sentence')`);
  for (const w of queryWords(q.words ?? '')) where.push(`${hay} LIKE ${p(likeOf(w))}`);
  if (q.unitNoun?.trim()) where.push(`${folded(`coalesce(e.v->>'unit', '')`)} = ${p(fold(q.unitNoun))}`);
  if (q.unit) where.push(`r.unit_name_key LIKE ${p(likeOf(fold(q.unit)))}`);
  if (q.district) where.push(`r.district_key LIKE ${p(likeOf(fold(q.district)))}`);
  if (q.province) where.push(`r.province_key LIKE ${p(likeOf(fold(q.province)))}`);
  if (q.periodYear !== undefined) where.push(`r.period_year = ${p(q.periodYear)}`);
  if (q.periodKind) where.push(`r.period_kind = ${p(q.periodKind)}`);
  if (q.periodNumber !== undefined) where.push(`r.period_number = ${p(q.periodNumber)}`);
  const limit = p(q.limit ?? 200);
  const { rows } = await db.query<UnitPeriod & { reportId: number; m: unknown }>(
    `SELECT r.id AS "reportId", r.unit_kind AS "unitKind", r.unit_name AS "unitName", r.district, r.province,
       r.period_kind AS "periodKind", r.period_number AS "periodNumber", r.period_year AS "periodYear", e.v AS m
     FROM reports r, jsonb_array_elements(COALESCE(r.record->'mentions', '[]'::jsonb)) WITH ORDINALITY AS e(v, n)
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY r.period_year DESC NULLS LAST, r.period_number DESC NULLS LAST, r.unit_name_key, r.id, e.n
     LIMIT ${limit}`,
    params,
  );
  return rows.flatMap(({ m, ...r }) => {
    const parsed = MentionSchema.safeParse(m);
    return parsed.success ? [{ ...r, mention: parsed.data }] : [];
  });
}
