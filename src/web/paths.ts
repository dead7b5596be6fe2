// Where the templates and static files are at run time. tsc does not copy .eta/.css/.js files, so
// from dist/src/web/ as from src/web/ the package root (the folder with package.json) is found by
// walking up, and the files are read from its src/web/ (which ships with the package).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${fileURLToPath(from)}`);
    dir = up;
  }
}

export function viewsDir(): string {
  return join(packageRoot(), 'src', 'web', 'views');
}

export function staticDir(): string {
  return join(packageRoot(), 'src', 'web', 'static');
}
