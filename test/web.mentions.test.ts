// The report page lists every number of the narrative (open facts) with what it measures and its
// scope, read from the stored record; records stored before open facts were read show none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { listMentions } from '../src/store/mentions.js';
import { listConflicts, storeReport } from '../src/store/index.js';
import { extractFile } from '../src/pipeline.js';
import { Client, makeEnv, type WebEnv } from './web.helpers.js';

// A portal notice of the collection (fixtures/narratives/), as a plain-text report without its address line.
const KON_TUM = join(import.meta.dirname, '..', 'fixtures', 'narratives', '09-kon-tum-2023-q1.txt');

let env: WebEnv;
beforeAll(async () => {
  env = await makeEnv();
});
afterAll(async () => env.cleanup());

describe('open facts on the report page', () => {
  it('every number with its unit, measure and scope, in document order', async () => {
    const mentions = await listMentions(env.db, env.reportId);
    expect(mentions.length).toBeGreaterThan(50);
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    const page = await c.get(`/reports/${env.reportId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mọi con số trong phần thuyết minh');
    const first = mentions[0]!;
    expect(page.body).toContain(first.measure.replace(/&/g, '&amp;').replace(/"/g, '&quot;').slice(0, 20));
  });

  it('levels and states of a provincial notice', async () => {
    const { value } = await extractFile(KON_TUM);
    const { reportId } = await storeReport(env.db, { ...value, source: { ...value.source, sha256: 'b'.repeat(64) } }, { paths: [KON_TUM] });
    const mentions = await listMentions(env.db, reportId);
    expect(mentions.find((m) => m.value === 2521)?.scope.level).toBe('huyen');
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    const page = await c.get(`/reports/${reportId}`);
    expect(page.body).toMatch(/37,76[\s\S]{0,400}cấp huyện/);
    expect(page.body).toContain('kỳ trước chuyển sang');
    expect(page.body).toContain('đang giải quyết · chưa đến hạn');
  });

  it('a prose rate that does not fit its base is a review item with its page', async () => {
    const { value } = await extractFile(KON_TUM);
    const { reportId } = await storeReport(env.db, { ...value, source: { ...value.source, sha256: 'd'.repeat(64) } }, { paths: ['/notices/kon-tum.txt'] });
    const [rate] = (await listConflicts(env.db, { reportId })).filter((c) => c.rule === 'fact_rate_mismatch');
    expect(rate?.values).toEqual([2521, 6776, 37.76]);
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    const page = await c.get(`/conflicts/${rate!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('37,76');
    expect(page.body).toContain('Thuyết minh: tỷ lệ không khớp với số liệu nêu kèm');
  });

  it('a record stored without open facts lists none', async () => {
    const { value } = await extractFile(KON_TUM);
    const { mentions: _dropped, ...old } = value;
    const { reportId } = await storeReport(env.db, { ...old, source: { ...old.source, sha256: 'c'.repeat(64) } }, { paths: ['/old/kon-tum.txt'] });
    expect(await listMentions(env.db, reportId)).toEqual([]);
  });
});
