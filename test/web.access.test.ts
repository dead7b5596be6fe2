// The review server through fastify inject against an embedded store with the seed report:
// sign-in, sessions, CSRF, roles, correction parsing, bulk decisions, revert. Every refused request
// is checked to have changed nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../src/pipeline.js';
import { correctionHistory, getConflict, listConflicts, storeReport, type Db } from '../src/store/index.js';
import { getUserByName } from '../src/store/web-queries.js';
import { Client, makeEnv, type WebEnv } from './web.helpers.js';

let env: WebEnv;
let rateConflict: number;

async function snapshot(db: Db) {
  const corrections = await correctionHistory(db, { limit: 10_000 });
  const open = await listConflicts(db, { status: 'open', limit: 10_000 });
  return { corrections: corrections.length, open: open.map((c) => c.id) };
}

beforeAll(async () => {
  env = await makeEnv({ loginRateLimit: { max: 6, timeWindow: '1 minute' } });
  const c = (await listConflicts(env.db, { rule: 'rate_mismatch', limit: 100 })).find((x) => x.refs[0] === 'form1:2');
  if (!c) throw new Error('seed conflict form1:2 vs 2.1/2.2 missing');
  rateConflict = c.id;
}, 120_000);
afterAll(async () => env?.cleanup());

describe('without a session', () => {
  it('pages redirect to the sign-in page, the API answers 401, and a POST changes nothing', async () => {
    const before = await snapshot(env.db);
    const anon = new Client(env.app);
    const page = await anon.get('/queue?rule=rate_mismatch');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fqueue%3Frule%3Drate_mismatch');
    expect((await anon.get('/api/conflicts')).statusCode).toBe(401);
    expect((await anon.get('/export?format=csv')).statusCode).toBe(303);
    expect((await anon.get('/admin/users')).statusCode).toBe(303);
    // A forged form post with a token from the sign-in page still has no session.
    await anon.get('/login');
    const post = await anon.post(`/conflicts/${rateConflict}/decide`, { action: 'correct', ref: 'form1:2', value: '76,92' });
    expect(post.statusCode).toBe(401);
    expect(post.body).toContain('Bạn cần đăng nhập');
    expect(await snapshot(env.db)).toEqual(before);
  });

  it('a tampered session cookie is no session', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    const real = c.cookies.get('sohoa_session')!;
    // Claim to be user 2 (the admin) while keeping the signature of user 1's cookie.
    c.cookies.set('sohoa_session', real.replace(/^\d+/, '2'));
    const res = await c.get('/admin/users');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});

describe('signing in', () => {
  it('sets a signed, http-only, SameSite=Lax session cookie and goes to the page asked for', async () => {
    const c = new Client(env.app);
    await c.get('/login?next=%2Freports');
    const res = await c.post('/login', { name: 'lan.nguyen', password: 'mật-khẩu-rà-soát', next: '/reports' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/reports');
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((s) => s.startsWith('sohoa_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/^sohoa_session=\d+\.\d+\.[^;\s]+;/);
    expect((await c.get('/reports')).body).toContain('Tiên Động');
  });

  it('refuses a wrong password in Vietnamese, and an outside "next" is ignored', async () => {
    const c = new Client(env.app);
    await c.get('/login');
    const bad = await c.post('/login', { name: 'lan.nguyen', password: 'sai-mat-khau', next: '/' });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain('Sai tên đăng nhập hoặc mật khẩu.');
    const ok = await c.post('/login', { name: 'lan.nguyen', password: 'mật-khẩu-rà-soát', next: '//evil.example/' });
    expect(ok.headers.location).toBe('/');
  });

  it('rate-limits sign-in attempts', async () => {
    const c = new Client(env.app, '10.0.0.9');
    await c.get('/login');
    const token = c.token();
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await c.post('/login', { name: 'x', password: 'y' }, { csrf: token })).statusCode);
    expect(codes).toContain(429);
    const limited = await c.post('/login', { name: 'lan.nguyen', password: 'mật-khẩu-rà-soát' }, { csrf: token });
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('quá nhiều lần');
  });
});

describe('CSRF', () => {
  it('a decision with a bad or missing token is refused with 403 and changes nothing', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    await c.get(`/conflicts/${rateConflict}`);
    const before = await snapshot(env.db);
    const forged = await c.post(`/conflicts/${rateConflict}/decide`, { action: 'correct', ref: 'form1:2', value: '76,92' }, { csrf: 'bogus-token' });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('CSRF');
    const missing = await c.post(`/conflicts/${rateConflict}/decide`, { action: 'keep' }, { csrf: null });
    expect(missing.statusCode).toBe(403);
    const json = await c.postJson(`/api/conflicts/${rateConflict}/decide`, { action: 'keep' }, null);
    expect(json.statusCode).toBe(403);
    const bulk = await c.post('/queue/bulk', { rule: 'rate_mismatch', action: 'suggestion', ids: [String(rateConflict)] }, { csrf: 'x' });
    expect(bulk.statusCode).toBe(403);
    // Another user's token (from another browser) does not work either.
    const other = new Client(env.app);
    await other.login('quan.tri');
    await other.get('/');
    const crossed = await c.post(`/conflicts/${rateConflict}/decide`, { action: 'keep' }, { csrf: other.token() });
    expect(crossed.statusCode).toBe(403);
    expect(await snapshot(env.db)).toEqual(before);
  });
});

describe('roles', () => {
  it('reviewers are refused admin pages (403); admins see them', async () => {
    const reviewer = new Client(env.app);
    await reviewer.login('lan.nguyen');
    expect((await reviewer.get('/admin/users')).statusCode).toBe(403);
    expect((await reviewer.get('/admin/queues')).statusCode).toBe(403);
    await reviewer.get('/');
    const add = await reviewer.post('/admin/users', { name: 'ke.gian', role: 'admin', password: '12345678910' });
    expect(add.statusCode).toBe(403);
    expect(await getUserByName(env.db, 'ke.gian')).toBeNull();
    expect((await reviewer.get('/')).body).not.toContain('/admin/users');

    const admin = new Client(env.app);
    await admin.login('quan.tri');
    const users = await admin.get('/admin/users');
    expect(users.statusCode).toBe(200);
    expect(users.body).toContain('lan.nguyen');
    const created = await admin.post('/admin/users', { name: 'minh.tran', role: 'reviewer', password: 'một-mật-khẩu-dài' });
    expect(created.statusCode).toBe(303);
    expect((await getUserByName(env.db, 'minh.tran'))?.role).toBe('reviewer');
  });

  it('a read-only account cannot decide', async () => {
    const viewer = new Client(env.app);
    await viewer.login('chi.xem');
    const page = await viewer.get(`/conflicts/${rateConflict}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Lưu giá trị sửa');
    const before = await snapshot(env.db);
    const res = await viewer.post(`/conflicts/${rateConflict}/decide`, { action: 'keep' });
    expect(res.statusCode).toBe(403);
    expect(await snapshot(env.db)).toEqual(before);
  });
});

describe('correcting a value', () => {
  it.each([
    ['abc', 'không phải là số'],
    ['', 'Chưa nhập giá trị'],
    ['8/8', 'là một tỷ số'],
    ['-5', 'số âm'],
  ])('"%s" is refused with a Vietnamese message and nothing is stored', async (value, message) => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    await c.get(`/conflicts/${rateConflict}`);
    const before = await snapshot(env.db);
    const res = await c.post(`/conflicts/${rateConflict}/decide`, { action: 'correct', ref: 'form1:2', value, comment: 'thử' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(message);
    // What was typed is kept in the form.
    expect(res.body).toContain(`name="value" value="${value.replace(/"/g, '&quot;')}"`);
    expect(await snapshot(env.db)).toEqual(before);
  });

  it('a field the conflict does not name is refused', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    await c.get(`/conflicts/${rateConflict}`);
    const res = await c.post(`/conflicts/${rateConflict}/decide`, { action: 'correct', ref: 'form3:1.4', value: '1' });
    expect(res.statusCode).toBe(400);
  });

  it('"76,92" is stored as 76.92 with author and reason, resolves the conflict and moves to the next one', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    await c.get(`/conflicts/${rateConflict}?rule=rate_mismatch`);
    const res = await c.post(`/conflicts/${rateConflict}/decide`, {
      action: 'correct',
      ref: 'form1:2',
      value: '76,92',
      comment: 'tính lại từ 20/26',
      back: '?rule=rate_mismatch&status=open',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/conflicts/next?rule=rate_mismatch&status=open&after=${rateConflict}&ok=correct`);
    const next = await c.get(res.headers.location as string);
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toMatch(/^\/(conflicts\/\d+|queue)\?/);
    expect(next.headers.location).not.toContain(`/conflicts/${rateConflict}?`);

    const detail = await getConflict(env.db, rateConflict);
    expect(detail.conflict).toMatchObject({ status: 'resolved', resolutionHow: 'corrected', resolvedBy: 'lan.nguyen' });
    const [corr] = detail.corrections;
    expect(corr).toMatchObject({ ref: 'form1:2', oldValue: 100, newValue: 76.92, author: 'lan.nguyen' });
    expect(corr!.reason).toContain('tính lại từ 20/26');
    // The rules re-ran on the corrected record: the rate no longer conflicts.
    expect(detail.fields.find((f) => f.ref === 'form1:2')).toMatchObject({ extracted: 100, current: 76.92, corrected: true });
    // Deciding again on a resolved conflict is refused.
    await c.get(`/conflicts/${rateConflict}`);
    expect(c.lastHtml).not.toContain('Lưu giá trị sửa');
  });

  it('the report page marks the corrected value and its history; revert appends a row and reopens', async () => {
    const c = new Client(env.app);
    await c.login('quan.tri');
    const page = await c.get(`/reports/${env.reportId}`);
    expect(page.body).toMatch(/class="num corrected">76,92 <span class="badge">đã sửa<\/span>/);
    const [corr] = await correctionHistory(env.db, { reportId: env.reportId, ref: 'form1:2' });
    expect(page.body).toContain(`/corrections/${corr!.id}/revert`);
    const res = await c.post(`/corrections/${corr!.id}/revert`, { reason: 'nhầm, đối chiếu lại bản gốc' });
    expect(res.statusCode).toBe(303);
    const rows = await correctionHistory(env.db, { reportId: env.reportId, ref: 'form1:2' });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ reverts: corr!.id, oldValue: 76.92, newValue: 100, author: 'quan.tri', reason: 'nhầm, đối chiếu lại bản gốc' });
    expect(rows[1]).toMatchObject({ id: corr!.id, newValue: 76.92, revertedBy: rows[0]!.id });
    expect((await getConflict(env.db, rateConflict)).conflict.status).toBe('open');
    // A second revert of the same correction is refused.
    await c.get(`/reports/${env.reportId}`);
    expect((await c.post(`/corrections/${corr!.id}/revert`, { reason: 'lần nữa' })).statusCode).toBe(409);
  });

  it('the JSON API decides with the token in a header', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    const { token } = JSON.parse((await c.get('/api/csrf')).body) as { token: string };
    const bad = await c.postJson(`/api/conflicts/${rateConflict}/decide`, { action: 'correct', ref: 'form1:2', value: '7/9' }, token);
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error).toContain('tỷ số');
    const ok = await c.postJson(`/api/conflicts/${rateConflict}/decide`, { action: 'suggestion', comment: 'qua API' }, token);
    expect(ok.statusCode).toBe(200);
    const detail = await getConflict(env.db, rateConflict);
    expect(detail.conflict.status).toBe('resolved');
    expect(detail.fields.find((f) => f.ref === 'form1:2')?.current).toBe(76.92);
  });
});

describe('bulk decisions', () => {
  beforeAll(async () => {
    // A second commune's report with the same kind of finding, so one bulk decision spans reports.
    const other = 'fixtures/corpus/010-dinh-cong-2019-h1.doc';
    await storeReport(env.db, (await extractFile(other)).value, { paths: [other] });
  });

  it('filters one rule by the difference from the suggestion and records each decision on its own', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    // These rows are blank in the table, so there is no printed number to compare: a limit hides them all.
    const limited = await c.get('/queue?rule=table_blank_narrative_states&maxDiff=0,1');
    expect(limited.statusCode).toBe(200);
    expect(limited.body).toContain('<strong>0</strong> xung đột');
    const all = await c.get('/queue?rule=table_blank_narrative_states');
    const ids = [...all.body.matchAll(/name="ids" value="(\d+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const before = (await correctionHistory(env.db, { limit: 10_000 })).length;
    const res = await c.post('/queue/bulk', { rule: 'table_blank_narrative_states', action: 'suggestion', ids, comment: 'thuyết minh có số', back: '?rule=table_blank_narrative_states' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Đã xử lý <strong>${ids.length}</strong>`);
    const after = await correctionHistory(env.db, { limit: 10_000 });
    expect(after.length - before).toBe(ids.length);
    for (const id of ids) expect((await getConflict(env.db, Number(id))).conflict.status).toBe('resolved');
    expect(after.slice(0, ids.length).every((r) => r.author === 'lan.nguyen' && r.reason.includes('thuyết minh có số'))).toBe(true);
  });

  it('refuses conflicts of another rule than the one filtered', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    await c.get('/queue?rule=unit_name_spelling');
    const other = (await listConflicts(env.db, { rule: 'fact_vs_table', status: 'open' }))[0]!;
    const res = await c.post('/queue/bulk', { rule: 'unit_name_spelling', action: 'confirm', ids: [String(other.id)] });
    expect(res.body).toContain('Không cùng quy tắc');
    expect((await getConflict(env.db, other.id)).conflict.status).toBe('open');
  });
});

