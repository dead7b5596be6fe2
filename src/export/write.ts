// Writes export rows as CSV, XLSX or JSON to a stream, row by row where the format allows, so an
// archive-sized export never sits in memory at once (XLSX uses exceljs's streaming writer).
import { PassThrough, type Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { EXPORT_COLUMNS, type OutputRow } from './rows.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/**
 * Writes to one output with backpressure, and stops at the output's first error (a full disk, a
 * reader that closed the pipe): the error is thrown by the next write instead of being emitted
 * with nobody listening, which would crash the process with a stack trace.
 */
class Sink {
  private error: Error | null = null;
  private readonly onError = (e: Error) => {
    this.error ??= e;
  };

  constructor(
    readonly out: Writable,
    private readonly endWhenDone: boolean,
  ) {
    out.on('error', this.onError);
  }

  private check(): void {
    if (this.error) throw this.error;
    if (this.out.destroyed || this.out.writableEnded) throw new Error('the output was closed before the export was written');
  }

  /** Resolves on `event`; rejects on an error or on the output closing first. */
  private wait(event: 'drain' | 'finish'): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (f: () => void) => {
        this.out.off(event, ok).off('error', bad).off('close', closed);
        f();
      };
      const ok = () => done(resolve);
      const bad = (e: Error) => done(() => reject(e));
      const closed = () => done(() => reject(this.error ?? new Error('the output was closed before the export was written')));
      this.out.on(event, ok).on('error', bad).on('close', closed);
    });
  }

  async write(chunk: string | Buffer): Promise<void> {
    this.check();
    if (!this.out.write(chunk)) await this.wait('drain');
  }

  /**
   * Ends the output and waits until it has taken everything; or, for an output that is not ours to
   * end (process.stdout: a terminal, a file the shell opened, a pipe), waits until what was
   * written has been handed to the system. Either way nothing is left pending that would keep
   * the process alive or let it exit with rows unwritten.
   */
  async finish(): Promise<void> {
    this.check();
    if (this.endWhenDone) {
      const finished = this.wait('finish');
      this.out.end();
      await finished;
    } else {
      await new Promise<void>((resolve, reject) => {
        this.out.write('', (e) => (e ? reject(e) : resolve()));
      });
      this.check();
    }
  }

  /** Stops listening; an error after this is the caller's to handle. */
  release(): void {
    this.out.off('error', this.onError);
  }
}

/** Rows stringified per batch: csv-stringify's own formatting, without piping a stream into `out`. */
const CSV_BATCH = 200;

/**
 * CSV with a UTF-8 byte-order mark (Excel otherwise reads Vietnamese as mojibake) and numbers with a
 * '.' decimal point, so other programs read them as numbers.
 */
async function writeCsv(rows: AsyncIterable<OutputRow>, sink: Sink): Promise<number> {
  const columns = EXPORT_COLUMNS.map((c) => c.key);
  await sink.write(`\ufeff${stringify([EXPORT_COLUMNS.map((c) => c.header)])}`);
  let n = 0;
  let batch: OutputRow[] = [];
  const flush = async () => {
    if (batch.length) await sink.write(stringify(batch, { columns }));
    batch = [];
  };
  for await (const row of rows) {
    n++;
    batch.push(row);
    if (batch.length >= CSV_BATCH) await flush();
  }
  await flush();
  await sink.finish();
  return n;
}

async function writeJson(rows: AsyncIterable<OutputRow>, sink: Sink): Promise<number> {
  let n = 0;
  await sink.write('[');
  for await (const row of rows) {
    await sink.write(`${n === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
    n++;
  }
  await sink.write(n === 0 ? ']\n' : '\n]\n');
  await sink.finish();
  return n;
}

async function writeXlsx(rows: AsyncIterable<OutputRow>, sink: Sink): Promise<number> {
  // exceljs writes into a stream of its own; its bytes go on to the output through the sink, so
  // an output that fails stops the export instead of leaving exceljs waiting for a drain.
  const zip = new PassThrough();
  const pump = (async () => {
    for await (const chunk of zip) await sink.write(chunk as Buffer);
    await sink.finish();
  })();
  const build = (async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zip, useStyles: true });
    const ws = wb.addWorksheet('Số liệu', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = EXPORT_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width ?? 12 }));
    ws.getRow(1).font = { bold: true };
    let n = 0;
    for await (const row of rows) {
      const r = ws.addRow(row);
      // Corrected values stand out when the sheet is printed or skimmed.
      if (row.daSua === 'đã sửa') r.getCell('giaTri').font = { bold: true, color: { argb: 'FF9C2A00' } };
      r.commit();
      n++;
    }
    ws.commit();
    await wb.commit();
    return n;
  })();
  // Either side failing stops the other; the first failure is what Promise.all reports.
  pump.catch(() => zip.destroy());
  build.catch(() => zip.destroy());
  const [n] = await Promise.all([build, pump]);
  return n;
}

export interface WriteExportOptions {
  /**
   * End `out` when done (default). Pass false for process.stdout, which is not ours to end (Node
   * never emits 'finish' for it, and waiting for that kept `sohoa export > file` from exiting).
   */
  end?: boolean;
}

/**
 * Writes every row to `out` in `format` and ends it (unless `end: false`); returns the number of
 * rows. Rejects with the output's error (EPIPE, ENOSPC…) when the output fails.
 */
export async function writeExport(format: ExportFormat, rows: AsyncIterable<OutputRow>, out: Writable, options: WriteExportOptions = {}): Promise<number> {
  const sink = new Sink(out, options.end ?? true);
  try {
    if (format === 'csv') return await writeCsv(rows, sink);
    if (format === 'json') return await writeJson(rows, sink);
    return await writeXlsx(rows, sink);
  } finally {
    sink.release();
  }
}
