// The printed page as an image: GET /pages/<report id>/<page>.png, for signed-in users only (the
// app's session hook answers anonymous requests with a redirect to sign in, or 401 for JSON), with
// the same reach as the report's data: any user who may open the report's conflicts. Rendered once
// and cached (page-images.ts); the box is drawn by the browser over the image (page-image.js).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { getReport, StoreError } from '../../store/index.js';
import type { WebContext } from '../context.js';
import { MESSAGES, pageImage } from '../page-images.js';
import { staticDir } from '../paths.js';

const ASSETS: Record<string, string> = { 'page-image.js': 'text/javascript; charset=utf-8', 'page-image.css': 'text/css; charset=utf-8' };

export function registerPageImages(app: FastifyInstance, ctx: WebContext): void {
  const assets = new Map(Object.keys(ASSETS).map((f) => [f, readFileSync(join(staticDir(), f))]));

  app.get('/pages/:reportId/:file', async (req, reply) => {
    const { reportId, file } = req.params as { reportId: string; file: string };
    const asset = reportId === 'assets' ? assets.get(file) : undefined;
    if (asset) return reply.type(ASSETS[file]!).header('Cache-Control', 'private, max-age=300').send(asset);
    const m = /^(\d{1,5})\.png$/.exec(file);
    if (!/^\d{1,9}$/.test(reportId) || !m || Number(m[1]) < 1) return reply.code(404).type('text/plain; charset=utf-8').send('Không tìm thấy trang này.');
    let report;
    try {
      report = await getReport(ctx.db, Number(reportId));
    } catch (e) {
      if (e instanceof StoreError && e.code === 'not_found') return reply.code(404).type('text/plain; charset=utf-8').send('Không tìm thấy báo cáo này.');
      throw e;
    }
    if (report.format !== 'pdf') return reply.code(404).type('text/plain; charset=utf-8').send(MESSAGES.notPdf);
    const out = await pageImage(ctx.db, report.sourceSha256, Number(m[1]));
    if (!out.ok) return reply.code(out.status).type('text/plain; charset=utf-8').send(MESSAGES[out.reason]);
    // Private: the page is the report's data, never kept by a shared cache; the browser may keep it.
    return reply.type('image/png').header('Cache-Control', 'private, max-age=86400').header('X-Sohoa-Render', out.cached ? 'cache' : `rendered ${Math.round(out.ms)} ms`).send(out.png);
  });
}
