// `npm run fuzz -- --count N [--seed S] [--deadline-ms D]`: the hostile-input campaign of issue 16.
// Writes N mutated files from fixtures/ and ../shared/devset/ (read-only) into a temp folder, runs
// `sohoa import --json` on them in batches (embedded mode, per-file time limit = D, each batch with a
// few clean reports that must still be imported) and `sohoa extract --json` on a sample (one process
// per file, killed past D), and prints: files tried, refused with a reason (by reason), records,
// crashes (must be 0), over the deadline (must be 0), peak memory. Exit code 1 when a crash or an
// overrun was seen; the files that caused them are kept and listed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mutate, type Kind, type Seed } from './fuzz/mutate.js';
import { Rng } from './fuzz/rng.js';
import { readZip, writeZip } from './fuzz/zip.js';
import { extractVerdict, importVerdicts, reasonClass, RSS_HOOK, runCli, type ImportDetail, type RunEnv, type Verdict } from './fuzz/run.js';

const root = resolve(import.meta.dirname, '..');

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    'deadline-ms': { type: 'string', default: '30000' },
    batch: { type: 'string', default: '250' },
    threads: { type: 'string', default: '2' },
    'extract-sample': { type: 'string' },
    'extract-parallel': { type: 'string', default: '2' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'with-scans': { type: 'boolean', default: false },
    /** Hide tesseract/pdftoppm (PATH without them): damaged text layers are not OCRed, each would take 10-60 s. */
    'no-ocr': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const count = Number(args.count);
const seedNo = Number(args.seed);
const deadlineMs = Number(args['deadline-ms']);
const batchSize = Math.max(1, Number(args.batch));
const threads = Math.max(1, Number(args.threads));
const extractSample = Math.min(count, args['extract-sample'] !== undefined ? Number(args['extract-sample']) : Math.min(count, 300));
const extractParallel = Math.max(1, Number(args['extract-parallel']));

function kindOf(name: string): Kind | null {
  const e = extname(name).toLowerCase();
  return e === '.pdf' ? 'pdf' : e === '.docx' ? 'docx' : e === '.doc' ? 'doc' : e === '.txt' ? 'txt' : null;
}

function loadSeeds(): Seed[] {
  const dirs = [join(root, 'fixtures'), join(root, 'fixtures', 'corpus'), join(root, 'fixtures', 'bad'), resolve(root, '..', 'shared', 'devset')];
  const seeds: Seed[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const kind = kindOf(name);
      if (!kind) continue;
      const bytes = readFileSync(join(dir, name));
      // Image-only PDFs are OCRed (seconds a page): left out unless asked for.
      if (kind === 'pdf' && !args['with-scans'] && bytes.length > 1000 && !bytes.includes('/Font')) continue;
      if (!bytes.length) continue;
      seeds.push({ name: `${basename(dir)}/${name}`, kind, bytes });
    }
  }
  return seeds;
}

interface FileInfo {
  path: string;
  family: string;
  seed: string;
  sentinel: boolean;
}

async function writeSparse(path: string, size: number): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.truncate(size);
  } finally {
    await fh.close();
  }
}

