// Walks the paths given to `import`/`watch` recursively. Symlinks are followed, but each folder's
// real path is visited once, so a link pointing back up the tree ends instead of looping.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface WalkedFile {
  /** Absolute path as reached (through any symlinks). */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkNote {
  path: string;
  reason: string;
}

export async function* walkFiles(inputs: string[], note: (n: WalkNote) => void): AsyncGenerator<WalkedFile> {
  const visitedDirs = new Set<string>();

  async function* visit(path: string): AsyncGenerator<WalkedFile> {
    let st;
    try {
      st = await stat(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      note({ path, reason: code === 'ENOENT' ? 'not found (or a broken link)' : `cannot read (${code})` });
      return;
    }
    if (st.isFile()) {
      yield { path, size: st.size, mtimeMs: st.mtimeMs };
      return;
    }
    if (!st.isDirectory()) {
      note({ path, reason: 'not a regular file' });
      return;
    }
    let real: string;
    try {
      real = await realpath(path);
    } catch (e) {
      note({ path, reason: `cannot resolve (${(e as NodeJS.ErrnoException).code})` });
      return;
    }
    if (visitedDirs.has(real)) {
      note({ path, reason: 'folder already visited (symlink loop or duplicate link)' });
      return;
    }
    visitedDirs.add(real);
    let names: string[];
    try {
      names = await readdir(path);
    } catch (e) {
      note({ path, reason: `cannot list folder (${(e as NodeJS.ErrnoException).code})` });
      return;
    }
    // Sorted, so runs and their logs are reproducible.
    for (const name of names.sort()) yield* visit(join(path, name));
  }

  for (const input of inputs) yield* visit(resolve(input));
}
