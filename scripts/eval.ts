// npm run eval -- DIR [--json] [--formats txt,pdf]
// Runs extractFile on every file of a generated corpus (npm run corpus) and scores it against the
// truth. Exits 1 when a threshold (scripts/eval/thresholds.ts: the bar, with why each value is what it is) is not met.
import { Command } from 'commander';
import { THRESHOLDS } from './eval/thresholds.js';
import { markdown, summarise } from './eval/report.js';
import { runEval } from './eval/run.js';

const program = new Command()
  .name('eval')
  .description('score sohoa against a generated corpus with ground truth')
  .argument('<dir>', 'corpus folder (with *.truth.json)')
  .option('--json', 'print the summary and per-file results as JSON')
  .option('--formats <list>', 'only these formats, e.g. txt,pdf')
  .action(async (dir: string, o: { json?: boolean; formats?: string }) => {
    const started = performance.now();
    const run = await runEval(dir, {
      ...(o.formats ? { formats: o.formats.split(',') } : {}),
      onFile: (f) => {
        if (!o.json) process.stderr.write(`${f.error ? 'FAIL' : 'ok  '} ${f.file} ${(f.ms / 1000).toFixed(2)} s${f.error ? ` ${f.error}` : ''}\n`);
      },
    });
    const summary = summarise(run, THRESHOLDS);
    if (o.json) {
      process.stdout.write(JSON.stringify({ dir, thresholds: THRESHOLDS, summary, files: run.files }, null, 1) + '\n');
    } else {
      process.stdout.write(markdown(summary) + '\n\n');
      process.stdout.write(`${run.files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      process.stdout.write(summary.failures.length ? `BELOW THRESHOLD:\n${summary.failures.map((f) => `- ${f}`).join('\n')}\n` : 'all thresholds met\n');
    }
    process.exitCode = summary.failures.length ? 1 : 0;
  });

await program.parseAsync(process.argv);
