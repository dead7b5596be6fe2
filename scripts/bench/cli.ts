// Finds out what the compiled `sohoa` CLI can do (commands are added by colleagues over time), and
// runs it as a child process with a given environment.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the first folder above this file with a package.json (dist/scripts/bench or scripts/bench). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const ROOT = findRoot();
export const SOHOA_BIN = join(ROOT, 'bin', 'sohoa.js');
/** The `sohoa` command as installed (package.json "bin"): a shell launcher that sets the malloc arena limit, then runs SOHOA_BIN. */
export const SOHOA_LAUNCHER = join(ROOT, 'bin', 'sohoa');

/** Sub-command names listed by `sohoa --help` (empty when the CLI cannot start). */
export function cliCommands(): string[] {
  if (!existsSync(SOHOA_BIN)) return [];
  try {
    const help = execFileSync(process.execPath, [SOHOA_BIN, '--help'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const section = help.split(/^Commands:/m)[1] ?? '';
    return [...section.matchAll(/^\s{2}([a-z][\w-]*)/gm)].map((m) => m[1]!);
  } catch {
    return [];
  }
}

/**
 * Runs `sohoa` as a user does: through the launcher (it execs Node.js, so the child's pid is the
 * CLI's own), with this Node.js; straight through SOHOA_BIN where there is no POSIX shell.
 */
export function sohoa(args: string[], env: NodeJS.ProcessEnv, stdout: 'ignore' | 'inherit' | 'pipe' = 'ignore', stderr: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  const stdio: ['ignore', typeof stdout, typeof stderr] = ['ignore', stdout, stderr];
  if (process.platform !== 'win32' && existsSync(SOHOA_LAUNCHER)) {
    return spawn(SOHOA_LAUNCHER, args, { env: { ...process.env, NODE: process.execPath, ...env }, stdio });
  }
  return spawn(process.execPath, [SOHOA_BIN, ...args], { env: { ...process.env, ...env }, stdio });
}

/** Resolves once the child writes a line matching `re` on stderr (e.g. a worker's "ready"); rejects if it exits first. */
export function waitForLine(child: ChildProcess, re: RegExp, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms`)), timeoutMs);
    const onData = (d: Buffer) => {
      buf += d.toString();
      if (re.test(buf)) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        // Keep draining, so a chatty child never blocks on a full pipe.
        child.stderr?.resume();
        resolve();
      }
      buf = buf.slice(-4096);
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before ${re}: ${buf.trim().split('\n').slice(-1)[0] ?? ''}`));
    });
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}