describe('pages', () => {
  it('the conflict page shows each side, the evidence with the numbers marked, the suggestion and the key legend', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    const fact = (await listConflicts(env.db, { rule: 'fact_vs_table' })).find((x) => x.refs.includes('fact:hoso.truc_tuyen'))!;
    const res = await c.get(`/conflicts/${fact.id}`);
    expect(res.body).toContain('Biểu mẫu 7 dòng 6.7.2');
    expect(res.body).toContain('<mark>258</mark>/<mark>259</mark>');
    expect(res.body).toMatch(/<td>6\.7\.2<\/td><td>Số hồ sơ TTHC đã tiếp nhận trực tuyến<\/td><td>Hồ sơ<\/td><td class="num"><mark>259<\/mark>/);
    expect(res.body).toContain('data-key="1"');
    expect(res.body).toContain('data-key="k"');
    expect(res.body).toContain('<kbd>n</kbd> xung đột tiếp theo');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('the overview counts conflicts per unit and period', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    const res = await c.get('/');
    expect(res.body).toContain('xã Tiên Động');
    expect(res.body).toContain('Quý III/2023');
  });

  it('the export download carries the current values', async () => {
    const c = new Client(env.app);
    await c.login('lan.nguyen');
    const res = await c.get('/export?format=csv&period=2023-Q3&unit=tien%20dong');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="sohoa-2023-Q3.csv"');
    const line = res.body.split('\n').find((l) => l.includes(',form1:2,'))!;
    expect(line).toContain(',100,100,76.92,đã sửa,');
    expect((await c.get('/export?format=csv&period=2023-Q9')).statusCode).toBe(400);
  });
});
