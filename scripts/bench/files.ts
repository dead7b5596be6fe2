// The report files of a corpus folder, grouped by format (by extension; truth files are skipped).
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

export const BENCH_FORMATS = ['txt', 'docx', 'doc', 'pdf'] as const;

export function corpusFiles(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of readdirSync(dir).sort()) {
    const ext = extname(name).slice(1).toLowerCase();
    if (!(BENCH_FORMATS as readonly string[]).includes(ext) || name.endsWith('.truth.json')) continue;
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    out.set(ext, [...(out.get(ext) ?? []), path]);
  }
  return out;
}
