// The printed page beside a value: which page and box each side of a conflict was read from, and
// the page rendered once by poppler's pdftoppm and cached, so the reviewer checks the source itself
// and not only the text sohoa extracted from it. The source file is found through the paths the
// store recorded (an archive entry is read out of its .zip) and its bytes must still hash to the
// report's sha256: a file changed or gone since import is said so, never shown as if it were the one.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { walkZip, DEFAULT_ZIP_LIMITS } from '../ingest/zip.js';
import { ProcessError, runProcess } from '../ocr/exec.js';
import { parsePgm } from '../ocr/pgm.js';
import { encodeGray4Png } from './png.js';
import type { ConflictDetail, FactRow, IndicatorRow } from '../store/review.js';
import type { Db } from '../store/db.js';
import { getSourcePaths, splitArchivePath } from '../store/sources.js';

/**
 * Render resolution. 110 dpi shows 10–13 pt print legibly on a screen (a digit is ~15 px high); as a
 * 16-level gray PNG (png.ts) an A4 page is 50–80 KB. The box is drawn by the browser, so one image a
 * page serves every value on it.
 */
export const PAGE_DPI = 110;

export type Box = [number, number, number, number];

/** Where the cached pages live: SOHOA_PAGE_CACHE, else the embedded data folder, else (queue mode) a folder under the system temp dir. */
export function pageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SOHOA_PAGE_CACHE) return resolve(env.SOHOA_PAGE_CACHE);
  if (env.DATABASE_URL) return join(tmpdir(), 'sohoa-page-images');
  return join(resolve(env.SOHOA_DATA ?? 'sohoa-data'), 'page-images');
}

export function cachePath(dir: string, sha256: string, page: number, dpi = PAGE_DPI): string {
  return join(dir, sha256.slice(0, 2), `${sha256}-p${page}-${dpi}.png`);
}

/** Page and box of a provenance, when it has both a page and a well-formed box. */
export function pagePlace(prov: unknown): { page: number; box: Box | null } | null {
  if (!prov || typeof prov !== 'object') return null;
  const p = prov as { page?: unknown; boxPage?: unknown; bbox?: unknown };
  const page = typeof p.boxPage === 'number' ? p.boxPage : p.page;
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) return null;
  const b = p.bbox;
  const box = Array.isArray(b) && b.length === 4 && b.every((n) => typeof n === 'number' && Number.isFinite(n)) && b[2] > b[0] && b[3] > b[1] ? (b as Box) : null;
  return { page, box };
}

export interface SidePage {
  /** Index of the side (SideView.index). */
  index: number;
  ref: string;
  page: number;
  box: Box | null;
  url: string;
}

export interface PageImagesView {
  /** Per side that has a page: where it was read from. */
  sides: SidePage[];
  /** Vietnamese reason no page can be shown (file gone, changed, not a PDF); null when they can. */
  unavailable: string | null;
  dpi: number;
}

type Detail = Pick<ConflictDetail, 'conflict' | 'report'>;

/** Which page and box each side was read from: its row's or fact's provenance, else the rule's evidence. Pure. */
export function sidePages(detail: Detail, sides: { index: number; ref: string }[], indicators: Pick<IndicatorRow, 'ref' | 'provenance'>[], facts: Pick<FactRow, 'ref' | 'provenance'>[]): SidePage[] {
  const byRef = new Map<string, unknown>([...indicators.map((r) => [r.ref, r.provenance] as const), ...facts.map((r) => [r.ref, r.provenance] as const)]);
  const evidence = detail.conflict.evidence;
  const out: SidePage[] = [];
  for (const s of sides) {
    // One field with several values: each value's own evidence says where it was printed.
    const many = detail.conflict.refs.length === 1 && detail.conflict.values.length > 1;
    const place = (many ? pagePlace(evidence[s.index]) : null) ?? pagePlace(byRef.get(s.ref)) ?? pagePlace(evidence[s.index]);
    if (!place) continue;
    out.push({ index: s.index, ref: s.ref, page: place.page, box: place.box, url: `/pages/${detail.report.id}/${place.page}.png` });
  }
  return out;
}

export const MESSAGES = {
  notPdf: 'Báo cáo này không phải tệp PDF: không có trang in để hiển thị.',
  gone: 'Không tìm thấy tệp gốc của báo cáo này ở các đường dẫn đã ghi nhận (tệp đã bị xoá hoặc chuyển đi), nên không hiển thị được trang in.',
  changed: 'Tệp ở đường dẫn đã ghi nhận đã bị thay đổi sau khi nhập (nội dung khác), nên không hiển thị trang in để tránh nhầm lẫn.',
  noPage: 'Tệp gốc không có trang này.',
  failed: 'Không dựng được ảnh trang in từ tệp gốc.',
} as const;

export type SourceLookup = { ok: true; path: string; cleanup?: () => Promise<void> } | { ok: false; reason: keyof typeof MESSAGES };

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The source file of a report, checked by its hash: a plain path is used as it is; an archive entry
 * is written to a private temp file (pdftoppm reads files). `changed` when every path found holds
 * other content now, `gone` when none is there.
 */
