// The pass/fail bar of `npm run eval` and test/eval.corpus.test.ts. The targets are ≥ 0.99 for
// indicators and facts on every format; where a number below is lower, it is what the pipeline
// achieves *today* on the committed corpus (measured, see docs/measurements.md) so a regression
// fails, and it is to be raised as the extractors improve, never lowered to make a run pass.
import type { Family } from './run.js';

export interface Bar {
  precision: number;
  recall: number;
}

export interface Thresholds {
  /** Applied to every format unless overridden. */
  families: Record<Family, Bar>;
  /** Per-format exceptions, with the reason in a comment. */
  formats: Partial<Record<string, Partial<Record<Family, Bar>>>>;
  /** Over all planted conflicts of mapped kinds. */
  conflictRecall: number;
  /** Over the extracted conflicts of mapped rules (side effects of a planted conflict excluded). */
  conflictPrecision: number;
  /** `error` conflicts allowed on reports with nothing planted. */
  maxCleanErrors: number;
  /** Files the pipeline may fail to read. */
  maxFailedFiles: number;
}

export const THRESHOLDS: Thresholds = {
  families: {
    // Appendix tables: every format reads every value of the committed corpus (1.000 / 1.000).
    indicators: { precision: 0.99, recall: 0.99 },
    // Target 0.99 / 0.99. Measured 2026-11-28 on fixtures/corpus: precision 0.978–0.989, recall
    // 0.893–0.936 depending on format. The misses are phrasings the fact rules do not know yet
    // ("tỷ lệ ... đạt 89% (559 hồ sơ)", the prose list of published procedures, "(Trong đó 12 TT
    // thuộc Quân sự" read as the ngành dọc total), not reader errors: raise this as they are fixed.
    facts: { precision: 0.97, recall: 0.88 },
    // Measured 0.984 on PDF (the period's year is lost on one PDF), 1.000 elsewhere.
    metadata: { precision: 0.95, recall: 0.95 },
    citations: { precision: 0.99, recall: 0.99 },
  },
  formats: {},
  // Measured 0.857 (12/14): sum_mismatch does not know Biểu mẫu 5 row 1.1 = 1.2 + 1.3 (nor the
  // group row 2 of Biểu mẫu 3), and fact_vs_table cannot fire when the fact was not extracted.
  conflictRecall: 0.8,
  // Measured 0.333: table_blank_narrative_states flags the blank *group* row "3. Số lượng cán bộ,
  // công chức bị kỷ luật" of Biểu mẫu 5 (its sub-rows 3.1/3.2 hold the numbers) on every report.
  conflictPrecision: 0.3,
  maxCleanErrors: 0,
  maxFailedFiles: 0,
};

export function barFor(t: Thresholds, format: string, family: Family): Bar {
  return t.formats[format]?.[family] ?? t.families[family];
}
