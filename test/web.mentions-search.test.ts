// "Tìm số liệu": the open facts of every stored report, searched without accents. Real records:
// the seed .docx read by the pipeline and stored, on PGlite and (with DATABASE_URL) PostgreSQL.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../src/pipeline.js';
import { openStore, storeReport } from '../src/store/index.js';
import { searchMentions } from '../src/store/mentions-search.js';
import { openPg } from '../src/store/pg.js';
import { Client, makeEnv, type WebEnv } from './web.helpers.js';

const SEED_DOCX = join(import.meta.dirname, '..', 'fixtures', 'tien-dong-2023-q3.docx');

let env: WebEnv;
beforeAll(async () => {
  env = await makeEnv({}, SEED_DOCX);
});
afterAll(async () => env.cleanup());

const received = (hits: Awaited<ReturnType<typeof searchMentions>>) =>
  hits.filter((h) => h.mention.value === 259 && h.mention.factKey === 'hoso.tiep_nhan');

describe('open facts search (PGlite)', () => {
  it('an accent-free query finds the seed\'s 259 dossiers received, with its report linked', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    const page = await c.get('/mentions?q=ho+so+tiep+nhan');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tìm số liệu');
    expect(page.body).toMatch(/<td class="num">259<\/td>\s*<td>hồ sơ<\/td>\s*<td>Số hồ sơ tiếp nhận hồ sơ<\/td>/);
    expect(page.body).toContain(`href="/reports/${env.reportId}#moi-con-so"`);
    expect(page.body).toContain('<mark>259 hồ sơ</mark>');
    // Only mentions with every word: the received count, not the people surveyed (also 259).
    expect(page.body).not.toContain('người dân được lấy ý kiến');
  });

  it('accents, case and spacing do not matter; every word must occur', async () => {
    const plain = await searchMentions(env.db, { words: 'ho so tiep nhan' });
    const accented = await searchMentions(env.db, { words: '  HỒ SƠ   Tiếp Nhận ' });
    expect(received(plain)).toHaveLength(1);
    expect(accented).toEqual(plain);
    for (const h of plain) expect(h.mention.sentence.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').toLowerCase()).toContain('tiep nhan');
    expect(await searchMentions(env.db, { words: 'tiep nhan khong-co-tu-nay' })).toEqual([]);
    const online = await searchMentions(env.db, { words: 'truc tuyen' });
    expect(online.length).toBeGreaterThan(0);
    for (const h of online) expect(h.mention.sentence.toLowerCase()).toContain('trực tuyến');
    expect(await searchMentions(env.db, { words: 'Trực Tuyến' })).toEqual(online);
  });

  it('filters by unit noun, report unit and period', async () => {
    const people = await searchMentions(env.db, { words: '259', unitNoun: 'nguoi' });
    expect(people.map((h) => [h.mention.value, h.mention.unit])).toEqual([[259, 'người']]);
    expect(received(await searchMentions(env.db, { words: 'tiep nhan', unit: 'tien dong', periodYear: 2023, periodKind: 'quarter', periodNumber: 3 }))).toHaveLength(1);
    expect(await searchMentions(env.db, { words: 'tiep nhan', periodYear: 2022 })).toEqual([]);
    expect(await searchMentions(env.db, { words: 'tiep nhan', unit: 'hoa binh' })).toEqual([]);
    const c = new Client(env.app);
    await c.login('chi.xem');
    expect((await c.get('/mentions?q=tiep+nhan&period=2023-Q3')).body).toContain('Số hồ sơ tiếp nhận hồ sơ');
    expect((await c.get('/mentions?q=tiep+nhan&period=2022-Q3')).body).toContain('Không tìm thấy số liệu nào.');
    expect((await c.get('/mentions?q=tiep+nhan&period=quy-ba')).body).toContain('Kỳ &quot;quy-ba&quot; không hợp lệ');
  });

  it('LIKE wildcards in a query are plain characters', async () => {
    expect(await searchMentions(env.db, { words: 'tiep%nhan' })).toEqual([]);
    expect(await searchMentions(env.db, { words: '2_9' })).toEqual([]);
    expect((await searchMentions(env.db, { words: '100%' })).length).toBeGreaterThan(0);
  });

  it('the form alone lists nothing; an HTML-special query is escaped', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    const empty = await c.get('/mentions');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).not.toContain('<table class="grid mentions">');
    expect(empty.body).toContain('<a href="/mentions" aria-current="page">Tìm số liệu</a>');
    const evil = '<script>alert("x")</script>';
    const page = await c.get(`/mentions?q=${encodeURIComponent(evil)}&unitNoun=${encodeURIComponent('"><b>')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('"><b>');
    expect(page.body).toContain('value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"');
    expect(page.body).toContain('Không tìm thấy số liệu nào.');
  });

  it('anonymous users are sent to sign in', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/mentions?q=tiep+nhan' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/mentions?q=tiep+nhan')}`);
    expect(res.body).not.toContain('259');
  });

  it('a record stored without open facts has none to find', async () => {
    const { value } = await extractFile(SEED_DOCX);
    const { mentions: _dropped, ...old } = value;
    await storeReport(env.db, { ...old, source: { ...old.source, sha256: 'e'.repeat(64) } }, { paths: ['/old/tien-dong.docx'] });
    expect(received(await searchMentions(env.db, { words: 'tiep nhan' }))).toHaveLength(1);
  });
});

// CI sets SOHOA_REQUIRE_SERVICES=1: there a missing DATABASE_URL is a failure, not a skip.
const url = process.env.DATABASE_URL;
describe.skipIf(!url && process.env.SOHOA_REQUIRE_SERVICES !== '1')('open facts search (PostgreSQL)', () => {
  it('the same query gives the same hits as on PGlite', async () => {
    if (!url) throw new Error('DATABASE_URL is required when SOHOA_REQUIRE_SERVICES=1');
    const schema = `sohoa_test_${randomBytes(4).toString('hex')}`;
    const db = await openStore({ databaseUrl: url, schema });
    try {
      const { value } = await extractFile(SEED_DOCX);
      await storeReport(db, value, { paths: [SEED_DOCX] });
      for (const words of ['ho so tiep nhan', 'TRỰC TUYẾN', 'truc tuyen', '259']) {
        const pg = await searchMentions(db, { words });
        const lite = await searchMentions(env.db, { words });
        expect(pg.length).toBeGreaterThan(0);
        expect(pg.map((h) => h.mention)).toEqual(lite.map((h) => h.mention));
      }
      expect(received(await searchMentions(db, { words: 'ho so tiep nhan', unitNoun: 'HỒ SƠ', unit: 'Tiên Động', periodYear: 2023 }))).toHaveLength(1);
    } finally {
      await db.close();
      const admin = await openPg({ connectionString: url });
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.close();
    }
  });
});
