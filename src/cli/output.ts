// How the CLI reports failures: one line on stderr, never a stack trace for bad input.
import { InvalidArgumentError } from 'commander';
import { errorLine, isInputError } from '../errors.js';

export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 1;

/** A mistake in how the command was used (a bad option value, a short password): shown as is. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** commander parser of --log-format. */
export function parseLogFormat(v: string): string {
  if (v !== 'json' && v !== 'pretty') throw new InvalidArgumentError('json or pretty');
  return v;
}

export function failAndExit(e: unknown): never {
  if (isInputError(e)) {
    process.stderr.write(`sohoa: ${e.line}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  if (e instanceof UsageError) {
    process.stderr.write(`sohoa: ${e.message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  process.stderr.write(`sohoa: internal error: ${errorLine(e)}\n`);
  if (process.env.SOHOA_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exit(EXIT_INTERNAL);
}
