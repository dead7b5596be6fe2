// Figures across the unit's reports of different periods: running totals that fall, and yearly
// (half-year, nine-month) figures that are not the sum of their quarters.
import { CATALOGUE } from '../../../schemas/catalogue.js';
import type { Conflict, ReportRecord } from '../../../schemas/record.js';
import { fmt, indicatorName, makeConflict } from '../conflict.js';
import { periodRange, quartersOf } from '../period.js';
import { num } from '../record-index.js';
import type { CrossRule } from '../types.js';
import { peers, periodRowEvidence, periodRowRef, rowByKey } from './common.js';

/**
 * The catalogue keys these rules read of the unit's other reports: the store reads only those rows
 * of them (src/store/cross-index.ts), not whole records.
 */
export const CROSS_FIGURE_KEYS: readonly string[] = CATALOGUE.filter(
  (d) => d.aggregation === 'cumulative' || d.aggregation === 'cumulative_year' || d.aggregation === 'additive',
).map((d) => d.key);

const endOf = (r: ReportRecord) => (r.report?.period ? periodRange(r.report.period)?.end ?? null : null);
const yearOf = (r: ReportRecord) => r.report?.period?.year ?? null;

export const cumulativeDecreased: CrossRule = {
  id: 'cumulative_decreased',
  scope: 'cross',
  severity: 'warning',
  template: '{row} là số lũy kế nhưng giảm từ {before} ({beforePeriod}) xuống {after} ({afterPeriod}).',
  description:
    'A cumulative ("lũy kế") figure falls from one report to the next of the same unit (within the year for figures cumulated since 1 January). Compares the record with the nearest earlier and the nearest later report that have the figure.',
  check({ record, others }) {
    const out: Conflict[] = [];
    const end = endOf(record);
    if (!end) return out;
    const pool = peers(record, others).filter((o) => endOf(o) !== null && endOf(o) !== end);
    for (const def of CATALOGUE) {
      if (def.aggregation !== 'cumulative' && def.aggregation !== 'cumulative_year') continue;
      const mine = rowByKey(record, def.key);
      if (num(mine) === null) continue;
      const comparable = pool
        .filter((o) => def.aggregation === 'cumulative' || yearOf(o) === yearOf(record))
        .filter((o) => num(rowByKey(o, def.key)) !== null)
        .sort((a, b) => endOf(a)!.localeCompare(endOf(b)!));
      const before = comparable.filter((o) => endOf(o)! < end).at(-1);
      const after = comparable.find((o) => endOf(o)! > end);
      const pairs: [ReportRecord, ReportRecord][] = [];
      if (before) pairs.push([before, record]);
      if (after) pairs.push([record, after]);
      for (const [a, b] of pairs) {
        const ia = rowByKey(a, def.key)!;
        const ib = rowByKey(b, def.key)!;
        if (num(ib)! >= num(ia)!) continue;
        out.push(
          makeConflict(this, {
            refs: [periodRowRef(a, ia), periodRowRef(b, ib)],
            values: [num(ia), num(ib)],
            evidence: [periodRowEvidence(a, ia), periodRowEvidence(b, ib)],
            vars: {
              row: indicatorName(ib),
              before: num(ia)!,
              beforePeriod: a.report!.period!.raw,
              after: num(ib)!,
              afterPeriod: b.report!.period!.raw,
            },
          }),
        );
      }
    }
    return out;
  },
};

export const periodNotSumOfQuarters: CrossRule = {
  id: 'period_not_sum_of_quarters',
  scope: 'cross',
  severity: 'warning',
  template: '{row} của {period} ghi {total} nhưng tổng các quý ({quarters}) là {sum}.',
  description:
    'For figures the catalogue marks additive (a flow in the period), a year (or half-year, nine-month) report differs from the sum of the same unit\'s quarterly reports of that year, when all of those quarters are stored. Suggests the sum.',
  check({ record, others }) {
    const out: Conflict[] = [];
    const all = [record, ...peers(record, others)];
    const year = yearOf(record);
    if (year === null) return out;
    const quarter = (q: number) => {
      const found = all.filter((r) => r.report?.period?.kind === 'quarter' && r.report.period.number === q && yearOf(r) === year);
      // The store passes one version per period (the standing one); should two reach here, summing would guess.
      return found.length === 1 ? found[0]! : undefined;
    };
    // Either the record is the aggregate, or it is one of the quarters of a stored aggregate.
    const aggregates = all.filter((r) => {
      const qs = r.report?.period ? quartersOf(r.report.period) : null;
      if (!qs || qs.length < 2 || yearOf(r) !== year) return false;
      return r === record || (record.report?.period?.kind === 'quarter' && qs.includes(record.report.period.number ?? 0));
    });
    for (const agg of aggregates) {
      const qs = quartersOf(agg.report!.period!)!;
      const quarters = qs.map(quarter);
      if (quarters.some((q) => q === undefined)) continue;
      for (const def of CATALOGUE) {
        if (def.aggregation !== 'additive') continue;
        const total = rowByKey(agg, def.key);
        const rows = quarters.map((q) => rowByKey(q!, def.key));
        if (num(total) === null || rows.some((r) => num(r) === null)) continue;
        const sum = rows.reduce((s, r) => s + num(r)!, 0);
        if (Math.abs(sum - num(total)!) < 1e-6) continue;
        out.push(
          makeConflict(this, {
            refs: [periodRowRef(agg, total!), ...rows.map((r, i) => periodRowRef(quarters[i]!, r!))],
            values: [num(total), ...rows.map(num)],
            evidence: [periodRowEvidence(agg, total!), ...rows.map((r, i) => periodRowEvidence(quarters[i]!, r!))],
            vars: {
              row: indicatorName(total!),
              period: agg.report!.period!.raw,
              total: num(total)!,
              quarters: rows.map((r, i) => `Q${qs[i]}: ${fmt(num(r)!)}`).join(', '),
              sum,
            },
            suggestion: { ref: periodRowRef(agg, total!), value: sum, why: `Tổng số liệu các quý ${qs.join(', ')} năm ${year}` },
          }),
        );
      }
    }
    return out;
  },
};
