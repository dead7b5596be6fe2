// Extraction of one job: find its bytes (a file, or an archive entry copied into a per-job temp
// folder under a sanitised name), check they still hash to the job's sha256, run the pipeline.
// Bad input ends as a 'failed' outcome with its one-line reason; only faults worth retrying throw.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '../result.js';
import type { ReportRecord } from '../../schemas/record.js';
import { InputError, MAX_FILE_BYTES, errorLine, isInputError } from '../errors.js';
import { splitArchivePath } from '../store/sources.js';
import type { ExtractOutcome, IngestJob } from './job.js';
import { DEFAULT_ZIP_LIMITS, extractEntry } from './zip.js';

export type ExtractFn = (path: string, opts: { maxBytes?: number; displayName?: string }) => Promise<Result<ReportRecord>>;

export interface ExtractJobOptions {
  maxBytes?: number;
  /** Defaults to the pipeline's extractFile (loaded lazily: a thread pays for it once). */
  extract?: ExtractFn;
  tmpRoot?: string;
}

async function defaultExtract(): Promise<ExtractFn> {
  const { extractFile } = await import('../pipeline.js');
  return extractFile;
}

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

// Out of file handles or memory for a moment: another attempt (another worker) can succeed.
const TRANSIENT_FS = new Set(['EMFILE', 'ENFILE', 'ENOMEM', 'EAGAIN', 'EBUSY', 'ENOSPC']);

export function isTransientFsError(e: unknown): boolean {
  return !!e && typeof e === 'object' && TRANSIENT_FS.has(String((e as { code?: unknown }).code));
}

/** A path on disk holding the job's bytes, or why none does. */
async function materialise(job: IngestJob, dir: string, maxBytes: number): Promise<{ disk: string; path: string } | { reason: string; path: string | null }> {
  let lastReason = '';
  for (const path of job.paths) {
    let disk: string | null;
    try {
      const inArchive = splitArchivePath(path);
      disk = inArchive
        ? await extractEntry(inArchive.archive, inArchive.entry, dir, { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: maxBytes })
        : path;
      if (!disk) {
        lastReason = new InputError('missing', path, 'no longer in its archive').line;
        continue;
      }
      if ((await hashFile(disk)) !== job.sha256) {
        lastReason = new InputError('missing', path, 'content changed since it was queued; the new content is imported separately').line;
        continue;
      }
      return { disk, path };
    } catch (e) {
      if (isTransientFsError(e)) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      lastReason =
        code === 'ENOENT' ? new InputError('missing', path).line : new InputError('unreadable', path, (e as Error).message).line;
    }
  }
  return { reason: lastReason || 'no path to read', path: job.paths[0] ?? null };
}

export async function extractJob(job: IngestJob, opts: ExtractJobOptions = {}): Promise<ExtractOutcome> {
  const maxBytes = opts.maxBytes ?? MAX_FILE_BYTES;
  const extract = opts.extract ?? (await defaultExtract());
  const dir = await mkdtemp(join(opts.tmpRoot ?? tmpdir(), 'sohoa-job-'));
  try {
    const t0 = performance.now();
    const found = await materialise(job, dir, maxBytes);
    const t1 = performance.now();
    const read = Math.round(t1 - t0);
    if ('reason' in found) return { kind: 'failed', path: found.path, reason: found.reason, timings: { read } };
    const timings = () => ({ read, extract: Math.round(performance.now() - t1) });
    try {
      const { value: record } = await extract(found.disk, { maxBytes, displayName: found.path });
      return { kind: 'ok', path: found.path, record, warnings: record.warnings.length, fromPipeline: opts.extract === undefined, timings: timings() };
    } catch (e) {
      if (isInputError(e)) return { kind: 'failed', path: found.path, reason: e.line, timings: timings() };
      if (isTransientFsError(e)) throw e;
      // Same bytes, same extractor: the same exception next time. Recorded, not retried; a newer
      // extractor version tries again.
      return { kind: 'failed', path: found.path, reason: `${found.path}: extractor error (${errorLine(e)})`, timings: timings() };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
