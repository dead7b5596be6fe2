export { runReportRules, runCrossReportRules } from './engine.js';
export { RULES, REPORT_RULES, CROSS_RULES, ruleById } from './registry.js';
export { rulesMarkdown } from './docs.js';
export type { Rule, ReportRule, CrossRule, TextSpan, ReportRuleOptions } from './types.js';
export { CROSS_FIGURE_KEYS } from './cross/periods.js';
