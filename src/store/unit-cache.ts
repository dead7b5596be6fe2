// The other reports of a unit as the cross-report rules read them, kept in this process so storing
// a report does not read back, JSON-parse and re-validate every earlier report of its unit (~4 ms
// each on PGlite, up to 40 per store). An entry is keyed by the report's row and its row version
// (PostgreSQL's xmin: every write of a row makes a new version with the writing transaction's id),
// so a report re-stored by another process, or by a transaction that rolled back, is never served
// stale: its version no longer matches and it is read again.
import { ReportRecordSchema, type ReportRecord } from '../../schemas/record.js';
import type { Db } from './db.js';

/**
 * What the cross-report rules (src/rules/cross) read of another report: its source, metadata,
 * indicators and facts. Narrative, citations, conflicts, warnings and page info are left out
 * (empty) — they are most of the rest of a record and those rules never look at them;
 * test/store.cross-view.test.ts checks the rules find the same with full records.
 */
const CrossViewSchema = ReportRecordSchema.omit({ narrative: true, citations: true, conflicts: true, warnings: true, pageInfo: true });

/** A stored record cut to what the cross-report rules read of it (shares its arrays). */
export function crossView(record: ReportRecord): ReportRecord {
  return { ...record, narrative: [], citations: [], conflicts: [], warnings: [], pageInfo: [] };
}

/**
 * Validates a stored record's cross view: the parts left out are neither validated nor kept (reading
 * the whole record costs PostgreSQL less than cutting it there).
 */
export function parseCrossView(json: unknown): ReportRecord {
  return { ...CrossViewSchema.parse(json), narrative: [], citations: [], conflicts: [], warnings: [], pageInfo: [] };
}

/**
 * Records kept per database. An entry is ~110 KB of heap for a seed-sized report; 64 hold a unit's
 * 40 newest reports (all the rules get) with room for the units imported around it, ~7 MB.
 */
export const UNIT_CACHE_SIZE = 64;

interface Entry {
  version: string;
  record: ReportRecord;
}

const caches = new WeakMap<object, Map<number, Entry>>();

function cacheOf(db: Db): Map<number, Entry> {
  let c = caches.get(db.scope);
  if (!c) caches.set(db.scope, (c = new Map()));
  return c;
}

/** The cross view of report `id` at row version `version`, if this process has it. */
export function cachedView(db: Db, id: number, version: string): ReportRecord | undefined {
  const c = cacheOf(db);
  const e = c.get(id);
  if (!e || e.version !== version) return undefined;
  // Most recently used last: eviction takes the first.
  c.delete(id);
  c.set(id, e);
  return e.record;
}

export function rememberView(db: Db, id: number, version: string, record: ReportRecord): void {
  const c = cacheOf(db);
  c.delete(id);
  c.set(id, { version, record });
  while (c.size > UNIT_CACHE_SIZE) c.delete(c.keys().next().value!);
}
