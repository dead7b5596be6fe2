// Runs a local program (pdftoppm, tesseract) as an async child process with a timeout, so one
// stuck page cannot hang a worker; stdout comes back as a Buffer, stderr as text for messages.
import { spawn } from 'node:child_process';

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface RunOutput {
  stdout: Buffer;
  stderr: string;
  ms: number;
}

export class ProcessError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'ProcessError';
  }
}

export function runProcess(cmd: string, args: string[], options: RunOptions): Promise<RunOutput> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      reject(new ProcessError(missing ? `${cmd} is not installed` : `${cmd}: ${e.message}`, '', false));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (timedOut) return reject(new ProcessError(`${cmd} timed out after ${options.timeoutMs} ms`, stderr, true));
      if (code !== 0) return reject(new ProcessError(`${cmd} exited with ${code ?? signal}: ${stderr.split('\n').pop() ?? ''}`, stderr, false));
      resolve({ stdout: Buffer.concat(out), stderr, ms: performance.now() - started });
    });
  });
}
