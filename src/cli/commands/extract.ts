import type { Command } from 'commander';
import { extractFile } from '../../pipeline.js';
import { failAndExit } from '../output.js';
import { formatRecord } from '../summary.js';

export function register(program: Command): void {
  program
    .command('extract')
    .description('extract one report file (.pdf, .docx, .doc, .txt/.md, .html) and print its record')
    .argument('<file>', 'report file; the format is detected from its bytes')
    .option('--json', 'print the full record as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      try {
        const { value: record } = await extractFile(file);
        process.stdout.write(opts.json ? `${JSON.stringify(record, null, 2)}\n` : formatRecord(record));
      } catch (e) {
        failAndExit(e);
      }
    });
}
