// Sentences cut by PDF layout: a line (or paragraph) that stops mid-sentence and a following line
// that starts in lower case are one sentence ("…một cửa, một" + "cửa liên thông…",
// "…ngày 26 tháng 12" + "năm 2017…"). Vietnamese sentences and list items start with a capital,
// a digit or a bullet, so a lower-case start is the continuation signal.

// Ends a sentence or a clause that a new line may legitimately follow: . ! ? : ; … (possibly
// followed by closing quotes/brackets).
const TERMINAL = /[.!?:;…][)\]"'”’»]*$/;
const LOWER_START = /^\p{Ll}/u;
// Lower-case enumerators open a new item, not a continuation: "c) Thực hiện…", "đ. …", "ii) …".
const ENUMERATOR = /^(\p{Ll}|[ivx]{1,4})[).](\s|$)/u;

/** True if `next` continues the sentence left open at the end of `prev`. */
export function isContinuation(prev: string, next: string): boolean {
  const p = prev.trimEnd();
  const n = next.trimStart();
  if (p === '' || n === '') return false;
  // Tab-separated lines are table rows, not prose.
  if (p.includes('\t') || n.includes('\t')) return false;
  return !TERMINAL.test(p) && LOWER_START.test(n) && !ENUMERATOR.test(n);
}

/**
 * Joins lines broken by layout back into sentences, with one space at the seam. Blank lines between
 * the two halves are dropped; every other line (and blank line) is kept as it was.
 */
export function joinBrokenLines(lines: string[]): string[] {
  const out: string[] = [];
  let blanks: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      blanks.push(line);
      continue;
    }
    const lastIdx = out.length - 1;
    const last = out[lastIdx];
    if (last !== undefined && last.trim() !== '' && isContinuation(last, line)) {
      out[lastIdx] = last.trimEnd() + ' ' + line.trimStart();
    } else {
      out.push(...blanks, line);
    }
    blanks = [];
  }
  out.push(...blanks);
  return out;
}
