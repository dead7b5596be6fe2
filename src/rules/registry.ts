// Every rule, in one list: the engine runs these, docs/rules.md is generated from them.
import type { CrossRule, ReportRule, Rule } from './types.js';
import {
  percentOutOfRange,
  providedExceedsEligible,
  rateBlankComputable,
  rateMismatch,
  rateZeroDenominator,
  subitemExceedsTotal,
  sumMismatch,
} from './report/relations.js';
import { valueKindMismatch } from './report/value-kind.js';
import { factDeniedInText, factSelfContradiction, factVsTable, tableBlankNarrativeStates } from './report/narrative.js';
import { citationDateConflict, citationSubjectConflict } from './report/citations.js';
import { citationAfterReport, planDatedOutsideYear, reportDateOutsidePeriod } from './report/dates.js';
import { unitNameSpelling } from './report/unit-name.js';
import { lowConfidence } from './report/ocr-confidence.js';
import { valueNotLocated } from './report/unlocated.js';
import { factSumMismatch } from './report/fact-sums.js';
import { factRateMismatch } from './report/prose-rates.js';
import { cumulativeDecreased, periodNotSumOfQuarters } from './cross/periods.js';

export const REPORT_RULES: readonly ReportRule[] = [
  rateMismatch,
  rateZeroDenominator,
  rateBlankComputable,
  sumMismatch,
  subitemExceedsTotal,
  providedExceedsEligible,
  percentOutOfRange,
  valueKindMismatch,
  factVsTable,
  tableBlankNarrativeStates,
  factSelfContradiction,
  factSumMismatch,
  factRateMismatch,
  factDeniedInText,
  citationDateConflict,
  citationSubjectConflict,
  citationAfterReport,
  planDatedOutsideYear,
  reportDateOutsidePeriod,
  unitNameSpelling,
  lowConfidence,
  valueNotLocated,
];

// Two files of one unit and period are versions of one report (src/versions): one review item with
// a side-by-side table, not a rule (the former duplicate_import raised a warning per differing field
// per pair of files).
export const CROSS_RULES: readonly CrossRule[] = [cumulativeDecreased, periodNotSumOfQuarters];

export const RULES: readonly Rule[] = [...REPORT_RULES, ...CROSS_RULES];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
