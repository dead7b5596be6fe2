// Structured logs and metrics of the embedded import: one JSON line per job with level, time, role,
// job id, sha256, path, stage and duration, for a job that succeeds, one that fails and one retried.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDispatcher, createRunner, type Runner } from '../src/ingest/embedded.js';
import { runImport } from '../src/ingest/run.js';
import { importPaths } from '../src/cli/commands/import.js';
import { createLogger, prettyLine, resolveFormat, resolveLevel } from '../src/log.js';
import { Metrics, failureKind } from '../src/metrics.js';
import type { Db } from '../src/store/db.js';
import { openStore } from '../src/store/open.js';
import { sample } from './metrics.sample.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');

describe('structured logs of the embedded import', () => {
  let dir: string;
  let input: string;
  let db: Db;
  const lines: string[] = [];
  const metrics = new Metrics('import');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-log-'));
    input = join(dir, 'in');
    await mkdir(input, { recursive: true });
    await copyFile(join(FIX, 'tien-dong-2023-q3.txt'), join(input, 'ok.txt'));
    await copyFile(join(FIX, 'tien-dong-2023-q3.docx'), join(input, 'retried.docx'));
    await copyFile(join(FIX, 'bad', 'truncated.pdf'), join(input, 'hong.pdf'));
    db = await openStore({ dataDir: join(dir, 'data') });
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('logs one JSON line per job: done, failed, retried then done', async () => {
    const logger = createLogger({ role: 'import', format: 'json', level: 'info', stream: { write: (s: string) => lines.push(...s.split('\n').filter(Boolean)) } });
    const inner = createRunner({ threads: 0 });
    let lost = 0;
    // The first attempt at retried.docx loses its parser thread (as a thread killed by the heap limit does).
    const run: Runner = async (job) => {
      if (job.paths[0]!.endsWith('retried.docx') && lost++ === 0) throw new Error('worker thread exited with code 1');
      return inner.run(job);
    };
    const s = await runImport([input], { db, dispatcher: new EmbeddedDispatcher(db, run, 2, 2, { log: logger, metrics }) });
    expect(s).toMatchObject({ imported: 2, failed: 1 });

    const recs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const r of recs) {
      expect(r).toMatchObject({ role: 'import' });
      expect(typeof r.level).toBe('string');
      expect(Number.isNaN(Date.parse(String(r.time)))).toBe(false);
    }
    const jobLine = (file: string, msg: string) => recs.find((r) => String(r.path).endsWith(file) && r.msg === msg);
    for (const [file, msg, level] of [
      ['ok.txt', 'job done', 'info'],
      ['hong.pdf', 'job failed', 'warn'],
      ['retried.docx', 'job retry', 'warn'],
      ['retried.docx', 'job done', 'info'],
    ] as const) {
      const r = jobLine(file, msg);
      expect(r, `${file} ${msg}`).toBeDefined();
      expect(r!.level).toBe(level);
      expect(r!.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(r!.jobId).toBe(r!.sha256);
      expect(r!.path).toBe(join(input, file));
      expect(typeof r!.stage).toBe('string');
      expect(typeof r!.attempt).toBe('number');
    }
    const done = jobLine('ok.txt', 'job done')!;
    expect(done).toMatchObject({ stage: 'done', status: 'done', attempt: 1 });
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    expect(Object.keys(done.stages as object).sort()).toEqual(['extract', 'job', 'read', 'store']);
    expect(jobLine('hong.pdf', 'job failed')).toMatchObject({ stage: 'failed', status: 'failed' });
    expect(String(jobLine('hong.pdf', 'job failed')!.reason)).toMatch(/hong\.pdf: file is corrupt/);
    expect(jobLine('retried.docx', 'job retry')).toMatchObject({ stage: 'extract', attempt: 1, reason: 'worker thread exited with code 1' });
    expect(jobLine('retried.docx', 'job done')).toMatchObject({ attempt: 2 });
    // No file contents: the lines hold ids, paths, reasons and timings only.
    expect(lines.join('\n')).not.toMatch(/Tiên Động|Ủy ban/);

    const text = await metrics.text();
    expect(sample(text, 'sohoa_jobs_total', { status: 'done', reason: '', role: 'import' })).toBe(2);
    expect(sample(text, 'sohoa_jobs_total', { status: 'failed', reason: 'corrupt' })).toBe(1);
    expect(sample(text, 'sohoa_job_retries_total', { stage: 'extract' })).toBe(1);
    // The corrupt PDF is read and then fails in extract: three jobs reach extract, two reach store.
    expect(sample(text, 'sohoa_stage_duration_seconds_count', { stage: 'extract' })).toBe(3);
    expect(sample(text, 'sohoa_stage_duration_seconds_count', { stage: 'job' })).toBe(3);
    expect(sample(text, 'sohoa_process_resident_memory_bytes', {})).toBeGreaterThan(0);
  }, 120_000);

  it('`sohoa import` (importPaths) logs the mode, each job and the end of the run', async () => {
    const out: string[] = [];
    const logger = createLogger({ role: 'import', format: 'json', stream: { write: (s: string) => out.push(s) } });
    const s = await importPaths([join(input, 'ok.txt')], { env: { SOHOA_DATA: join(dir, 'data2') }, threads: 0, progress: false, logger });
    expect(s.imported).toBe(1);
    const recs = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(recs.map((r) => r.msg)).toEqual([expect.stringMatching(/^embedded mode/), 'job done', 'import finished']);
    expect(recs[2]).toMatchObject({ role: 'import', stage: 'import', files: 1, imported: 1, failed: 0 });
  }, 120_000);

  it('picks the format and level', () => {
    expect(resolveFormat(undefined, { isTTY: true }, {})).toBe('pretty');
    expect(resolveFormat(undefined, { isTTY: false }, {})).toBe('json');
    expect(resolveFormat('json', { isTTY: true }, {})).toBe('json');
    expect(() => resolveFormat('xml', { isTTY: true }, {})).toThrow(/unknown log format/);
    expect(resolveLevel(undefined, { SOHOA_LOG_LEVEL: 'debug' })).toBe('debug');
    expect(resolveLevel(undefined, { SOHOA_LOG_LEVEL: 'loud' })).toBe('info');
    const quiet: string[] = [];
    const l = createLogger({ role: 'worker', format: 'json', stream: { write: (s: string) => quiet.push(s) }, env: { SOHOA_LOG_LEVEL: 'warn' } });
    l.info('not shown');
    l.warn('shown');
    expect(quiet.map((q) => JSON.parse(q).msg)).toEqual(['shown']);
  });

  it('human lines keep the old shape and leave out routine job lines', () => {
    expect(prettyLine({ level: 'info', msg: 'ready (pid 1)' }, 'worker')).toBe('sohoa worker: ready (pid 1)\n');
    expect(prettyLine({ level: 'info', msg: 'job done', jobId: 'x', path: '/a' }, 'worker')).toBeNull();
    expect(prettyLine({ level: 'warn', msg: 'job failed', jobId: 'x', path: '/a.pdf', attempt: 1, reason: '/a.pdf: file is corrupt' }, 'worker')).toBe(
      'sohoa worker: warning: job failed /a.pdf (attempt 1) — /a.pdf: file is corrupt\n',
    );
  });

  it('classifies failure reasons into few labels', () => {
    expect(failureKind('/x.pdf: file is corrupt (bad xref)')).toBe('corrupt');
    expect(failureKind('/x.pdf: took too long (stopped after 90 s)')).toBe('timeout');
    expect(failureKind('/x: gave up after 5 attempts (connect ECONNREFUSED)')).toBe('gave_up');
    expect(failureKind('something else')).toBe('other');
  });
});
