// Shared by the web tests: a temp embedded store with the seed report imported, users, and a tiny
// cookie jar over fastify's inject so a test can sign in and submit forms like a browser.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { extractFile } from '../src/pipeline.js';
import { openStore, storeReport, type Db } from '../src/store/index.js';
import { upsertUser } from '../src/store/web-queries.js';
import { buildApp, type WebOptions } from '../src/web/app.js';
import { hashPassword } from '../src/web/password.js';

export const SEED = join(import.meta.dirname, '..', 'fixtures', 'tien-dong-2023-q3.txt');
export const PASSWORDS = { 'lan.nguyen': 'mật-khẩu-rà-soát', 'quan.tri': 'mật-khẩu-quản-trị', 'chi.xem': 'chỉ-xem-thôi-nhé' };

export interface WebEnv {
  db: Db;
  dir: string;
  reportId: number;
  app: FastifyInstance;
  cleanup(): Promise<void>;
}

export async function makeEnv(options: Partial<WebOptions> = {}, seed = SEED): Promise<WebEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'sohoa-web-'));
  const db = await openStore({ dataDir: dir });
  const { value: record } = await extractFile(seed);
  const { reportId } = await storeReport(db, record, { paths: [seed] });
  await upsertUser(db, { name: 'lan.nguyen', role: 'reviewer', passwordHash: await hashPassword(PASSWORDS['lan.nguyen']) });
  await upsertUser(db, { name: 'quan.tri', role: 'admin', passwordHash: await hashPassword(PASSWORDS['quan.tri']) });
  await upsertUser(db, { name: 'chi.xem', role: 'viewer', passwordHash: await hashPassword(PASSWORDS['chi.xem']) });
  const app = await buildApp({ db, secret: 'a-test-secret-that-is-long-enough-0123456789', ...options });
  return {
    db,
    dir,
    reportId,
    app,
    async cleanup() {
      await app.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let clients = 0;

/** A browser-like client over inject: keeps cookies, reads CSRF tokens from the last page. */
export class Client {
  readonly cookies = new Map<string, string>();
  lastHtml = '';
  /** remoteAddress: sign-in is rate-limited per client address, so a test can be "another machine". */
  constructor(
    readonly app: FastifyInstance,
    readonly remoteAddress = `10.1.${Math.floor(++clients / 250)}.${clients % 250}`,
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    if (String(res.headers['content-type'] ?? '').startsWith('text/html')) this.lastHtml = res.body;
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** The CSRF token of the last HTML page seen. */
  token(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!m) throw new Error('no CSRF token on the last page');
    return m[1]!;
  }

  async post(url: string, form: Record<string, string | string[]>, opts: { csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    const token = opts.csrf === undefined ? this.token() : opts.csrf;
    if (token !== null) body.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  async postJson(url: string, json: unknown, csrf: string | null): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        payload: JSON.stringify(json),
      }),
    );
  }

  async login(name: keyof typeof PASSWORDS): Promise<LightMyRequestResponse> {
    await this.get('/login');
    return this.post('/login', { name, password: PASSWORDS[name], next: '/' });
  }
}
