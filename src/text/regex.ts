// Regex helpers for the hot loops of extraction.

/**
 * Every match of a global regex in `text`, in order: the same matches as `[...text.matchAll(re)]`.
 * String.prototype.matchAll constructs a copy of the regex on every call (RegExp[Symbol.matchAll]
 * goes through the species constructor), and across the thousands of rule × sentence calls of one
 * report that copy cost about three times the matching itself. This loops `exec` on `re` instead,
 * so `re.lastIndex` is used while it runs and is 0 again when it returns: the matches are all
 * collected before the caller sees any, so a caller may use `re` again inside its own loop.
 */
export function execAll(re: RegExp, text: string): RegExpExecArray[] {
  if (!re.global) throw new TypeError(`execAll needs a global regex: ${re}`);
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    // An empty match would be found again at the same place: step over one character, as matchAll
    // does (a whole code point when the regex is in Unicode mode).
    if (m[0] === '') re.lastIndex = advance(text, re.lastIndex, re.unicode || re.flags.includes('v'));
  }
  return out;
}

function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const code = text.charCodeAt(index);
  if (code < 0xd800 || code > 0xdbff) return index + 1;
  const next = text.charCodeAt(index + 1);
  return next >= 0xdc00 && next <= 0xdfff ? index + 2 : index + 1;
}
