// Bad input is an expected outcome, not a crash: one typed reason a user can read in one line.
export const INPUT_REASONS = ['missing', 'empty', 'corrupt', 'encrypted', 'unsupported', 'too_big', 'unreadable'] as const;
export type InputReason = (typeof INPUT_REASONS)[number];

const REASON_TEXT: Record<InputReason, string> = {
  missing: 'file not found',
  empty: 'file is empty',
  corrupt: 'file is corrupt',
  encrypted: 'file is encrypted (password-protected)',
  unsupported: 'unsupported file type',
  too_big: 'file is too big',
  unreadable: 'file cannot be read',
};

/** Raised for bad input files. `detail` is a short technical note (no stack trace). */
export class InputError extends Error {
  constructor(
    readonly reason: InputReason,
    readonly file: string,
    readonly detail?: string,
  ) {
    // One line whatever the parser said (xmldom's messages hold tabs and newlines).
    const note = detail?.replace(/\s+/g, ' ').trim();
    super(`${file}: ${REASON_TEXT[reason]}${note ? ` (${note})` : ''}`);
    this.name = 'InputError';
  }

  /** The one line shown to users and stored on a failed source. */
  get line(): string {
    return this.message;
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/** Default size limit for one report file; legacy reports are rarely over a few MB. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

interface IssueLike {
  path?: unknown[];
  message?: string;
}

function isIssueList(v: unknown): v is IssueLike[] {
  return Array.isArray(v) && v.length > 0 && v.every((i) => typeof i === 'object' && i !== null && typeof (i as IssueLike).message === 'string');
}

/**
 * One line for an unexpected exception. A zod error's message is its issues as multi-line JSON
 * (first line "["), also after crossing a parser process as plain text: it becomes the first
 * issue's path and message, so the reason says which field failed.
 */
export function errorLine(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  let issues: unknown = (e as { issues?: unknown } | null)?.issues;
  if (!isIssueList(issues) && raw.trimStart().startsWith('[')) {
    try {
      issues = JSON.parse(raw);
    } catch {
      issues = undefined;
    }
  }
  if (isIssueList(issues)) {
    const first = issues[0]!;
    const where = (first.path ?? []).map(String).join('.') || '(record)';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return `record failed its schema at ${where}: ${first.message}${more}`.replace(/\s+/g, ' ');
  }
  return (raw.split('\n')[0] ?? '').trim() || 'unknown error';
}
