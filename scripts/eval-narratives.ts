// npm run eval:narratives [-- DIR] [--verbose] [--json]
// Scores sohoa against the real-narrative collection (fixtures/narratives/ by default): stated
// numbers read as open facts with the right scope, inconsistencies found, false warnings.
import { join } from 'node:path';
import { Command } from 'commander';
import { runNarratives, summariseNarratives } from './eval/narratives.js';

const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);

const program = new Command()
  .name('eval-narratives')
  .argument('[dir]', 'collection folder', join(import.meta.dirname, '..', 'fixtures', 'narratives'))
  .option('--verbose', 'list every number missed or read with another scope')
  .option('--json', 'print the results as JSON')
  .action((dir: string, o: { verbose?: boolean; json?: boolean }) => {
    const results = runNarratives(dir);
    const s = summariseNarratives(results);
    if (o.json) {
      process.stdout.write(JSON.stringify({ summary: s, results }, null, 1) + '\n');
      return;
    }
    const lines = [
      '| file | numbers | read | right scope | inconsistencies found | false warnings | period |',
      '|---|---|---|---|---|---|---|',
      ...results.map((r) => {
        const read = r.numbers.filter((n) => n.read).length;
        const right = r.numbers.filter((n) => n.scopeRight).length;
        const found = r.inconsistencies.filter((i) => i.found).length;
        const period = r.period ? (r.period.right ? 'right' : `${r.period.got} (not ${r.period.expected})`) : '-';
        return `| ${r.file} | ${r.numbers.length} | ${read} | ${right} | ${found}/${r.inconsistencies.length} | ${r.falseWarnings.length} | ${period} |`;
      }),
      '',
      `${s.files} files, ${s.numbers} stated numbers: read ${s.read} (${pct(s.read, s.numbers)}), read with the right scope ${s.scopeRight} (${pct(s.scopeRight, s.numbers)})`,
      `inconsistencies found ${s.found}/${s.inconsistencies}; false warnings ${s.falseWarnings}; periods right ${s.periodsRight}/${s.periods}`,
    ];
    if (o.verbose) {
      for (const r of results) {
        for (const n of r.numbers) {
          if (n.scopeRight) continue;
          const t = n.truth;
          const want = `level=${t.level} time=${t.time ?? '-'} state=${t.state ?? '-'} tl=${t.tl ?? '-'}`;
          lines.push(`${r.file}: ${t.v} ${t.u ?? ''} (${t.m}) ${n.read ? `read as ${n.got}, truth ${want}` : 'NOT READ'}`);
        }
        for (const i of r.inconsistencies) if (!i.found) lines.push(`${r.file}: inconsistency not found: ${i.note}`);
        for (const w of r.falseWarnings) lines.push(`${r.file}: false ${w.rule}: ${w.message}`);
      }
    }
    process.stdout.write(lines.join('\n') + '\n');
  });

program.parse(process.argv);
