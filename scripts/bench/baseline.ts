// The baseline: poppler's `pdftotext -layout` on the same PDFs. CPU time is the children's user+sys
// time reported by bash's `times` builtin after the loop (the rusage of the pdftotext processes).
import { spawn } from 'node:child_process';

export interface BaselineResult {
  files: number;
  wallMs: number;
  cpuMs: number;
}

function parseTimes(out: string): number {
  // `times` prints two lines "XmY.YYYs XmY.YYYs": the shell's user/sys, then its children's.
  const lines = out.trim().split('\n').filter((l) => /\d+m[\d.]+s/.test(l));
  const children = lines[lines.length - 1] ?? '';
  return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((a, m) => a + Number(m[1]) * 60_000 + Number(m[2]) * 1000, 0);
}

function runShard(files: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const script = 'for f in "$@"; do pdftotext -layout "$f" - > /dev/null || exit 1; done; times';
    const child = spawn('bash', ['-c', script, 'bench', ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(parseTimes(out)) : reject(new Error(`pdftotext exited ${code}`))));
  });
}

/** Runs pdftotext over the files with `parallel` shells at once (the same parallelism as sohoa's workers). */
export async function pdftotextBaseline(files: string[], parallel: number): Promise<BaselineResult> {
  const shards = Array.from({ length: parallel }, (_, i) => files.filter((_, j) => j % parallel === i)).filter((s) => s.length > 0);
  const t0 = performance.now();
  const cpu = await Promise.all(shards.map(runShard));
  return { files: files.length, wallMs: performance.now() - t0, cpuMs: cpu.reduce((a, b) => a + b, 0) };
}
