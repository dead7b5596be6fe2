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
    // Target met: 1.000 / 1.000 on every format of fixtures/corpus (and on 180 more generated
    // reports of three other seeds), after the rules learnt the rate-before-count, prose-list,
    // count-first and label-first phrasings. 0.99 leaves room for one slip in ~400 facts per format.
    facts: { precision: 0.99, recall: 0.99 },
    // 1.000 on every format.
    metadata: { precision: 0.99, recall: 0.99 },
    citations: { precision: 0.99, recall: 0.99 },
  },
  // No per-format exceptions: PDF metadata reached 1.000 once the period was read from the joined
  // (layout-wrapped) title.
  formats: {},
  // Every planted conflict is found (measured 1.000 on fixtures/corpus and on three other seeds).
  conflictRecall: 1,
  // Measured 1.000 on fixtures/corpus and on four other seeds; 0.95 allows one stray warning.
  conflictPrecision: 0.95,
  maxCleanErrors: 0,
  maxFailedFiles: 0,
};

export function barFor(t: Thresholds, format: string, family: Family): Bar {
  return t.formats[format]?.[family] ?? t.families[family];
}
