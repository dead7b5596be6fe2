// The key that signs session and CSRF cookies: SOHOA_SECRET when set, else a random one generated
// once and kept in the data folder, so a restart keeps everyone signed in.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIN_SECRET_LENGTH = 32;

export function loadSecret(env: NodeJS.ProcessEnv, dataDir: string): { secret: string; source: 'env' | 'file' | 'generated' } {
  const fromEnv = env.SOHOA_SECRET?.trim();
  if (fromEnv) {
    // A short secret makes signed cookies guessable; refuse rather than run weakly.
    if (fromEnv.length < MIN_SECRET_LENGTH) throw new Error(`SOHOA_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    return { secret: fromEnv, source: 'env' };
  }
  const file = join(dataDir, 'web-secret');
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= MIN_SECRET_LENGTH) return { secret: kept, source: 'file' };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, source: 'generated' };
}
