// Formatted text segments → runs: shared by the two ways the .docx reader builds blocks (from
// mammoth's document tree, or from HTML), so both collapse whitespace and merge formats alike.
import type { Run } from '../../schemas/document.js';

/**
 * Collapses ASCII whitespace and NBSP only. Everything else (soft hyphen U+00AD, control-looking
 * Latin-1 bytes) is kept: in TCVN3 text 0xAD is "ư", and the repair step needs it intact.
 */
export function collapseSpaces(s: string): string {
  return s.replace(/[ \t\n\r\f\v\u00a0]+/g, ' ');
}

/** A piece of text with the formatting in force where it stands ('\n' for line breaks and block ends). */
export interface Seg {
  text: string;
  bold: boolean;
  italic: boolean;
  font?: string | undefined;
}

/** Merges segments into runs with whitespace collapsed; `text` is exactly the runs joined. */
export function toRuns(segs: Seg[]): { text: string; runs: Run[] } {
  const runs: Run[] = [];
  for (const s of segs) {
    let t = collapseSpaces(s.text);
    if (t === '') continue;
    const last = runs[runs.length - 1];
    if (t.startsWith(' ') && (!last || last.text.endsWith(' '))) t = t.slice(1);
    if (t === '') continue;
    // A bare space takes the format of the run before it rather than starting a run of its own.
    if (last && (t === ' ' || (last.bold === (s.bold || undefined) && last.italic === (s.italic || undefined) && last.font === s.font))) {
      last.text += t;
      continue;
    }
    const run: Run = { text: t };
    if (s.bold) run.bold = true;
    if (s.italic) run.italic = true;
    if (s.font) run.font = s.font;
    runs.push(run);
  }
  // Trim the ends.
  if (runs.length) {
    runs[0]!.text = runs[0]!.text.trimStart();
    runs[runs.length - 1]!.text = runs[runs.length - 1]!.text.trimEnd();
  }
  const kept = runs.filter((r) => r.text !== '');
  return { text: kept.map((r) => r.text).join(''), runs: kept };
}

/** A paragraph starting with a dash or bullet is a list item even without Word numbering. */
export const LIST_MARK = /^[-+•–—*·]\s/;

/** Every visible run has the flag (a cell set all in bold is a group row). */
export function allRuns(runs: Run[], flag: 'bold' | 'italic'): boolean {
  const visible = runs.filter((r) => r.text.trim() !== '');
  return visible.length > 0 && visible.every((r) => r[flag]);
}
