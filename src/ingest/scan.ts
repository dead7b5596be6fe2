// One scheduled scan of a watched folder (polling, no inotify: archives live on network shares).
// A file is taken only once its size and mtime are the same as at the previous scan, so a file
// still being copied waits; files that disappeared are marked, never deleted from the store.
import { resolve } from 'node:path';
import { EXTRACTOR_VERSION } from '../../schemas/record.js';
import type { Db } from '../store/db.js';
import { addPaths, decide, markPathsDisappeared, markQueued, recordSighting } from '../store/sources.js';
import { discover, type DiscoverOptions } from './discover.js';
import type { IngestJob } from './job.js';
import type { RunRecorder } from './run-record.js';
import { walkFiles } from './walk.js';

export interface ScanResult {
  folder: string;
  files: number;
  /** New or changed since the last scan: looked at again next time. */
  unsettled: number;
  enqueued: number;
  alreadyImported: number;
  skipped: number;
  disappeared: number;
}

interface ScanRow {
  path: string;
  size: number;
  mtime_ms: number;
  sha256: string | null;
  disappeared_at: Date | null;
}

export async function scanFolder(
  db: Db,
  folderInput: string,
  enqueue: (job: IngestJob) => Promise<unknown>,
  opts: DiscoverOptions & { record?: RunRecorder } = {},
): Promise<ScanResult> {
  const rec = opts.record;
  // Walked files that got no row on the run (unchanged since the last scan, or still changing).
  let unlisted = 0;
  const folder = resolve(folderInput);
  const result: ScanResult = { folder, files: 0, unsettled: 0, enqueued: 0, alreadyImported: 0, skipped: 0, disappeared: 0 };
  const { rows } = await db.query<ScanRow>('SELECT path, size, mtime_ms, sha256, disappeared_at FROM scan_files WHERE root = $1', [folder]);
  const previous = new Map(rows.map((r) => [r.path, r]));
  const seen = new Set<string>();

  for await (const file of walkFiles([folder], () => undefined)) {
    result.files++;
    seen.add(file.path);
    const prev = previous.get(file.path);
    const stable = prev && prev.size === file.size && prev.mtime_ms === file.mtimeMs;
    if (!stable) {
      // New, or still growing/changed: remember what we saw and look again next scan.
      await db.query(
        `INSERT INTO scan_files (path, root, size, mtime_ms, sha256, last_scan, disappeared_at) VALUES ($1, $2, $3, $4, NULL, now(), NULL)
         ON CONFLICT (path) DO UPDATE SET root = EXCLUDED.root, size = EXCLUDED.size, mtime_ms = EXCLUDED.mtime_ms,
           sha256 = NULL, last_scan = now(), disappeared_at = NULL`,
        [file.path, folder, file.size, file.mtimeMs],
      );
      result.unsettled++;
      unlisted++;
      continue;
    }
    if (prev.disappeared_at) await db.query('UPDATE scan_files SET disappeared_at = NULL WHERE path = $1', [file.path]);
    if (prev.sha256) {
      unlisted++;
      continue; // settled and already handled at this size and mtime
    }

    // `handled` marks the file done at this stat: its sha256, or 'archive' for a .zip of many.
    let handled: string | null = null;
    for await (const found of discover([file.path], opts)) {
      if (found.kind === 'skip' || found.kind === 'fail') {
        result.skipped++;
        handled ??= 'skipped';
        await rec?.file({ path: found.path, outcome: found.kind === 'fail' ? 'failed' : 'skipped', reason: found.reason });
        continue;
      }
      handled = found.path === file.path ? found.sha256 : 'archive';
      const row = await recordSighting(db, { sha256: found.sha256, format: found.format, size: found.size, paths: [found.path] });
      const d = decide(row, EXTRACTOR_VERSION);
      if (d.action === 'skip') {
        await addPaths(db, found.sha256, [found.path]);
        result.alreadyImported++;
        await rec?.file({ path: found.path, sha256: found.sha256, outcome: 'skipped', reason: d.reason });
        continue;
      }
      await markQueued(db, found.sha256);
      await rec?.pending(found.path, found.sha256);
      await enqueue({ sha256: found.sha256, paths: [found.path], format: found.format, size: found.size });
      result.enqueued++;
    }
    await db.query('UPDATE scan_files SET sha256 = $2, last_scan = now() WHERE path = $1', [file.path, handled ?? 'skipped']);
  }

  const gone = rows.filter((r) => !seen.has(r.path) && !r.disappeared_at).map((r) => r.path);
  if (gone.length) {
    await db.query('UPDATE scan_files SET disappeared_at = now() WHERE path = ANY($1::text[])', [gone]);
    // Entries of a vanished archive vanish with it.
    const { rows: entries } = await db.query<{ path: string }>(
      `SELECT path FROM source_paths WHERE disappeared_at IS NULL AND archive = ANY($1::text[])`,
      [gone],
    );
    await markPathsDisappeared(db, [...gone, ...entries.map((e) => e.path)]);
    result.disappeared = gone.length;
  }
  await rec?.submitted({ unlisted, unsettled: result.unsettled, disappeared: result.disappeared });
  return result;
}
