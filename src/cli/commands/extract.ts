import type { Command } from 'commander';
import type { ReportRecord } from '../../../schemas/record.js';
import { PARSER_LIMITS, PARSER_V8_FLAGS } from '../../ingest/embedded.js';
import { compiledPath, fileTimeoutFromEnv, TASK_INPUT_CODE, TASK_MEMORY_CODE, TASK_TIMEOUT_CODE, ThreadPool } from '../../ingest/pool.js';
import { EXIT_BAD_INPUT, failAndExit } from '../output.js';
import { formatRecord } from '../summary.js';

/** The parser process of `sohoa extract` (compiled: bin/sohoa runs dist/). */
export const EXTRACT_SCRIPT = 'workers/extract-file.js';

export function register(program: Command): void {
  program
    .command('extract')
    .description('extract one report file (.pdf, .docx, .doc, .txt/.md, .html) and print its record')
    .argument('<file>', 'report file; the format is detected from its bytes')
    .option('--json', 'print the full record as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      // The file is parsed in a child process under import's per-file limits: a parser stuck in
      // synchronous work (a damaged .docx table took minutes) cannot be interrupted on this thread,
      // and one huge allocation would abort this process. The child is killed at the deadline
      // (SOHOA_FILE_TIMEOUT_MS) or past its memory limit; the command ends with the one-line reason.
      const pool = new ThreadPool<{ file: string }, ReportRecord>({
        script: compiledPath(EXTRACT_SCRIPT),
        size: 1,
        isolation: 'process',
        ...PARSER_LIMITS,
        v8Flags: PARSER_V8_FLAGS,
        taskTimeoutMs: fileTimeoutFromEnv(),
      });
      let record: ReportRecord;
      try {
        // The child reads the path from its own working directory, the same as ours; the record
        // names the file as it was given.
        record = await pool.run({ file });
      } catch (e) {
        await pool.close();
        const err = e as NodeJS.ErrnoException;
        if (err.code === TASK_INPUT_CODE) {
          process.stderr.write(`sohoa: ${err.message}\n`);
          process.exit(EXIT_BAD_INPUT);
        }
        if (err.code === TASK_TIMEOUT_CODE || err.code === TASK_MEMORY_CODE) {
          process.stderr.write(`sohoa: ${file}: ${err.message}\n`);
          process.exit(EXIT_BAD_INPUT);
        }
        failAndExit(e);
      }
      await pool.close();
      // A reader that stops early (`| head`) ends the command quietly with 141, as `export` does.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(141);
        failAndExit(e);
      });
      process.stdout.write(opts.json ? `${JSON.stringify(record, null, 2)}\n` : formatRecord(record));
    });
}
