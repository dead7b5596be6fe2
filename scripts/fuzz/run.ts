// Runs the CLI on the mutated files as a user would: `sohoa extract --json FILE` (one process per
// file, killed past the deadline) and `sohoa import --json BATCH/` (embedded mode, the per-file time
// limit set to the deadline). Classifies what every file came to.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Killed by the harness past its deadline. */
  killed: boolean;
  /** Peak RSS of the process (MB), when it exited normally. */
  peakMb: number | null;
  /**
   * Peak of the summed RSS of the process and its descendants (its parser processes), sampled
   * every TREE_SAMPLE_MS from /proc (MB); null where /proc cannot be read.
   */
  peakTreeMb: number | null;
}

const TREE_SAMPLE_MS = 200;

/** RSS (MB) of a process and all its descendants, from /proc (Linux); null when it is gone. */
export function treeRssMb(pid: number): number | null {
  let total = 0;
  let seen = false;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      total += Number(readFileSync(`/proc/${p}/statm`, 'utf8').split(' ')[1]) * 4096;
      seen = true;
      for (const t of readdirSync(`/proc/${p}/task`)) {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ')) if (c.trim()) stack.push(Number(c));
      }
    } catch {
      // gone meanwhile
    }
  }
  return seen ? Math.round(total / (1024 * 1024)) : null;
}

export interface RunEnv {
  root: string;
  /** A CommonJS file preloaded into every child: writes its peak RSS to FUZZ_RSS_FILE at exit. */
  rssHook: string;
  env: NodeJS.ProcessEnv;
}

export const RSS_HOOK = `
const fs = require('node:fs');
process.on('exit', () => {
  try { fs.writeFileSync(process.env.FUZZ_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {}
});
`;

export function runCli(run: RunEnv, args: string[], deadlineMs: number, rssFile: string): Promise<ProcResult> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', run.rssHook, join(run.root, 'bin', 'sohoa.js'), ...args], {
      env: { ...run.env, FUZZ_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    child.stdout.on('data', (d: Buffer) => {
      // A record is a few hundred KB; keep at most 64 MB of it.
      if (outLen < 64 * 1024 * 1024) out.push(d);
      outLen += d.length;
    });
    child.stderr.on('data', (d: Buffer) => err.push(d));
    let killed = false;
    let peakTreeMb: number | null = null;
    const sampler = setInterval(() => {
      const mb = child.pid ? treeRssMb(child.pid) : null;
      if (mb !== null) peakTreeMb = Math.max(peakTreeMb ?? 0, mb);
    }, TREE_SAMPLE_MS);
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, deadlineMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      let peakMb: number | null = null;
      if (existsSync(rssFile)) {
        peakMb = Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024);
        rmSync(rssFile, { force: true });
      }
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - t0, killed, peakMb, peakTreeMb });
    });
  });
}

export type Verdict =
  | { kind: 'record' }
  | { kind: 'refused'; reason: string }
  | { kind: 'crash'; detail: string }
  | { kind: 'over-deadline'; detail: string };

/** A reason without its path and details: "file is corrupt", "took too long", "extractor error". */
export function reasonClass(line: string): string {
  let r = line.replace(/^sohoa: /, '');
  // "<path>: reason (detail)": the path may itself hold ": " only in odd names; take the known texts.
  const known = [
    'took too long',
    'needed too much memory',
    'file is corrupt',
    'file is encrypted',
    'file is empty',
    'file is too big',
    'file not found',
    'unsupported file type',
    'file cannot be read',
    'extractor error',
    'internal error',
    'worker thread exited',
    'parser process exited',
    'gave up after',
  ];
  for (const k of known) if (r.includes(k)) return k;
  r = r.replace(/^.*?: /, '').replace(/\s*\(.*$/, '');
  return r.length > 60 ? `${r.slice(0, 57)}...` : r;
}

/** What one `sohoa extract --json` came to. */
export function extractVerdict(p: ProcResult): Verdict {
  if (p.killed) return { kind: 'over-deadline', detail: `killed after ${p.ms} ms` };
  const lines = p.stderr.split('\n').filter((l) => l.trim() !== '');
  if (p.code === 0) {
    try {
      const rec = JSON.parse(p.stdout) as { schemaVersion?: number };
      if (rec && typeof rec === 'object' && rec.schemaVersion) return { kind: 'record' };
    } catch {
      // fall through
    }
    return { kind: 'crash', detail: `exit 0 without a record (${p.stdout.length} bytes on stdout)` };
  }
  if ((p.code === 2 || p.code === 1) && lines.length === 1 && lines[0]!.startsWith('sohoa: ')) return { kind: 'refused', reason: lines[0]! };
  return { kind: 'crash', detail: `exit ${p.code ?? p.signal}: ${lines.slice(0, 3).join(' | ').slice(0, 400)}` };
}

export interface ImportDetail {
  path: string;
  status: 'imported' | 'skipped' | 'failed' | 'queued';
  reason?: string;
}

/**
 * What each top-level file of a batch came to in `sohoa import --json`: a record when it (or, for
 * an archive, one of its entries) was imported, else its first reason. A file the summary does not
 * mention at all is lost.
 */
export function importVerdicts(files: string[], details: ImportDetail[]): Map<string, Verdict & { entries: number }> {
  const byFile = new Map<string, ImportDetail[]>();
  for (const f of files) byFile.set(f, []);
  for (const d of details) {
    const bang = d.path.indexOf('!');
    const top = bang >= 0 && byFile.has(d.path.slice(0, bang)) ? d.path.slice(0, bang) : d.path;
    byFile.get(top)?.push(d);
  }
  const out = new Map<string, Verdict & { entries: number }>();
  for (const [f, ds] of byFile) {
    if (!ds.length) {
      out.set(f, { kind: 'crash', detail: 'lost: not in the import summary', entries: 0 });
      continue;
    }
    const imported = ds.find((d) => d.status === 'imported');
    const dup = ds.find((d) => d.status === 'skipped' && /same content|already imported/.test(d.reason ?? ''));
    if (imported || dup) out.set(f, { kind: 'record', entries: ds.length });
    else {
      const first = ds.find((d) => d.reason) ?? ds[0]!;
      out.set(f, { kind: 'refused', reason: `${first.status === 'skipped' ? 'skipped: ' : ''}${first.reason ?? first.status}`, entries: ds.length });
    }
  }
  return out;
}
