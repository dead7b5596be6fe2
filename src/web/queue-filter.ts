// The queue's filters as they travel in URLs: parsed from a query string into a store filter plus
// the "difference from the suggestion" limit used for bulk decisions, and written back to a query
// string so a reviewer returns to the same queue after each decision. Pure functions.
import { parsePeriodCode } from '../export/period.js';
import { parseVietnameseNumber } from '../normalise/number.js';
import type { ConflictFilter, ConflictItem } from '../store/review.js';

export interface QueueQuery {
  unit: string;
  district: string;
  period: string;
  rule: string;
  severity: string;
  status: string;
  /** Only conflicts whose printed value is within this of the suggestion ("0,1" = a tenth of a point). */
  maxDiff: string;
  report: string;
}

export const QUEUE_KEYS: (keyof QueueQuery)[] = ['unit', 'district', 'period', 'rule', 'severity', 'status', 'maxDiff', 'report'];

export interface ParsedQueue {
  query: QueueQuery;
  filter: ConflictFilter;
  maxDiff: number | null;
  problems: string[];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.normalize('NFC').trim().slice(0, 200) : '';
}

/** The unit / district / period part every list page filters by; a bad period adds a problem. */
export function unitPeriodFilter(
  query: { unit: string; district: string; period: string },
  problems: string[],
): Pick<ConflictFilter, 'unit' | 'district' | 'periodKind' | 'periodNumber' | 'periodYear'> {
  const filter: Pick<ConflictFilter, 'unit' | 'district' | 'periodKind' | 'periodNumber' | 'periodYear'> = {};
  if (query.unit) filter.unit = query.unit;
  if (query.district) filter.district = query.district;
  if (query.period) {
    const p = parsePeriodCode(query.period);
    if (p) Object.assign(filter, p);
    else problems.push(`Kỳ "${query.period}" không hợp lệ (ví dụ 2023-Q3, 2023-H1, 2023).`);
  }
  return filter;
}

export function parseQueueQuery(q: Record<string, unknown>): ParsedQueue {
  const query = Object.fromEntries(QUEUE_KEYS.map((k) => [k, str(q[k])])) as unknown as QueueQuery;
  if (!q.status && q.status !== '') query.status = 'open';
  const problems: string[] = [];
  const filter: ConflictFilter = unitPeriodFilter(query, problems);
  if (query.rule) filter.rule = query.rule;
  if (query.severity === 'error' || query.severity === 'warning' || query.severity === 'info') filter.severity = query.severity;
  if (query.status === 'open' || query.status === 'resolved') filter.status = query.status;
  if (/^\d+$/.test(query.report)) filter.reportId = Number(query.report);
  let maxDiff: number | null = null;
  if (query.maxDiff) {
    const n = parseVietnameseNumber(query.maxDiff);
    if (n.kind === 'number' && n.value !== null && n.value >= 0) maxDiff = n.value;
    else problems.push(`Chênh lệch "${query.maxDiff}" không phải là số (ví dụ 0,1).`);
  }
  return { query, filter, maxDiff, problems };
}

/** The query string of a queue (without empty keys), for links and redirects. */
export function queueQueryString(query: Partial<QueueQuery>): string {
  const p = new URLSearchParams();
  for (const k of QUEUE_KEYS) {
    const v = query[k];
    if (v) p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * How far the printed value is from the rule's suggestion, for numeric suggestions on a field the
 * conflict names (e.g. a rate printed 99,6 whose parts give 99,61: 0,01); null otherwise.
 */
export function suggestionDiff(c: Pick<ConflictItem, 'refs' | 'values' | 'suggestion'>): number | null {
  const s = c.suggestion;
  if (!s || typeof s.value !== 'number') return null;
  const i = c.refs.indexOf(s.ref);
  const printed = i < 0 ? undefined : c.values[i];
  if (typeof printed !== 'number') return null;
  return Math.round(Math.abs(printed - s.value) * 1e6) / 1e6;
}

/** Applies the difference limit (strictly below it, as in "off by less than 0,1 point"). */
export function withinDiff<T extends Pick<ConflictItem, 'refs' | 'values' | 'suggestion'>>(items: T[], maxDiff: number | null): T[] {
  if (maxDiff === null) return items;
  return items.filter((c) => {
    const d = suggestionDiff(c);
    return d !== null && d < maxDiff;
  });
}
