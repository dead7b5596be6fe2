// The shape of a named check (after Great Expectations' expectations): an id, a default
// severity, a Vietnamese message template for reviewers, an English description for the docs,
// and a pure function from the record (and, for cross-report checks, the unit's other reports)
// to conflicts.
import type { Provenance } from '../../schemas/document.js';
import type { Conflict, ReportRecord, Severity } from '../../schemas/record.js';
import type { RecordIndex } from './record-index.js';

/** A piece of the report's text with where it came from (narrative paragraphs, headings). */
export interface TextSpan {
  text: string;
  provenance: Provenance;
}

export interface ReportRuleOptions {
  /**
   * Optional extra text of the report (paragraphs and headings, e.g. the appendix title
   * "BIỂU MẪU THỐNG KÊ ... XÃ TIỀN ĐỘNG"): the unit-name and denial checks read it in addition to
   * the texts the record already holds (form titles, citations, fact sentences, report title).
   */
  texts?: TextSpan[];
}

export interface ReportContext {
  record: ReportRecord;
  index: RecordIndex;
  texts: TextSpan[];
}

export interface CrossContext {
  record: ReportRecord;
  others: ReportRecord[];
}

interface RuleBase {
  id: string;
  /** Default severity; a rule may lower it for a weaker case and says so in its description. */
  severity: Severity;
  /** Vietnamese message with {placeholders}, rendered per conflict. */
  template: string;
  /** English, one or two sentences, for docs/rules.md. */
  description: string;
}

export interface ReportRule extends RuleBase {
  scope: 'report';
  check: (ctx: ReportContext) => Conflict[];
}

export interface CrossRule extends RuleBase {
  scope: 'cross';
  check: (ctx: CrossContext) => Conflict[];
}

export type Rule = ReportRule | CrossRule;
