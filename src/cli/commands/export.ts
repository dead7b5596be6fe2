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
          const out = opts.out ? createWriteStream(opts.out) : process.stdout;
          const n = await writeExport(opts.format, outputRows(db, filter), out);
          process.stderr.write(`sohoa: exported ${n} rows from the ${describeStore(config)}${opts.out ? ` to ${opts.out}` : ''}\n`);
        } finally {
          await db.close();
        }
      } catch (e) {
        failAndExit(e);
      }
    });
}
