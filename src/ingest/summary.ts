// The tally of one import run, printed as a table or as JSON. Pure.
import type { JobResult } from './job.js';

export interface ImportDetail {
  path: string;
  status: 'imported' | 'skipped' | 'failed' | 'queued';
  reason?: string;
  sha256?: string;
  reportId?: number;
  openConflicts?: number;
}

export interface ImportSummaryJson {
  files: number;
  imported: number;
  skipped: number;
  failed: number;
  flagged: number;
  queued: number;
  details: ImportDetail[];
}

export class ImportSummary {
  files = 0;
  imported = 0;
  skipped = 0;
  failed = 0;
  /** Imported with open conflicts for a reviewer. */
  flagged = 0;
  /** Enqueued and not waited for (--no-wait). */
  queued = 0;
  readonly details: ImportDetail[] = [];

  skip(path: string, reason: string, sha256?: string): void {
    this.files++;
    this.skipped++;
    this.details.push({ path, status: 'skipped', reason, ...(sha256 ? { sha256 } : {}) });
  }

  /** A file that failed before any job could be made for it (an archive that cannot be opened). */
  fail(path: string, reason: string): void {
    this.files++;
    this.failed++;
    this.details.push({ path, status: 'failed', reason });
  }

  enqueued(path: string, sha256: string): void {
    this.files++;
    this.queued++;
    this.details.push({ path, status: 'queued', sha256 });
  }

  /** A job this run submitted has finished. `counted` when enqueued() already counted the file. */
  finished(r: JobResult, counted = false): void {
    if (!counted) this.files++;
    else this.queued--;
    if (r.status === 'done') {
      this.imported++;
      if ((r.openConflicts ?? 0) > 0) this.flagged++;
      this.details.push({ path: r.path, status: 'imported', sha256: r.sha256, ...(r.reportId !== undefined ? { reportId: r.reportId } : {}), openConflicts: r.openConflicts ?? 0 });
    } else {
      this.failed++;
      this.details.push({ path: r.path, status: 'failed', sha256: r.sha256, reason: r.reason ?? 'unknown' });
    }
  }

  toJSON(): ImportSummaryJson {
    return {
      files: this.files,
      imported: this.imported,
      skipped: this.skipped,
      failed: this.failed,
      flagged: this.flagged,
      queued: this.queued,
      details: this.details,
    };
  }

  /** Human summary: counts, skip reasons grouped, failures listed with their reasons. */
  format(maxListed = 20): string {
    const lines: string[] = [];
    const row = (label: string, n: number, extra = '') => lines.push(`  ${label.padEnd(10)} ${String(n).padStart(7)}${extra}`);
    row('files', this.files);
    row('imported', this.imported);
    row('flagged', this.flagged, this.flagged ? '  (open conflicts to review)' : '');
    row('skipped', this.skipped);
    row('failed', this.failed);
    if (this.queued) row('queued', this.queued, '  (workers will process them; see `sohoa status`)');
    const reasons = new Map<string, number>();
    for (const d of this.details) {
      if (d.status !== 'skipped') continue;
      // Group "not a report: a PNG image" and "already imported" kinds, not per-file texts.
      const key = (d.reason ?? '').replace(/^(failed before):.*$/, '$1').replace(/^(same content as) .*$/, '$1 another file');
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    if (reasons.size) {
      lines.push('', 'Skipped:');
      for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(6)}  ${reason}`);
    }
    const failed = this.details.filter((d) => d.status === 'failed');
    if (failed.length) {
      lines.push('', 'Failed:');
      for (const d of failed.slice(0, maxListed)) lines.push(`  ${d.reason}`);
      if (failed.length > maxListed) lines.push(`  … and ${failed.length - maxListed} more (--json lists all)`);
    }
    return `${lines.join('\n')}\n`;
  }
}
