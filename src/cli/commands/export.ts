// `sohoa export`: the reviewed values (corrections applied) as CSV, XLSX or JSON, to a file or stdout.
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { isExportFormat, outputRows, parsePeriodCode, writeExport, type ExportFormat } from '../../export/index.js';
import { describeStore, openStore, storeConfigFromEnv, type ReportFilter } from '../../store/index.js';
import { failAndExit, UsageError } from '../output.js';

interface ExportOptions {
  format: ExportFormat;
  period?: ReportFilter;
  unit?: string;
  district?: string;
  out?: string;
}

function parseFormat(v: string): ExportFormat {
  const f = v.toLowerCase();
  if (!isExportFormat(f)) throw new InvalidArgumentError('expected csv, xlsx or json');
  return f;
}

function parsePeriod(v: string): ReportFilter {
  const p = parsePeriodCode(v);
  if (!p) throw new InvalidArgumentError('expected a period like 2023-Q3, 2023-H1, 2023-9T, 2023-M05, 2023-N or 2023');
  return p;
}

/** What a shell reports for a command killed by SIGPIPE (128 + 13), as coreutils are under `| head`. */
const EXIT_BROKEN_PIPE = 141;

function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!);
}

/** Once the export has stopped, a further EPIPE on stdout (Node retries a pending write) is not news. */
function ignoreLateErrors(): void {}

export function register(program: Command): void {
  program
    .command('export')
    .description('export reviewed values (one row per unit, period and indicator; corrected values marked)')
    .option('--format <format>', 'csv, xlsx or json', parseFormat, 'csv')
    .option('--period <code>', 'only this period: 2023-Q3, 2023-H1, 2023-9T, 2023-M05, 2023-N (whole year), 2023 (any)', parsePeriod)
    .option('--unit <name>', 'only units whose name contains this (diacritics and case ignored)')
    .option('--district <name>', 'only units of this district (diacritics and case ignored)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (opts: ExportOptions) => {
      try {
        if (opts.format === 'xlsx' && !opts.out && process.stdout.isTTY)
          throw new UsageError('refusing to write a binary XLSX file to the terminal; use --out FILE');
        const config = storeConfigFromEnv();
        const db = await openStore(config);
        try {
          const filter: ReportFilter = {
            ...(opts.period ?? {}),
            ...(opts.unit ? { unit: opts.unit } : {}),
            ...(opts.district ? { district: opts.district } : {}),
          };
          if (opts.out) {
            let n: number;
            try {
              n = await writeExport(opts.format, outputRows(db, filter), createWriteStream(opts.out));
            } catch (e) {
              if (isSystemError(e)) throw new UsageError(`cannot write ${opts.out} (${e.code})`);
              throw e;
            }
            process.stderr.write(`sohoa: exported ${n} rows from the ${describeStore(config)} to ${opts.out}\n`);
          } else {
            // stdout (a terminal, a file the shell opened, a pipe) is written, never ended, so the
            // process exits once the rows are out. A reader that stops early (`| head`) ends the
            // export quietly with 141, the status a shell reports for coreutils killed by SIGPIPE.
            process.stdout.on('error', ignoreLateErrors);
            try {
              const n = await writeExport(opts.format, outputRows(db, filter), process.stdout, { end: false });
              process.stderr.write(`sohoa: exported ${n} rows from the ${describeStore(config)}\n`);
            } catch (e) {
              if (!isSystemError(e)) throw e;
              if (e.code !== 'EPIPE') throw new UsageError(`cannot write to standard output (${e.code})`);
              process.exitCode = EXIT_BROKEN_PIPE;
            }
          }
        } finally {
          await db.close();
        }
      } catch (e) {
        failAndExit(e);
      }
    });
}
