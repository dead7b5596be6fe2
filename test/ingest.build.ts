// Worker threads and worker processes load compiled JS: build dist/ once when it is missing or
// older than the sources the tests exercise (tsc emits even when other modules have type errors).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
  }
  return t;
}

export function ensureBuilt(): void {
  const marker = join(root, 'dist', 'workers', 'ingest-worker.js');
  const src = Math.max(...['src', 'workers', 'schemas'].map((d) => newest(join(root, d))));
  if (existsSync(marker) && statSync(marker).mtimeMs >= src) return;
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.json')], { cwd: root, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree do not stop tsc from emitting.
  }
}
