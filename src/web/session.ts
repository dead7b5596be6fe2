// Sessions live in a signed, http-only, SameSite=Lax cookie holding only the user id and the time
// of sign-in; the user row is read on every request, so disabling a user ends their sessions.

export const SESSION_COOKIE = 'sohoa_session';
/** Holds the CSRF secret (@fastify/csrf-protection); tokens in forms are derived from it. */
export const CSRF_COOKIE = '_csrf';
/** A working day plus margin: reviewers sign in once a day. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export interface SessionData {
  uid: number;
  /** Sign-in time, seconds since the epoch. */
  iat: number;
}

export function encodeSession(s: SessionData): string {
  return `${s.uid}.${s.iat}`;
}

/** The session in an (already signature-checked) cookie value, or null when malformed or expired. */
export function decodeSession(value: string, nowS: number = Math.floor(Date.now() / 1000)): SessionData | null {
  const m = /^(\d{1,10})\.(\d{1,12})$/.exec(value);
  if (!m) return null;
  const s = { uid: Number(m[1]), iat: Number(m[2]) };
  if (s.iat > nowS + 60 || nowS - s.iat > SESSION_MAX_AGE_S) return null;
  return s;
}

/** Only local paths are allowed as the after-sign-in target (no open redirect to another site). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login') || next.startsWith('/logout')) return '/';
  return next;
}
