import type { Command } from 'commander';
import { extractFile } from '../../pipeline.js';
import { fileTimeoutFromEnv, isPdfjsException, tookTooLong } from '../../ingest/pool.js';
import { EXIT_BAD_INPUT, failAndExit } from '../output.js';
import { formatRecord } from '../summary.js';

export function register(program: Command): void {
  program
    .command('extract')
    .description('extract one report file (.pdf, .docx, .doc, .txt/.md, .html) and print its record')
    .argument('<file>', 'report file; the format is detected from its bytes')
    .option('--json', 'print the full record as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      // The per-file time limit of `import` (SOHOA_FILE_TIMEOUT_MS): waiting on OCR or a slow
      // parse, the command stops with the same one-line reason instead of running on.
      const limitMs = fileTimeoutFromEnv();
      // pdf.js rejects some of its own internal promises that nothing awaits on damaged PDFs
      // (XRefEntryException); the reader's result does not depend on them, so they must not end
      // the command after the record is printed, as they cannot end a parser thread of `import`.
      process.on('unhandledRejection', (reason) => {
        if (isPdfjsException(reason)) return;
        failAndExit(reason);
      });
      const timer = setTimeout(() => {
        process.stderr.write(`sohoa: ${file}: ${tookTooLong(limitMs)}\n`);
        process.exit(EXIT_BAD_INPUT);
      }, limitMs);
      try {
        const { value: record } = await extractFile(file);
        clearTimeout(timer);
        process.stdout.write(opts.json ? `${JSON.stringify(record, null, 2)}\n` : formatRecord(record));
      } catch (e) {
        clearTimeout(timer);
        failAndExit(e);
      }
    });
}