function tally<K>(m: Map<K, number>, k: K, n = 1): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'workers', 'extract-thread.js'))) {
    process.stderr.write('fuzz: dist/ is missing: run `npm run build` first\n');
    process.exit(1);
  }
  const seeds = loadSeeds();
  const work = args.out ? resolve(args.out) : await mkdtemp(join(tmpdir(), 'sohoa-fuzz-'));
  await mkdir(work, { recursive: true });
  const filesDir = join(work, 'files');
  const rssHook = join(work, 'rss-hook.cjs');
  await writeFile(rssHook, RSS_HOOK);
  const env: NodeJS.ProcessEnv = { ...process.env, SOHOA_DATA: join(work, 'data'), SOHOA_FILE_TIMEOUT_MS: String(deadlineMs), MALLOC_ARENA_MAX: '2' };
  if (args['no-ocr']) {
    const empty = join(work, 'no-ocr-bin');
    await mkdir(empty, { recursive: true });
    env.PATH = empty;
  }
  // Embedded mode: the campaign must not touch a shared queue or database.
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
  const run: RunEnv = { root, rssHook, env };
  const t0 = Date.now();
  process.stderr.write(`fuzz: ${count} files from ${seeds.length} seeds (seed ${seedNo}), deadline ${deadlineMs} ms, into ${work}\n`);

  // ---- write the files -------------------------------------------------------------------------
  const rng = new Rng(seedNo);
  const files: FileInfo[] = [];
  const batches: { dir: string; files: FileInfo[] }[] = [];
  const families = new Map<string, number>();
  const sentinelSources = ['tien-dong-2023-q3.txt', 'tien-dong-2023-q3.docx', 'tien-dong-2023-q3.pdf'].map((n) => join(root, 'fixtures', n));
  for (let i = 0; i < count; i++) {
    const b = Math.floor(i / batchSize);
    if (!batches[b]) {
      const dir = join(filesDir, `batch-${String(b).padStart(3, '0')}`);
      await mkdir(dir, { recursive: true });
      batches[b] = { dir, files: [] };
      // Clean reports with bytes of their own: they must be imported whatever sits beside them.
      for (const [k, src] of sentinelSources.entries()) {
        const bytes = readFileSync(src);
        const tag = `sentinel ${seedNo}-${b}-${k}`;
        const path = join(dir, `zz-sentinel-${k}${extname(src)}`);
        // Bytes of its own: a .docx gets the tag as its zip comment, the others a trailing line.
        const entries = src.endsWith('.docx') ? readZip(bytes) : null;
        await writeFile(
          path,
          entries
            ? writeZip(entries.map((e) => ({ name: e.name, data: e.data, deflate: e.deflate })), { comment: Buffer.from(tag) })
            : Buffer.concat([bytes, Buffer.from(`\n${src.endsWith('.pdf') ? '% ' : ''}${tag}\n`)]),
        );
        batches[b].files.push({ path, family: 'sentinel', seed: basename(src), sentinel: true });
      }
    }
    const m = mutate(seeds, rng, i);
    const path = join(batches[b].dir, `${String(i).padStart(5, '0')}-${m.family}.${m.ext}`);
    if (m.sparse) await writeSparse(path, m.sparse);
    else await writeFile(path, m.bytes!);
    const info = { path, family: m.family, seed: m.seed, sentinel: false };
    files.push(info);
    batches[b].files.push(info);
    tally(families, m.family);
  }
  process.stderr.write(`fuzz: wrote ${count} files in ${batches.length} batches (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

  // ---- sohoa import, batch by batch ----------------------------------------------------------
  const importVerdict = new Map<string, Verdict>();
  const importReasons = new Map<string, number>();
  const problems: { how: string; file: FileInfo | null; detail: string }[] = [];
  let importPeak = 0;
  let importTreePeak = 0;
  const batchPeaks: { batch: number; main: number; tree: number }[] = [];
  let entries = 0;
  let sentinelFailures = 0;
  const tImport = Date.now();
  for (const [bi, batch] of batches.entries()) {
    // Generous for the whole batch: every file may use its deadline, two threads at a time.
    const limit = 120_000 + Math.ceil(batch.files.length / threads) * deadlineMs;
    const p = await runCli(run, ['import', '--json', '--threads', String(threads), batch.dir], limit, join(work, `rss-import-${bi}`));
    importPeak = Math.max(importPeak, p.peakMb ?? 0);
    importTreePeak = Math.max(importTreePeak, p.peakTreeMb ?? 0);
    batchPeaks.push({ batch: bi, main: p.peakMb ?? 0, tree: p.peakTreeMb ?? 0 });
    let details: ImportDetail[] | null = null;
    try {
      details = (JSON.parse(p.stdout) as { details: ImportDetail[] }).details;
    } catch {
      details = null;
    }
    const stack = /\n\s+at /.test(p.stderr);
    if (p.killed || !details || (p.code !== 0 && p.code !== 2) || stack) {
      const how = p.killed ? 'over-deadline' : 'crash';
      problems.push({ how, file: null, detail: `import of ${batch.dir}: exit ${p.code ?? p.signal}${p.killed ? ` (killed after ${p.ms} ms)` : ''}: ${p.stderr.split('\n').slice(-5).join(' | ').slice(0, 600)}` });
      for (const f of batch.files) importVerdict.set(f.path, { kind: how, detail: `batch ${bi} ${how}` } as Verdict);
      continue;
    }
    const verdicts = importVerdicts(
      batch.files.map((f) => f.path),
      details,
    );
    entries += details.length;
    for (const f of batch.files) {
      const v = verdicts.get(f.path)!;
      if (f.sentinel) {
        if (v.kind !== 'record') {
          sentinelFailures++;
          problems.push({ how: 'collateral', file: f, detail: `clean report not imported: ${v.kind === 'refused' ? v.reason : v.kind}` });
        }
        continue;
      }
      // A parser thread that died is a crash even though the process went on.
      const verdict: Verdict = v.kind === 'refused' && /worker thread exited|parser process exited/.test(v.reason) ? { kind: 'crash', detail: v.reason } : v;
      importVerdict.set(f.path, verdict);
      if (verdict.kind === 'refused') tally(importReasons, reasonClass(verdict.reason));
      if (verdict.kind === 'crash') problems.push({ how: 'crash', file: f, detail: `import: ${verdict.detail}` });
    }
    const so = (k: Verdict['kind']) => [...importVerdict.values()].filter((v) => v.kind === k).length;
    process.stderr.write(
      `fuzz: import batch ${bi + 1}/${batches.length}: ${batch.files.length} files, exit ${p.code}, ${(p.ms / 1000).toFixed(1)} s, peak ${p.peakMb} MB (with parser processes ${p.peakTreeMb} MB); so far ${importVerdict.size} files: ${so('record')} records, ${so('refused')} refused, ${so('crash')} crashes, ${so('over-deadline')} over the deadline, ${sentinelFailures} clean reports failed\n`,
    );
  }
  const importSecs = (Date.now() - tImport) / 1000;

  // ---- sohoa extract on a sample -------------------------------------------------------------
  const sample: FileInfo[] = [];
  if (extractSample > 0) {
    const step = files.length / extractSample;
    const picked = new Set<number>([0, 1]);
    for (let k = 0; picked.size < extractSample && k < extractSample * 2; k++) picked.add(Math.floor(k * step) % files.length);
    for (const i of [...picked].sort((a, b) => a - b).slice(0, extractSample)) sample.push(files[i]!);
  }
  const extractVerdicts = new Map<string, Verdict>();
  const extractReasons = new Map<string, number>();
  let extractPeak = 0;
  let extractTreePeak = 0;
  let slowest = { ms: 0, file: '' };
  const tExtract = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: extractParallel }, async (_, w) => {
      while (next < sample.length) {
        const f = sample[next++]!;
        // The command stops itself at the deadline (SOHOA_FILE_TIMEOUT_MS); 5 s more for its start and exit.
        const p = await runCli(run, ['extract', '--json', f.path], deadlineMs + 5000, join(work, `rss-extract-${w}`));
        extractPeak = Math.max(extractPeak, p.peakMb ?? 0);
        extractTreePeak = Math.max(extractTreePeak, p.peakTreeMb ?? 0);
        if (p.ms > slowest.ms) slowest = { ms: p.ms, file: f.path };
        const v = extractVerdict(p);
        extractVerdicts.set(f.path, v);
        if (v.kind === 'refused') tally(extractReasons, reasonClass(v.reason));
        if (v.kind === 'crash' || v.kind === 'over-deadline') problems.push({ how: v.kind, file: f, detail: `extract: ${v.detail}` });
      }
    }),
  );
  const extractSecs = (Date.now() - tExtract) / 1000;

  // ---- report ---------------------------------------------------------------------------------
  const count3 = (m: Map<string, Verdict>, k: Verdict['kind']) => [...m.values()].filter((v) => v.kind === k).length;
  const sortDesc = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  const lines: string[] = [];
  const row = (label: string, a: string | number, b: string | number) => lines.push(`  ${label.padEnd(34)} ${String(a).padStart(9)} ${String(b).padStart(9)}`);
  lines.push(`sohoa fuzz: seed ${seedNo}, ${count} files (${batches.length} import batches of ≤ ${batchSize} + 3 clean reports each), deadline ${deadlineMs} ms${args['no-ocr'] ? ', OCR off' : ''}`);
  lines.push(`  ${''.padEnd(34)} ${'import'.padStart(9)} ${'extract'.padStart(9)}`);
  row('files tried', importVerdict.size, extractVerdicts.size);
  row('records', count3(importVerdict, 'record'), count3(extractVerdicts, 'record'));
  row('refused with a reason', count3(importVerdict, 'refused'), count3(extractVerdicts, 'refused'));
  const reasons = new Set([...importReasons.keys(), ...extractReasons.keys()]);
  for (const r of [...reasons].sort((a, b) => (importReasons.get(b) ?? 0) - (importReasons.get(a) ?? 0))) row(`  ${r}`, importReasons.get(r) ?? 0, extractReasons.get(r) ?? 0);
  row('crashes', count3(importVerdict, 'crash'), count3(extractVerdicts, 'crash'));
  row('over the deadline', count3(importVerdict, 'over-deadline'), count3(extractVerdicts, 'over-deadline'));
  row('clean reports failed beside them', sentinelFailures, '-');
  row('peak memory (RSS, MB): command', importPeak, extractPeak);
  row('  with its parser processes', importTreePeak, extractTreePeak);
  row('time (s)', importSecs.toFixed(0), extractSecs.toFixed(0));
  lines.push(`  import: ${entries} summary lines (archive entries counted), ${(importVerdict.size / importSecs).toFixed(1)} files/s; extract: slowest ${slowest.ms} ms (${basename(slowest.file)})`);
  lines.push(`  families: ${sortDesc(families).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (problems.length) {
    lines.push(`problems (${problems.length}); files kept in ${work}:`);
    for (const p of problems.slice(0, 50)) lines.push(`  ${p.how}: ${p.file ? `${basename(p.file.path)} (from ${p.file.seed})` : ''} ${p.detail}`);
    const keep = join(work, 'findings');
    await mkdir(keep, { recursive: true });
    for (const p of problems) if (p.file) await copyFile(p.file.path, join(keep, basename(p.file.path))).catch(() => undefined);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (args.json) {
    await writeFile(
      args.json,
      JSON.stringify(
        {
          seed: seedNo,
          count,
          deadlineMs,
          import: { files: importVerdict.size, records: count3(importVerdict, 'record'), refused: Object.fromEntries(importReasons), crashes: count3(importVerdict, 'crash'), overDeadline: count3(importVerdict, 'over-deadline'), peakMb: importPeak, peakTreeMb: importTreePeak, batchPeaks, seconds: importSecs },
          extract: { files: extractVerdicts.size, records: count3(extractVerdicts, 'record'), refused: Object.fromEntries(extractReasons), crashes: count3(extractVerdicts, 'crash'), overDeadline: count3(extractVerdicts, 'over-deadline'), peakMb: extractPeak, peakTreeMb: extractTreePeak, seconds: extractSecs },
          sentinelFailures,
          families: Object.fromEntries(families),
          problems: problems.map((p) => ({ ...p, file: p.file?.path ?? null })),
        },
        null,
        2,
      ),
    );
  }
  const bad = problems.length > 0;
  if (!bad && !args.keep && !args.out) await rm(work, { recursive: true, force: true });
  process.exitCode = bad ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`fuzz: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
