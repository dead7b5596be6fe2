// Structured logs (pino): one JSON line per event with level, time, role (import, worker, watch,
// serve), and for a job its id, source sha256 and path, stage and duration. Human-readable lines
// when stderr is a terminal (as before: "sohoa worker: …"), JSON when it is not or with
// --log-format json; level from SOHOA_LOG_LEVEL. Never file contents: ids, paths, reasons, timings.
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };
export type LogRole = 'import' | 'worker' | 'watch' | 'serve';
export type LogFormat = 'json' | 'pretty';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export interface CreateLoggerOptions {
  role: LogRole;
  /** 'json' | 'pretty'; default: pretty when `stream` is a TTY, else JSON. */
  format?: LogFormat | string | undefined;
  /** Default SOHOA_LOG_LEVEL, else info. */
  level?: string | undefined;
  /** Where lines go (default stderr). */
  stream?: { write(s: string): unknown; isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

/** The format a flag (or SOHOA_LOG_FORMAT) asks for, else by whether the stream is a terminal. */
export function resolveFormat(flag: string | undefined, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): LogFormat {
  const asked = flag ?? env.SOHOA_LOG_FORMAT;
  if (asked === 'json' || asked === 'pretty') return asked;
  if (asked) throw new Error(`unknown log format "${asked}" (json or pretty)`);
  return stream.isTTY ? 'pretty' : 'json';
}

export function resolveLevel(level: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const l = (level ?? env.SOHOA_LOG_LEVEL ?? 'info').toLowerCase();
  return LEVELS.has(l) ? l : 'info';
}

const PREFIX: Record<LogRole, string> = { import: 'sohoa', worker: 'sohoa worker', watch: 'sohoa watch', serve: 'sohoa' };
const LEVEL_WORD: Record<string, string> = { warn: 'warning', error: 'error', fatal: 'fatal' };

/**
 * One human line from a JSON record. Job records below warn are left out (an import's progress bar
 * and summary say the same; a worker's terminal would scroll a line per file), as are HTTP request
 * records, which serve logs only with --log.
 */
export function prettyLine(rec: Record<string, unknown>, role: LogRole): string | null {
  const level = String(rec.level ?? 'info');
  const serious = level === 'warn' || level === 'error' || level === 'fatal';
  const detail = level === 'debug' || level === 'trace';
  if (rec.jobId !== undefined && !serious && !detail) return null;
  // An import's failures are listed in its summary; a line per job would break its progress bar.
  if (rec.jobId !== undefined && role === 'import' && !detail) return null;
  // The end of an import, a watch added or removed: the command prints it on stdout.
  if ((rec.stage === 'import' || rec.stage === 'watch') && !serious) return null;
  const parts: string[] = [];
  if (LEVEL_WORD[level]) parts.push(`${LEVEL_WORD[level]}:`);
  parts.push(String(rec.msg ?? ''));
  if (rec.path) parts.push(String(rec.path));
  const req = rec.req as { method?: string; url?: string } | undefined;
  const res = rec.res as { statusCode?: number } | undefined;
  if (req?.method) parts.push(`${req.method} ${req.url ?? ''}`);
  if (res?.statusCode) parts.push(`${res.statusCode}${typeof rec.responseTime === 'number' ? ` ${Math.round(rec.responseTime)} ms` : ''}`);
  if (rec.attempt !== undefined && rec.jobId !== undefined) parts.push(`(attempt ${String(rec.attempt)})`);
  if (rec.reason) parts.push(`— ${String(rec.reason)}`);
  else if (rec.err && typeof rec.err === 'object') parts.push(`— ${String((rec.err as { message?: unknown }).message ?? '')}`);
  return `${PREFIX[role]}: ${parts.filter(Boolean).join(' ')}\n`;
}

function prettyStream(out: { write(s: string): unknown }, role: LogRole): { write(s: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        try {
          const text = prettyLine(JSON.parse(line) as Record<string, unknown>, role);
          if (text) out.write(text);
        } catch {
          out.write(`${line}\n`);
        }
      }
    },
  };
}

/** pino options shared with Fastify's logger: level names, ISO time, the role on every line. */
export function pinoOptions(role: LogRole, level: string): LoggerOptions {
  return {
    level,
    base: { role, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Request logs: method, url and status, never cookies or bodies.
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export function createLogger(opts: CreateLoggerOptions): Logger {
  const env = opts.env ?? process.env;
  const stream = opts.stream ?? process.stderr;
  const format = resolveFormat(opts.format, stream, env);
  const level = resolveLevel(opts.level, env);
  // Synchronous writes: a process that exits right after a line (a CLI, a worker on SIGTERM) keeps it.
  const dest = format === 'pretty' ? prettyStream(stream, opts.role) : opts.stream ? { write: (s: string) => void opts.stream!.write(s) } : pino.destination({ fd: 2, sync: true });
  return pino(pinoOptions(opts.role, level), dest);
}

/** A logger that drops everything (library calls and tests that do not look at logs). */
export const silentLogger: Logger = pino({ level: 'silent' });

/** One-line reason from an error, for logs. */
export function errLine(e: unknown): string {
  return e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
}
