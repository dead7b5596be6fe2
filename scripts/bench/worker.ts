// One warm benchmark worker: a long-lived process that loads the compiled pipeline once, then
// extracts (and optionally stores) the files the parent hands it, reporting per-stage times and CPU.
import { readFileSync } from 'node:fs';
import type { Db } from '../../src/store/db.js';
import { extractFile, type StageTimings } from '../../src/pipeline.js';
import type { FromWorker, StoreTarget, ToWorker } from './protocol.js';

type StoreFn = (record: Parameters<typeof import('../../src/store/index.js').storeReport>[1]) => Promise<unknown>;

let store: StoreFn | null = null;
let db: Db | null = null;

/**
 * CPU time of this process *and its waited-for children* in µs (Linux /proc/self/stat utime, stime,
 * cutime, cstime): readers that shell out (pdftoppm, tesseract, soffice) must be charged too.
 * Elsewhere only this process's own time is known.
 */
function cpuNowUs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime..cstime are fields 14..17.
    const ticks = [11, 12, 13, 14].reduce((a, i) => a + Number(fields[i]), 0);
    return (ticks * 1_000_000) / 100; // USER_HZ is 100 on Linux
  } catch {
    const c = process.cpuUsage();
    return c.user + c.system;
  }
}

function send(m: FromWorker): void {
  process.send?.(m);
}

async function openTarget(target: StoreTarget): Promise<void> {
  if (!target) return;
  const mod = await import('../../src/store/index.js');
  db = await mod.openStore(target.kind === 'pg' ? { databaseUrl: target.url, schema: target.schema, poolSize: 2 } : { dataDir: target.dir });
  await mod.migrate(db);
  const opened = db;
  store = (record) => mod.storeReport(opened, record, { fromPipeline: true });
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'init':
      try {
        await openTarget(m.store);
        send({ type: 'ready', store: store !== null });
      } catch (e) {
        send({ type: 'ready', store: false, error: e instanceof Error ? e.message.split('\n')[0] : String(e) });
      }
      return;
    case 'file': {
      const cpu0 = cpuNowUs();
      const t0 = performance.now();
      const timings: Partial<StageTimings> = {};
      let storeMs = 0;
      try {
        const { value: record } = await extractFile(m.path, { timings });
        if (store) {
          const s0 = performance.now();
          await store(record);
          storeMs = performance.now() - s0;
        }
        send({
          type: 'done',
          path: m.path,
          ok: true,
          format: record.source.format,
          pages: record.source.pages,
          t: { read: timings.read ?? 0, extract: timings.extract ?? 0, validate: timings.validate ?? 0, store: storeMs, wall: performance.now() - t0 },
          cpuUs: cpuNowUs() - cpu0,
        });
      } catch (e) {
        send({
          type: 'done',
          path: m.path,
          ok: false,
          error: e instanceof Error ? e.message.split('\n')[0] : String(e),
          format: null,
          pages: null,
          t: { read: 0, extract: 0, validate: 0, store: 0, wall: performance.now() - t0 },
          cpuUs: cpuNowUs() - cpu0,
        });
      }
      return;
    }
    case 'stats': {
      send({ type: 'stats', maxRssKb: process.resourceUsage().maxRSS, rssBytes: process.memoryUsage().rss, cpuUs: cpuNowUs() });
      return;
    }
    case 'exit':
      if (db) await db.close();
      process.disconnect?.();
      return;
  }
}

// Messages are handled one at a time, in order: the parent never sends a file before the last is done.
let chain: Promise<void> = Promise.resolve();
process.on('message', (m: ToWorker) => {
  chain = chain.then(() => handle(m));
});
