// The import loop's and the scan's side of the run record (store/import-runs.ts): files with an
// outcome known at once (skipped, failed before a job) are written in batches; a file handed to a
// job is written, with the batch before it, before the job is handed over, so its row exists
// whenever the job finishes (finishJob moves it out of 'pending').
import { userInfo } from 'node:os';
import type { Db } from '../store/db.js';
import { addRunFiles, failRun, finishJob, startRun, submitRun, type RunFileInput, type RunStart, type SubmitExtra } from '../store/import-runs.js';
import type { JobResult } from './job.js';

const BATCH = 200;

export class RunRecorder {
  private buffer: RunFileInput[] = [];

  private constructor(
    private readonly db: Db,
    readonly runId: number,
  ) {}

  static async start(db: Db, start: RunStart): Promise<RunRecorder> {
    return new RunRecorder(db, await startRun(db, start));
  }

  /** A file whose outcome is known now (skipped, failed before any job). */
  async file(f: RunFileInput): Promise<void> {
    this.buffer.push(f);
    if (this.buffer.length >= BATCH) await this.flush();
  }

  /** A file about to be handed to a job: written now. Returns its row id. */
  async pending(path: string, sha256: string): Promise<number> {
    const batch = [...this.buffer, { path, sha256, outcome: 'pending' as const }];
    this.buffer = [];
    const ids = await addRunFiles(this.db, this.runId, batch);
    return ids[ids.length - 1]!;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    await addRunFiles(this.db, this.runId, batch);
  }

  /** Every file looked at and every job handed over. */
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

/** Records a finished job on every run waiting for it (both modes call this after storing). */
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
