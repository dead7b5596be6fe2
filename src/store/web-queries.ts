// What the review web page needs beyond review.ts: reviewer accounts, the overview counts per
// unit and period, the values filters offer, and "the next open conflict after this one".
// Plain SQL against `Db` only, like the rest of the store.
import type { Db } from './db.js';
import { listConflicts, type ConflictFilter, type ConflictItem, type UnitPeriod } from './review.js';

export type Role = 'viewer' | 'reviewer' | 'admin';

export interface UserRow {
  id: number;
  name: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
}

const USER_COLUMNS = `id, name, role, password_hash AS "passwordHash", disabled, created_at AS "createdAt"`;

/** Adds a user, or replaces the role and password of an existing one (re-running `user add` resets a password). */
export async function upsertUser(db: Db, input: { name: string; role: Role; passwordHash: string }): Promise<{ user: UserRow; created: boolean }> {
  const { rows } = await db.query<UserRow & { created: boolean }>(
    `INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash, disabled = false
     RETURNING ${USER_COLUMNS}, (xmax = 0) AS created`,
    [input.name, input.role, input.passwordHash],
  );
  const { created, ...user } = rows[0]!;
  return { user, created };
}

export async function getUserByName(db: Db, name: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE name = $1`, [name]);
  return rows[0] ?? null;
}

export async function getUserById(db: Db, id: number): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY name`);
  return rows;
}

export async function setUserDisabled(db: Db, name: string, disabled: boolean): Promise<boolean> {
  const { rows } = await db.query<{ id: number }>('UPDATE users SET disabled = $2 WHERE name = $1 RETURNING id', [name, disabled]);
  return rows.length > 0;
}

export interface OverviewRow extends UnitPeriod {
  reports: number;
  open: number;
  openErrors: number;
  openWarnings: number;
  resolved: number;
}

/** Conflict counts grouped by unit and period, units with open errors first. */
export async function overviewCounts(db: Db): Promise<OverviewRow[]> {
  const { rows } = await db.query<OverviewRow>(
    `SELECT min(r.unit_kind) AS "unitKind", min(r.unit_name) AS "unitName", min(r.district) AS district, min(r.province) AS province,
       r.period_kind AS "periodKind", r.period_number AS "periodNumber", r.period_year AS "periodYear",
       count(DISTINCT r.id)::int AS reports,
       count(c.id) FILTER (WHERE c.status = 'open')::int AS open,
       count(c.id) FILTER (WHERE c.status = 'open' AND c.severity = 'error')::int AS "openErrors",
       count(c.id) FILTER (WHERE c.status = 'open' AND c.severity = 'warning')::int AS "openWarnings",
       count(c.id) FILTER (WHERE c.status = 'resolved')::int AS resolved
     FROM reports r LEFT JOIN conflicts c ON c.report_id = r.id
     GROUP BY COALESCE(r.unit_key, r.id::text), r.period_kind, r.period_number, r.period_year
     ORDER BY "openErrors" DESC, open DESC, "periodYear" DESC NULLS LAST, "periodNumber" DESC NULLS LAST, "unitName"`,
  );
  return rows;
}

export interface FilterChoices {
  rules: { rule: string; open: number }[];
  periods: { periodKind: string | null; periodNumber: number | null; periodYear: number | null }[];
  districts: string[];
}

/** What the queue's filter menus offer: only values that occur in the store. */
export async function filterChoices(db: Db): Promise<FilterChoices> {
  const rules = await db.query<{ rule: string; open: number }>(
    `SELECT rule, count(*) FILTER (WHERE status = 'open')::int AS open FROM conflicts GROUP BY rule ORDER BY rule`,
  );
  const periods = await db.query<FilterChoices['periods'][number]>(
    `SELECT DISTINCT period_kind AS "periodKind", period_number AS "periodNumber", period_year AS "periodYear" FROM reports
     ORDER BY "periodYear" DESC NULLS LAST, "periodKind", "periodNumber" DESC NULLS LAST`,
  );
  const districts = await db.query<{ district: string }>(
    `SELECT min(district) AS district FROM reports WHERE district IS NOT NULL GROUP BY district_key ORDER BY 1`,
  );
  return { rules: rules.rows, periods: periods.rows, districts: districts.rows.map((r) => r.district) };
}

/**
 * The open conflict a reviewer should see after `afterId`, in queue order (severity, then id) and
 * within the same filter; wraps around to the start, never returns `afterId` itself.
 */
export async function nextOpenConflict(db: Db, filter: ConflictFilter, afterId: number | null): Promise<ConflictItem | null> {
  const open = await listConflicts(db, { ...filter, status: 'open', limit: 10_000, offset: 0 });
  const candidates = open.filter((c) => c.id !== afterId);
  if (candidates.length === 0) return null;
  if (afterId === null) return candidates[0]!;
  const rank = (c: { severity: string }) => (c.severity === 'error' ? 0 : c.severity === 'warning' ? 1 : 2);
  const { rows } = await db.query<{ severity: string }>('SELECT severity FROM conflicts WHERE id = $1', [afterId]);
  const here = rows[0] ? rank(rows[0]) : -1;
  const later = candidates.find((c) => rank(c) > here || (rank(c) === here && c.id > afterId));
  return later ?? candidates[0]!;
}