export async function findSource(db: Db, sha256: string): Promise<SourceLookup> {
  let changed = false;
  for (const p of await getSourcePaths(db, sha256)) {
    const inArchive = splitArchivePath(p);
    if (!inArchive) {
      if (!(await exists(p))) continue;
      if (sha(await readFile(p)) === sha256) return { ok: true, path: p };
      changed = true;
      continue;
    }
    if (!(await exists(inArchive.archive))) continue;
    let bytes: Buffer | null = null;
    await walkZip(inArchive.archive, DEFAULT_ZIP_LIMITS, async (v) => {
      if (bytes === null && v.info.name === inArchive.entry) bytes = await v.read();
    });
    if (bytes === null) continue;
    if (sha(bytes) !== sha256) {
      changed = true;
      continue;
    }
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-page-'));
    const path = join(dir, 'source.pdf');
    await writeFile(path, bytes);
    return { ok: true, path, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  return { ok: false, reason: changed ? 'changed' : 'gone' };
}

/**
 * Whether the conflict page can offer images: a cached page needs no file; otherwise a recorded
 * path must still exist (hashing waits for the image request, so showing the page stays cheap).
 */
export async function pagesAvailability(db: Db, report: { sourceSha256: string; format: string | null }, pages: number[], dir = pageCacheDir()): Promise<string | null> {
  if (report.format !== 'pdf') return MESSAGES.notPdf;
  if (pages.length === 0) return null;
  const cached = await Promise.all(pages.map((p) => exists(cachePath(dir, report.sourceSha256, p))));
  if (cached.every(Boolean)) return null;
  for (const p of await getSourcePaths(db, report.sourceSha256)) {
    if (await exists(splitArchivePath(p)?.archive ?? p)) return null;
  }
  return MESSAGES.gone;
}

export async function pageImagesView(db: Db, detail: Detail & { report: { sourceSha256: string; format: string | null } }, sides: { index: number; ref: string }[], indicators: IndicatorRow[], facts: FactRow[]): Promise<PageImagesView> {
  const placed = sidePages(detail, sides, indicators, facts);
  const unavailable = placed.length > 0 ? await pagesAvailability(db, detail.report, [...new Set(placed.map((s) => s.page))]) : null;
  return { sides: placed, unavailable, dpi: PAGE_DPI };
}

export type RenderOutcome = { ok: true; png: Buffer; cached: boolean; ms: number } | { ok: false; status: number; reason: keyof typeof MESSAGES };

const inFlight = new Map<string, Promise<RenderOutcome>>();
// Renders run one after another: a reviewer's page never competes with a second pdftoppm for the CPU.
let chain: Promise<unknown> = Promise.resolve();

/**
 * The PNG of one page of a report's source: from the cache, else rendered once (concurrent requests
 * for the same page share one render) and written atomically into the cache.
 */
export function pageImage(db: Db, sha256: string, page: number, dir = pageCacheDir()): Promise<RenderOutcome> {
  const target = cachePath(dir, sha256, page);
  const running = inFlight.get(target);
  if (running) return running;
  const job = (async (): Promise<RenderOutcome> => {
    const cached = await readFile(target).catch(() => null);
    if (cached) return { ok: true, png: cached, cached: true, ms: 0 };
    const source = await findSource(db, sha256);
    if (!source.ok) return { ok: false, status: source.reason === 'gone' ? 404 : 409, reason: source.reason };
    const run = chain.then(() => renderToCache(source.path, page, target));
    chain = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      await source.cleanup?.();
    }
  })();
  inFlight.set(target, job);
  void job.finally(() => inFlight.delete(target)).catch(() => undefined);
  return job;
}

/** One page of a PDF as a 16-level gray PNG at PAGE_DPI (what the cache holds), with the time pdftoppm and the encoding took. */
export async function renderPng(pdf: string, page: number): Promise<{ ok: true; png: Buffer; ms: number } | { ok: false; status: number; reason: 'noPage' | 'failed' }> {
  const work = await mkdtemp(join(tmpdir(), 'sohoa-render-'));
  try {
    const prefix = join(work, 'page');
    const t0 = performance.now();
    try {
      await runProcess('pdftoppm', ['-gray', '-r', String(PAGE_DPI), '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix], { timeoutMs: 60_000 });
    } catch (e) {
      // A page past the end: "Wrong page range given" (exit 99).
      const noPage = e instanceof ProcessError && /page range/i.test(e.stderr);
      return { ok: false, status: noPage ? 404 : 500, reason: noPage ? 'noPage' : 'failed' };
    }
    const pgm = await readFile(`${prefix}.pgm`).catch(() => null);
    if (!pgm) return { ok: false, status: 404, reason: 'noPage' };
    return { ok: true, png: encodeGray4Png(parsePgm(pgm)), ms: performance.now() - t0 };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function renderToCache(pdf: string, page: number, target: string): Promise<RenderOutcome> {
  const out = await renderPng(pdf, page);
  if (!out.ok) return out;
  // A cache that cannot be written (disk full, folder removed meanwhile) costs a re-render later, never the image.
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(tmp, out.png);
    await rename(tmp, target);
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
  return { ok: true, png: out.png, cached: false, ms: out.ms };
}
