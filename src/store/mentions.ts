// The open facts of a stored report (every number its narrative states, with its scope), read
// from the stored record: they are not corrected field by field, so they need no rows of their own.
import { MentionSchema, type Mention } from '../../schemas/record.js';
import type { Db } from './db.js';

/** The report's open facts in document order; none for records stored before they were read. */
export async function listMentions(db: Db, reportId: number): Promise<Mention[]> {
  const { rows } = await db.query<{ m: unknown }>(
    `SELECT e.v AS m FROM reports r, jsonb_array_elements(COALESCE(r.record->'mentions', '[]'::jsonb)) WITH ORDINALITY AS e(v, n)
     WHERE r.id = $1 ORDER BY e.n`,
    [reportId],
  );
  return rows.flatMap((r) => {
    const m = MentionSchema.safeParse(r.m);
    return m.success ? [m.data] : [];
  });
}
