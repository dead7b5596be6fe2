// Runs LibreOffice headless conversions with a throw-away profile, so parallel runs and a user's own
// LibreOffice settings never interfere (and nothing is written to $HOME).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';

/**
 * Converts `input` with `soffice --convert-to <target>` into `outDir`, returns the output path.
 * `target` is an extension optionally followed by a filter, e.g. "pdf" or "doc:MS Word 97".
 */
export function sofficeConvert(input: string, target: string, outDir: string): string {
  const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
  try {
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', target, '--outdir', outDir, input],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const ext = target.split(':')[0]!;
  const out = join(outDir, basename(input, extname(input)) + '.' + ext);
  if (!existsSync(out)) throw new Error(`soffice did not produce ${out}`);
  return out;
}

/** Whether LibreOffice's `soffice` can be run here. */
export function sofficeAvailable(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}
