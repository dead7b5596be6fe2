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
