// The README's rule table, generated from the registry so it cannot drift from the code.
import { RULES } from './registry.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function rulesMarkdown(): string {
  const lines = [
    '## Conflict rules',
    '',
    'Every rule is a pure function over the report record (`src/rules/`), listed in one registry',
    '(`src/rules/registry.ts`). In-report rules are driven by the indicator catalogue',
    '(`schemas/catalogue.ts`: rates, totals, subsets, provided-vs-eligible pairs, fact links), not by',
    'row codes. Severity: **error** — both values cannot be true; **warning** — suspicious;',
    '**info** — a gap that can be filled. A conflict\'s fingerprint is the rule id plus its sorted',
    'refs, so re-running finds the same conflict.',
    '',
    '| Rule | Scope | Severity | What it checks | Message (Vietnamese template) |',
    '| --- | --- | --- | --- | --- |',
    ...RULES.map((r) => `| \`${r.id}\` | ${r.scope === 'report' ? 'in report' : 'across reports'} | ${r.severity} | ${cell(r.description)} | ${cell(r.template)} |`),
    '',
  ];
  return lines.join('\n');
}
