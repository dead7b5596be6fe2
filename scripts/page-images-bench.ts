// Measures the review page's page images (issue 18): pdftoppm time per page at the cache's
// resolution, PNG size per page, and how many distinct pages a reviewed conflict needs, hence the
// cache size per 1,000 reviewed conflicts. Usage: node --import tsx scripts/page-images-bench.ts FILE.pdf…
import { extractFile } from '../src/pipeline.js';
import { PAGE_DPI, pagePlace, renderPng } from '../src/web/page-images.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: page-images-bench.ts FILE.pdf…');
  process.exit(2);
}
const times: number[] = [];
const sizes: number[] = [];
let conflicts = 0;
let distinctPages = 0;
for (const file of files) {
  const { value: record } = await extractFile(file);
  const pages = record.source.pages ?? 0;
  const sizeOf = new Map<number, number>();
  for (let p = 1; p <= pages; p++) {
    const out = await renderPng(file, p);
    if (!out.ok) throw new Error(`${file} page ${p}: ${out.reason}`);
    times.push(out.ms);
    sizes.push(out.png.length);
    sizeOf.set(p, out.png.length);
  }
  // The pages a review of every conflict of this report shows: each side's page (cached once a report).
  const shown = new Set<number>();
  for (const c of record.conflicts) for (const e of c.evidence) {
    const place = pagePlace(e);
    if (place) shown.add(place.page);
  }
  conflicts += record.conflicts.length;
  distinctPages += shown.size;
  const kb = [...shown].reduce((n, p) => n + (sizeOf.get(p) ?? 0), 0) / 1024;
  console.log(`${file}: ${pages} pages, ${record.conflicts.length} conflicts showing ${shown.size} distinct pages (${kb.toFixed(0)} KB cached)`);
}
const sorted = [...times].sort((a, b) => a - b);
const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.round(f * (sorted.length - 1)))]!;
const meanKb = sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024;
console.log(`render at ${PAGE_DPI} dpi + 16-level gray PNG: ${times.length} pages, median ${q(0.5).toFixed(0)} ms, p90 ${q(0.9).toFixed(0)} ms, max ${q(1).toFixed(0)} ms`);
console.log(`PNG size: mean ${meanKb.toFixed(0)} KB, max ${(Math.max(...sizes) / 1024).toFixed(0)} KB`);
const perConflict = distinctPages / Math.max(1, conflicts);
console.log(`distinct pages per conflict: ${perConflict.toFixed(2)} → per 1,000 reviewed conflicts ${(perConflict * 1000).toFixed(0)} pages ≈ ${((perConflict * 1000 * meanKb) / 1024).toFixed(1)} MB`);
console.log(`worst case (3 sides on 3 different pages, no page shared): ${((3000 * meanKb) / 1024).toFixed(0)} MB per 1,000 conflicts`);
