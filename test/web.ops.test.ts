// /metrics and /healthz on the review server: localhost or admins only; Prometheus text whose
// counters move after an import; /healthz unhealthy once the store stops answering.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDispatcher, createRunner } from '../src/ingest/embedded.js';
import { runImport } from '../src/ingest/run.js';
import { Metrics } from '../src/metrics.js';
import { openStore } from '../src/store/open.js';
import { buildApp } from '../src/web/app.js';
import { sample } from './metrics.sample.js';
import { Client, makeEnv, type WebEnv } from './web.helpers.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');
let env: WebEnv;
const metrics = new Metrics('serve');

beforeAll(async () => {
  env = await makeEnv({ metrics });
}, 120_000);
afterAll(async () => env?.cleanup());

const local = () => new Client(env.app, '127.0.0.1');

describe('/metrics and /healthz', () => {
  it('answer localhost without a session, admins from elsewhere, and nobody else', async () => {
    expect((await local().get('/metrics')).statusCode).toBe(200);
    expect((await new Client(env.app, '::1').get('/healthz')).statusCode).toBe(200);
    const anon = new Client(env.app);
    expect((await anon.get('/metrics')).statusCode).toBe(401);
    expect((await anon.get('/healthz')).statusCode).toBe(401);
    const reviewer = new Client(env.app);
    await reviewer.login('lan.nguyen');
    expect((await reviewer.get('/metrics')).statusCode).toBe(403);
    expect((await reviewer.get('/healthz')).statusCode).toBe(403);
    const admin = new Client(env.app);
    await admin.login('quan.tri');
    const m = await admin.get('/metrics');
    expect(m.statusCode).toBe(200);
    expect(m.body).toMatch(/^# TYPE sohoa_jobs_total counter$/m);
  });

  it('/metrics is Prometheus text and its counters move after an import', async () => {
    const before = await local().get('/metrics');
    expect(before.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(before.body).toMatch(/^# HELP sohoa_stage_duration_seconds /m);
    expect(before.body).toMatch(/^# TYPE sohoa_stage_duration_seconds histogram$/m);
    expect(sample(before.body, 'sohoa_process_resident_memory_bytes', {})).toBeGreaterThan(0);
    expect(sample(before.body, 'sohoa_nodejs_heap_size_used_bytes', {})).toBeGreaterThan(0);
    const doneBefore = sample(before.body, 'sohoa_sources', { status: 'done' }) ?? 0;
    const failedBefore = sample(before.body, 'sohoa_sources', { status: 'failed' }) ?? 0;

    const dir = await mkdtemp(join(tmpdir(), 'sohoa-ops-'));
    try {
      await mkdir(join(dir, 'in'));
      await copyFile(join(FIX, 'tien-dong-2023-q3.docx'), join(dir, 'in', 'a.docx'));
      await copyFile(join(FIX, 'bad', 'truncated.pdf'), join(dir, 'in', 'hong.pdf'));
      const runner = createRunner({ threads: 0 });
      // The import shares this process's registry with the server (as `sohoa serve` and an embedded
      // import in one process would); a separate import process shows in sohoa_sources.
      const s = await runImport([join(dir, 'in')], { db: env.db, dispatcher: new EmbeddedDispatcher(env.db, runner.run, 2, 2, { metrics }) });
      expect(s).toMatchObject({ imported: 1, failed: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const after = (await local().get('/metrics')).body;
    expect(sample(after, 'sohoa_sources', { status: 'done' })).toBe(doneBefore + 1);
    expect(sample(after, 'sohoa_sources', { status: 'failed' })).toBe(failedBefore + 1);
    expect(sample(after, 'sohoa_jobs_total', { status: 'done', role: 'serve' })).toBe(1);
    expect(sample(after, 'sohoa_jobs_total', { status: 'failed', reason: 'corrupt' })).toBe(1);
    expect(sample(after, 'sohoa_stage_duration_seconds_count', { stage: 'extract' })).toBe(2);
    // Every line is a comment or a sample.
    for (const line of after.split('\n').filter(Boolean)) expect(line).toMatch(/^(# (HELP|TYPE) \S+ .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? ([-+0-9.eE]+|NaN|[+-]Inf))$/);
  }, 120_000);

  it('/healthz says ok while the store answers and 503 once it is stopped', async () => {
    const ok = await local().get('/healthz');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok', store: 'ok', redis: 'not configured' });

    const dir = await mkdtemp(join(tmpdir(), 'sohoa-health-'));
    const db = await openStore({ dataDir: dir });
    const app = await buildApp({ db, secret: 'a-test-secret-that-is-long-enough-0123456789', metrics: new Metrics('serve') });
    try {
      expect((await app.inject({ url: '/healthz', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
      await db.close();
      const down = await app.inject({ url: '/healthz', remoteAddress: '127.0.0.1' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ status: 'unhealthy', store: expect.stringMatching(/^error: /), redis: 'not configured' });
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
