// Versions of one report: every file of a unit and period keeps its own report row; the group of
// the unit-period says which version stands (src/versions/standing.ts decides, the reasoning is
// stored), and a group of several versions is one review item. A reviewer's choice of version is
// an append-only row (revertible like a correction); a field picked from another version is a
// correction of the standing version. After any change of the standing version, the conflicts of
// what it touches are re-run: exports and the cross-report rules read the standing version only.
import { ReportRecordSchema, type ReportRecord } from '../../schemas/record.js';
import { chooseStanding, groupKey, versionMarks, type Standing, type VersionFacts } from '../versions/standing.js';
import { diffVersions, versionFields, type DiffRow } from '../versions/fields.js';
import { applyCorrection, CORRECTION_COLUMNS, StoreError, type CorrectionRow } from './corrections.js';
import { currentCorrections, refreshConflicts } from './conflicts.js';
import type { Db } from './db.js';

export interface PlacedVersion {
  groupId: number;
  standingId: number;
  /** How many versions the group now has. */
  versions: number;
}

interface GroupDecision {
  standing: Standing | null;
  before: number | null;
  versions: number;
}

const CURRENT_CHOICE = `SELECT c.id, c.report_id AS "reportId", c.author, c.reason FROM version_choices c
  WHERE c.group_id = $1 AND c.reverts IS NULL AND NOT EXISTS (SELECT 1 FROM version_choices x WHERE x.reverts = c.id)
  ORDER BY c.id DESC LIMIT 1`;

/**
 * Re-decides the standing version of a group from its versions and its current reviewer choice,
 * and stores the decision with its reason. `review`: what becomes of the group's review item
 * ('reopen' when a version joined, 'resolve' on a reviewer's choice, 'keep' otherwise); a group
 * of one version has none.
 */
