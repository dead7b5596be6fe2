// The import loop's and the scan's side of the run record (store/import-runs.ts). Files with a
// known outcome are written in batches (every BATCH files or FLUSH_MS), in order, one statement a
// batch: in embedded mode that is every file (the loop hears each job's outcome itself), so the
// record costs the import next to nothing. In queue mode a file handed to a job is written as
// 'pending' (with the batch before it) before the job is enqueued, so its row exists whenever a
// worker finishes the job and records the outcome on it (finishJob).
import { userInfo } from 'node:os';
import type { Db } from '../store/db.js';
import { addRunFiles, failRun, finishJob, startRun, submitRun, type RunFileInput, type RunStart, type SubmitExtra } from '../store/import-runs.js';
import type { JobResult } from './job.js';
import { withoutNul } from './outcome.js';

const BATCH = 200;
/** A long import shows on the page as it goes: what is buffered is written at least this often. */
const FLUSH_MS = 2000;

export class RunRecorder {
  private buffer: RunFileInput[] = [];
  /** Writes in order; a failed write fails every later flush (and so the import, like any store error). */
  private chain: Promise<void> = Promise.resolve();
  private lastFlush = Date.now();

  private constructor(
    private readonly db: Db,
    readonly runId: number,
  ) {}

  static async start(db: Db, start: RunStart): Promise<RunRecorder> {
    return new RunRecorder(db, await startRun(db, start));
  }

  /** A file whose outcome is known now: buffered, written with its batch. */
  file(f: RunFileInput): Promise<void> {
    this.buffer.push(f);
    if (this.buffer.length >= BATCH || Date.now() - this.lastFlush >= FLUSH_MS) return this.flush();
    return Promise.resolve();
  }

  /** The job's outcome as the import loop heard it (embedded mode). */
  jobDone(r: JobResult): Promise<void> {
    return this.file({
      path: r.path,
      sha256: r.sha256,
      outcome: r.status === 'done' ? 'imported' : 'failed',
      reason: r.reason ?? null,
      reportId: r.reportId ?? null,
      openConflicts: r.openConflicts ?? null,
    });
  }

  /** A file about to be handed to a queue job: written now, with the batch before it. */
  pending(path: string, sha256: string): Promise<void> {
    this.buffer.push({ path, sha256, outcome: 'pending' });
    return this.flush();
  }

  flush(): Promise<void> {
    this.lastFlush = Date.now();
    if (this.buffer.length === 0) return this.chain;
    const batch = this.buffer;
    this.buffer = [];
    this.chain = this.chain.then(async () => {
      // A path or reason may hold a NUL (a zip entry named with one), which PostgreSQL's text refuses.
      await addRunFiles(this.db, this.runId, withoutNul(batch));
    });
    return this.chain;
  }

  /** Every file looked at and, in queue mode, every job handed over (embedded: every job done). */
  async submitted(extra: SubmitExtra = {}): Promise<void> {
    await this.flush();
    await submitRun(this.db, this.runId, extra);
  }

  /** The run stopped on an error (best effort: the store may be what failed). */
  async failed(error: string): Promise<void> {
    await this.flush().catch(() => undefined);
    await failRun(this.db, this.runId, error).catch(() => undefined);
  }
}

/** Records a finished queue job on every run waiting for it (the worker calls this after storing). */
export async function recordJobFinished(db: Db, r: JobResult): Promise<void> {
  await finishJob(db, {
    sha256: r.sha256,
    status: r.status,
    reason: r.reason ?? null,
    reportId: r.reportId ?? null,
    openConflicts: r.openConflicts ?? null,
  });
}

/** Who runs this CLI: the OS account (a container without a passwd entry has $USER or nothing). */
export function cliUser(env: NodeJS.ProcessEnv = process.env): string {
  let name = '';
  try {
    name = userInfo().username;
  } catch {
    name = env.USER ?? env.USERNAME ?? '';
  }
  return name || 'cli';
}
