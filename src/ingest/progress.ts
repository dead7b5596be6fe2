// Progress of an import: a cli-progress bar on a TTY, plain periodic lines otherwise (logs, CI).
import cliProgress from 'cli-progress';
import type { ImportSummary } from './summary.js';
import type { Logger } from '../log.js';

export interface Progress {
  start(total: number): void;
  /** Files looked at so far (done + failed + skipped), with the running tally. */
  update(done: number, s: ImportSummary): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

export function createProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5000): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: ' {bar} {value}/{total} files | imported {imported} | failed {failed} | flagged {flagged} | {rate}/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    const t0 = Date.now();
    const payload = (s: ImportSummary, done: number) => ({
      imported: s.imported,
      failed: s.failed,
      flagged: s.flagged,
      rate: (done / Math.max(0.001, (Date.now() - t0) / 1000)).toFixed(1),
    });
    let total = 0;
    return {
      start(n) {
        total = n;
        bar.start(n, 0, { imported: 0, failed: 0, flagged: 0, rate: '0.0' });
      },
      update(done, s) {
        if (done > total) bar.setTotal((total = done));
        bar.update(done, payload(s, done));
      },
      stop() {
        bar.stop();
      },
    };
  }
  let total = 0;
  let last = 0;
  const t0 = Date.now();
  const line = (done: number, s: ImportSummary) => {
    const secs = (Date.now() - t0) / 1000;
    const rate = done / Math.max(0.001, secs);
    const eta = rate > 0 && total > done ? ` | ETA ${Math.round((total - done) / rate)}s` : '';
    stream.write(`sohoa: ${done}/${total} files | imported ${s.imported} | failed ${s.failed} | flagged ${s.flagged} | ${rate.toFixed(1)}/s${eta}\n`);
  };
  let lastArgs: [number, ImportSummary] | null = null;
  let printed = -1;
  return {
    start(n) {
      total = n;
      stream.write(`sohoa: ${n} files to look at\n`);
    },
    update(done, s) {
      lastArgs = [done, s];
      if (done > total) total = done;
      if (Date.now() - last >= intervalMs) {
        last = Date.now();
        printed = done;
        line(done, s);
      }
    },
    stop() {
      if (lastArgs && lastArgs[0] !== printed) line(...lastArgs);
    },
  };
}

/** Progress as log records (JSON logs: stderr stays one JSON object a line). */
export function logProgress(log: Logger, intervalMs = 5000): Progress {
  let total = 0;
  let last = 0;
  let printed = -1;
  let lastArgs: [number, ImportSummary] | null = null;
  const t0 = Date.now();
  const record = (done: number, s: ImportSummary) => {
    const rate = done / Math.max(0.001, (Date.now() - t0) / 1000);
    printed = done;
    log.info({ stage: 'progress', done, total, imported: s.imported, failed: s.failed, flagged: s.flagged, skipped: s.skipped, perSecond: Number(rate.toFixed(2)) }, 'import progress');
  };
  return {
    start(n) {
      total = n;
      log.info({ stage: 'progress', done: 0, total: n }, `${n} files to look at`);
    },
    update(done, s) {
      lastArgs = [done, s];
      if (done > total) total = done;
      if (Date.now() - last >= intervalMs) {
        last = Date.now();
        record(done, s);
      }
    },
    stop() {
      if (lastArgs && lastArgs[0] !== printed) record(...lastArgs);
    },
  };
}