async function decideGroup(tx: Db, groupId: number, review: 'reopen' | 'resolve' | 'keep'): Promise<GroupDecision> {
  const { rows: versions } = await tx.query<VersionFacts>(
    `SELECT r.id AS "reportId", to_char(r.report_date, 'YYYY-MM-DD') AS date, r.report_number AS number, r.signed, r.draft, r.scanned,
       s.format, COALESCE((SELECT p.path FROM source_paths p WHERE p.sha256 = r.source_sha256 ORDER BY p.last_seen DESC LIMIT 1), r.source_sha256) AS file
     FROM reports r JOIN sources s ON s.sha256 = r.source_sha256 WHERE r.group_id = $1`,
    [groupId],
  );
  const choice = (await tx.query<{ reportId: number; author: string; reason: string }>(CURRENT_CHOICE, [groupId])).rows[0] ?? null;
  const standing = chooseStanding(versions, choice);
  const { rows } = await tx.query<{ before: number | null }>(
    `WITH old AS (SELECT standing_report_id AS before FROM report_groups WHERE id = $1)
     UPDATE report_groups SET standing_report_id = $2, standing_how = $3, standing_reason = $4, versions = $5,
       review_status = CASE WHEN $5 < 2 THEN NULL
         WHEN $6 = 'reopen' THEN 'open' WHEN $6 = 'resolve' THEN 'resolved'
         ELSE COALESCE(review_status, 'open') END,
       updated_at = now()
     WHERE id = $1 RETURNING (SELECT before FROM old)`,
    [groupId, standing?.reportId ?? null, standing?.how ?? 'default', standing?.reason ?? '', versions.length, review],
  );
  return { standing, before: rows[0]?.before ?? null, versions: versions.length };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The group a report joins. Its unit key ends with the province (kind|name|district|province), and
 * one file of a report may name the province where another does not (it is in the header of one,
 * nowhere in the other): a report whose province is missing joins the one group of its unit,
 * district and period whatever its province, and a report with a province joins the group without
 * one — when there is exactly one such group; with none or several (two provinces with a district
 * of the same name), it keeps its own key.
 */
async function resolveGroupKey(tx: Db, key: string): Promise<string> {
  const m = /^([^|#]*\|[^|#]*\|[^|#]*\|)([^|#]*)(#.*)$/.exec(key);
  if (!m) return key;
  const [, unit, province, period] = m as unknown as [string, string, string, string];
  const { rows } = await tx.query<{ group_key: string }>(
    `SELECT group_key FROM report_groups WHERE group_key = $1
       OR ($2 = '' AND group_key LIKE $3 ESCAPE '\\')
       OR ($2 <> '' AND group_key = $4)
     ORDER BY group_key = $1 DESC LIMIT 10`,
    [key, province, `${likeEscape(unit)}%${likeEscape(period)}`, `${unit}${period}`],
  );
  if (rows[0]?.group_key === key) return key;
  // Candidates must still be of this unit and period: a LIKE's % could span a '|' or '#'.
  const fits = rows.filter((r) => r.group_key.startsWith(unit) && r.group_key.endsWith(period) && !/[|#]/.test(r.group_key.slice(unit.length, r.group_key.length - period.length)));
  return fits.length === 1 ? fits[0]!.group_key : key;
}

/**
 * Files a just-stored report under its unit-period group (inside the store's transaction, before
 * its conflicts run) and re-decides which version stands. The version that stood before, when it
 * no longer does, has its conflicts re-run so its cross-report conflicts close.
 */
export async function placeVersion(tx: Db, reportId: number, record: ReportRecord, unitKey: string | null, opts: { isNew: boolean }): Promise<PlacedVersion> {
  const marks = versionMarks(record);
  // The upsert locks the group's row: two workers storing versions of one report queue here.
  const { rows: g } = await tx.query<{ id: number }>(
    `INSERT INTO report_groups (group_key) VALUES ($1) ON CONFLICT (group_key) DO UPDATE SET updated_at = now() RETURNING id`,
    [await resolveGroupKey(tx, groupKey(unitKey, record))],
  );
  const groupId = g[0]!.id;
  const { rows: moved } = await tx.query<{ old: number | null }>(
    `UPDATE reports r SET group_id = $2, period_raw = $3, signed = $4, draft = $5, scanned = $6
     FROM (SELECT group_id AS old FROM reports WHERE id = $1) o WHERE r.id = $1 RETURNING o.old`,
    [reportId, groupId, record.report?.period?.raw ?? null, marks.signed, marks.draft, marks.scanned],
  );
  const oldGroup = moved[0]?.old ?? null;
  const joined = opts.isNew || oldGroup !== groupId;
  const decision = await decideGroup(tx, groupId, joined ? 'reopen' : 'keep');
  // A re-extraction that read another unit or period moves the report out of its old group.
  if (oldGroup !== null && oldGroup !== groupId) {
    const left = await decideGroup(tx, oldGroup, 'keep');
    await refreshChanged(tx, left, reportId);
  }
  await refreshChanged(tx, decision, reportId);
  return { groupId, standingId: decision.standing?.reportId ?? reportId, versions: decision.versions };
}

/** Re-runs the conflicts of the versions whose standing changed (except `skip`, which the caller runs). */
async function refreshChanged(tx: Db, d: GroupDecision, skip: number | null): Promise<number[]> {
  const now = d.standing?.reportId ?? null;
  if (now === d.before) return [];
  const touched = [d.before, now].filter((id): id is number => id !== null && id !== skip);
  for (const id of touched) await refreshConflicts(tx, id);
  return touched;
}

/**
 * Re-runs the conflicts of every standing report of the unit: after a reviewer changes which
 * version of one period stands, the other periods' cumulative and quarter-sum checks compare with
 * the new one.
 */
async function refreshUnit(tx: Db, groupId: number, skip: number[]): Promise<void> {
  const { rows } = await tx.query<{ id: number }>(
    `SELECT r.id FROM reports r JOIN report_groups g ON g.standing_report_id = r.id
     WHERE r.unit_key = (SELECT x.unit_key FROM reports x WHERE x.group_id = $1 LIMIT 1) AND r.unit_key IS NOT NULL AND r.group_id <> $1`,
    [groupId],
  );
  for (const r of rows) if (!skip.includes(r.id)) await refreshConflicts(tx, r.id);
}

export interface ChoiceRow {
  id: number;
  groupId: number;
  reportId: number;
  previousReportId: number | null;
  reason: string;
  author: string;
  createdAt: Date;
  reverts: number | null;
  revertedBy: number | null;
}

const CHOICE_COLUMNS = `c.id, c.group_id AS "groupId", c.report_id AS "reportId", c.previous_report_id AS "previousReportId",
  c.reason, c.author, c.created_at AS "createdAt", c.reverts, (SELECT x.id FROM version_choices x WHERE x.reverts = c.id) AS "revertedBy"`;

async function lockGroup(tx: Db, groupId: number): Promise<{ standing: number | null }> {
  const { rows } = await tx.query<{ standing: number | null }>('SELECT standing_report_id AS standing FROM report_groups WHERE id = $1 FOR UPDATE', [groupId]);
  if (!rows[0]) throw new StoreError('not_found', `report group ${groupId} not found`);
  return rows[0];
}

/** After the standing version of a group changed: its versions and the unit's other periods. */
async function afterChange(tx: Db, groupId: number, d: GroupDecision): Promise<void> {
  const touched = await refreshChanged(tx, d, null);
  await refreshUnit(tx, groupId, touched);
}

/** A reviewer chooses the version that stands (appended; the group's review item is resolved). */
export async function chooseVersion(db: Db, input: { groupId: number; reportId: number; author: string; reason: string }): Promise<ChoiceRow> {
  if (!input.author.trim()) throw new StoreError('invalid', 'a choice needs an author');
  if (!input.reason.trim()) throw new StoreError('invalid', 'a choice needs a reason');
  return db.transaction(async (tx) => {
    const group = await lockGroup(tx, input.groupId);
    const member = await tx.query('SELECT 1 FROM reports WHERE id = $1 AND group_id = $2', [input.reportId, input.groupId]);
    if (member.rows.length === 0) throw new StoreError('not_found', `report ${input.reportId} is not a version of group ${input.groupId}`);
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO version_choices (group_id, report_id, previous_report_id, reason, author) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.groupId, input.reportId, group.standing, input.reason.trim(), input.author.trim()],
    );
    await afterChange(tx, input.groupId, await decideGroup(tx, input.groupId, 'resolve'));
    return getChoice(tx, rows[0]!.id);
  });
}

/** Undoes a reviewer's choice by appending a revert row; the default choice (or an older choice) stands again. */
export async function revertVersionChoice(db: Db, input: { choiceId: number; author: string; reason: string }): Promise<ChoiceRow> {
  if (!input.reason.trim()) throw new StoreError('invalid', 'a revert needs a reason');
  return db.transaction(async (tx) => {
    const target = await getChoice(tx, input.choiceId);
    if (target.reverts !== null) throw new StoreError('invalid', `choice ${target.id} is itself a revert; choose a version instead`);
    if (target.revertedBy !== null) throw new StoreError('conflict', `choice ${target.id} was already reverted by ${target.revertedBy}`);
    const group = await lockGroup(tx, target.groupId);
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO version_choices (group_id, report_id, previous_report_id, reason, author, reverts) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [target.groupId, target.reportId, group.standing, input.reason.trim(), input.author.trim(), target.id],
    );
    // With no reviewer choice left the item is open again; an older choice still current keeps it resolved.
    const still = (await tx.query(CURRENT_CHOICE, [target.groupId])).rows.length > 0;
    await afterChange(tx, target.groupId, await decideGroup(tx, target.groupId, still ? 'resolve' : 'reopen'));
    return getChoice(tx, rows[0]!.id);
  });
}

async function getChoice(db: Db, id: number): Promise<ChoiceRow> {
  const { rows } = await db.query<ChoiceRow>(`SELECT ${CHOICE_COLUMNS} FROM version_choices c WHERE c.id = $1`, [id]);
  if (!rows[0]) throw new StoreError('not_found', `choice ${id} not found`);
  return rows[0];
}

/**
 * A reviewer takes one field's value from another version: a correction of the standing version,
 * audited and reverted like any correction.
 */
export async function pickField(
  db: Db,
  input: { groupId: number; fromReportId: number; key: string; author: string; reason: string },
): Promise<CorrectionRow> {
  return db.transaction(async (tx) => {
    const { standing } = await lockGroup(tx, input.groupId);
    if (standing === null) throw new StoreError('not_found', `group ${input.groupId} has no version`);
    const recs = await recordsOf(tx, input.groupId);
    const from = recs.find((r) => r.id === input.fromReportId);
    const target = recs.find((r) => r.id === standing)!;
    if (!from) throw new StoreError('not_found', `report ${input.fromReportId} is not a version of group ${input.groupId}`);
    const value = versionFields(from.record).get(input.key);
    const field = versionFields(target.record).get(input.key);
    if (!value) throw new StoreError('not_found', `version ${from.id} has no field ${input.key}`);
    if (!field) throw new StoreError('invalid', `the standing version has no field ${input.key}; choose that whole version instead`);
    const file = from.record.source.file.split(/[\\/]/).pop();
    const { correction } = await applyCorrection(tx, {
      reportId: standing,
      ref: field.ref,
      value: value.value,
      reason: `Lấy theo bản ${file}${input.reason.trim() ? `: ${input.reason.trim()}` : ''}`,
      author: input.author,
    });
    // Like any correction, it re-runs the standing version's own conflicts (applyCorrection does);
    // reverting it from the history does the same, so neither touches the other periods.
    return correction;
  });
}

async function recordsOf(db: Db, groupId: number): Promise<{ id: number; record: ReportRecord }[]> {
  const { rows } = await db.query<{ id: number; record: unknown }>('SELECT id, record FROM reports WHERE group_id = $1 ORDER BY id', [groupId]);
  return rows.map((r) => ({ id: r.id, record: ReportRecordSchema.parse(r.record) }));
}

export interface GroupItem {
  id: number;
  unitKind: string | null;
  unitName: string | null;
  district: string | null;
  periodRaw: string | null;
  periodKind: string | null;
  periodNumber: number | null;
  periodYear: number | null;
  versions: number;
  reviewStatus: 'open' | 'resolved';
  standingReportId: number;
  standingHow: 'default' | 'reviewer';
  standingReason: string;
}

const GROUP_COLUMNS = `g.id, r.unit_kind AS "unitKind", r.unit_name AS "unitName", r.district, r.period_raw AS "periodRaw",
  r.period_kind AS "periodKind", r.period_number AS "periodNumber", r.period_year AS "periodYear", g.versions,
  g.review_status AS "reviewStatus", g.standing_report_id AS "standingReportId", g.standing_how AS "standingHow",
  g.standing_reason AS "standingReason"`;

/** Review items: groups of several versions (open ones first). */
export async function listVersionGroups(db: Db, filter: { status?: 'open' | 'resolved'; limit?: number } = {}): Promise<GroupItem[]> {
  const { rows } = await db.query<GroupItem>(
    `SELECT ${GROUP_COLUMNS} FROM report_groups g JOIN reports r ON r.id = g.standing_report_id
     WHERE g.review_status IS NOT NULL AND ($1::text IS NULL OR g.review_status = $1)
     ORDER BY g.review_status = 'open' DESC, r.period_year DESC NULLS LAST, r.unit_name, g.id LIMIT $2`,
    [filter.status ?? null, filter.limit ?? 200],
  );
  return rows;
}

/** How many review items of versions there are (open ones by default). */
export async function countVersionItems(db: Db, status: 'open' | 'resolved' | 'all' = 'open'): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM report_groups WHERE review_status IS NOT NULL AND ($1 = 'all' OR review_status = $1)`,
    [status],
  );
  return rows[0]?.n ?? 0;
}

export interface VersionInfo {
  reportId: number;
  file: string;
  format: string | null;
  date: string | null;
  number: string | null;
  signer: string | null;
  signed: boolean;
  draft: boolean;
  scanned: boolean;
  standing: boolean;
  storedAt: Date;
}

export interface GroupDetail {
  group: GroupItem;
  versions: VersionInfo[];
  /** Fields that differ, one cell per version (in `versions` order). */
  diff: DiffRow[];
  /** Current (corrected) value of the standing version's fields that a reviewer changed, by comparison key. */
  standingCurrent: Map<string, unknown>;
  choices: ChoiceRow[];
  /** Corrections of the standing version (field picks among them). */
  corrections: CorrectionRow[];
}

/** The side-by-side view of one group, its choices and the standing version's corrections. */
export async function getVersionGroup(db: Db, groupId: number): Promise<GroupDetail> {
  const { rows } = await db.query<GroupItem>(`SELECT ${GROUP_COLUMNS} FROM report_groups g JOIN reports r ON r.id = g.standing_report_id WHERE g.id = $1`, [groupId]);
  const group = rows[0];
  if (!group) throw new StoreError('not_found', `report group ${groupId} not found`);
  const recs = await recordsOf(db, groupId);
  const { rows: stored } = await db.query<{ id: number; signed: boolean; draft: boolean; scanned: boolean; format: string | null; extracted_at: Date; path: string | null }>(
    `SELECT r.id, r.signed, r.draft, r.scanned, s.format, r.extracted_at,
       (SELECT p.path FROM source_paths p WHERE p.sha256 = r.source_sha256 ORDER BY p.last_seen DESC LIMIT 1) AS path
     FROM reports r JOIN sources s ON s.sha256 = r.source_sha256 WHERE r.group_id = $1`,
    [groupId],
  );
  const byId = new Map(stored.map((s) => [s.id, s]));
  // The standing version first, then the others newest-dated first.
  recs.sort((a, b) => Number(b.id === group.standingReportId) - Number(a.id === group.standingReportId) || (b.record.report?.date ?? '').localeCompare(a.record.report?.date ?? '') || b.id - a.id);
  const versions: VersionInfo[] = recs.map(({ id, record }) => {
    const s = byId.get(id)!;
    return {
      reportId: id,
      file: s.path ?? record.source.file,
      format: s.format,
      date: record.report?.date ?? null,
      number: record.report?.number ?? null,
      signer: record.report?.signer?.name ?? null,
      signed: s.signed,
      draft: s.draft,
      scanned: s.scanned,
      standing: id === group.standingReportId,
      storedAt: s.extracted_at,
    };
  });
  const diff = diffVersions(recs.map((r) => r.record));
  const current = await currentCorrections(db, group.standingReportId);
  const standingFields = versionFields(recs[0]!.record);
  const standingCurrent = new Map<string, unknown>();
  for (const [key, f] of standingFields) if (current.has(f.ref)) standingCurrent.set(key, current.get(f.ref));
  const { rows: choices } = await db.query<ChoiceRow>(`SELECT ${CHOICE_COLUMNS} FROM version_choices c WHERE c.group_id = $1 ORDER BY c.id DESC`, [groupId]);
  const { rows: corrections } = await db.query<CorrectionRow>(
    `SELECT ${CORRECTION_COLUMNS} FROM corrections c WHERE c.report_id = $1 ORDER BY c.id DESC`,
    [group.standingReportId],
  );
  return { group, versions, diff, standingCurrent, choices, corrections };
}

/** The group of a report (for a link from the report's page). */
export async function groupOfReport(db: Db, reportId: number): Promise<{ groupId: number; versions: number; standing: boolean } | null> {
  const { rows } = await db.query<{ groupId: number; versions: number; standing: boolean }>(
    `SELECT g.id AS "groupId", g.versions, g.standing_report_id = r.id AS standing FROM reports r JOIN report_groups g ON g.id = r.group_id WHERE r.id = $1`,
    [reportId],
  );
  return rows[0] ?? null;
}
