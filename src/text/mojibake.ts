// UTF-8 text that was read as Windows-1252 ("Cáº£i cÃ¡ch hÃ nh chÃ­nh" for "Cải cách hành chính"),
// and PDFs whose Vietnamese font put đ/Đ in the Icelandic ð/Ð slots. Repairs are applied only
// when they clearly produce Vietnamese: never on text that is already fine.
import iconv from 'iconv-lite';
import { netScore, scoreVietnamese } from './tone-marks.js';

// Unicode character → Windows-1252 byte, built from iconv-lite's own table so the 0x80–0x9F
// specials (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ) are exact.
const CP1252_BYTE = new Map<string, number>();
for (let b = 0x80; b <= 0xff; b++) {
  const ch = iconv.decode(Buffer.from([b]), 'win1252');
  if (ch !== '\ufffd') CP1252_BYTE.set(ch, b);
}

/** The byte a mis-decoded character stood for; raw C1 controls (WHATWG maps undefined bytes so) included. */
function byteOf(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return c;
  if (c <= 0x9f) return c; // undefined 1252 bytes survive as C1 controls in many decoders
  return CP1252_BYTE.get(ch) ?? -1;
}

/**
 * Byte A0 (the last byte of à, Ơ, Ạ, Ỡ…) reads as a no-break space, which later clean-up often
 * turns into a plain space: "hÃ nh", "Äáº O". A space after a lead byte is taken as A0 when the
 * sequence is a three-byte Vietnamese letter (E1 BA/BB, never genuine text), Â or Æ (no Vietnamese
 * word ends in them), or Ã in lower-case context — a genuine "XÃ TIÊN" (upper case, then a capital) stays.
 */
function lostNbsp(chars: string[], bytes: number[], i: number, need: number): boolean {
  const lead = bytes[i]!;
  if (need === 2) return lead === 0xe1 && (bytes[i + 1] === 0xba || bytes[i + 1] === 0xbb);
  if (need !== 1) return false;
  // No Vietnamese word ends in a bare Â or Æ, so those followed by a space are always mojibake.
  if (lead === 0xc2 || lead === 0xc6) return true;
  if (lead !== 0xc3) return false;
  const prev = chars[i - 1] ?? '';
  const after = chars[i + 2] ?? '';
  return /\p{Ll}/u.test(prev) || /\p{Ll}/u.test(after) || after === ' ';
}

function isContinuation(b: number | undefined): boolean {
  return b !== undefined && b >= 0x80 && b <= 0xbf;
}

/**
 * Re-reads every stretch of `s` that forms valid UTF-8 when taken as Windows-1252 bytes; anything
 * else is left as it was. One loss is undone: a no-break space (byte A0) that became a plain
 * space (see lostNbsp).
 */
export function reinterpretUtf8(s: string): { text: string; changed: number } {
  const chars = [...s];
  const bytes = chars.map(byteOf);
  let out = '';
  let changed = 0;
  for (let i = 0; i < chars.length; i++) {
    const b = bytes[i]!;
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need > 0) {
      const seq = [b];
      let ok = true;
      for (let k = 1; k <= need; k++) {
        let nb = bytes[i + k];
        if (nb === 0x20 && k === need && lostNbsp(chars, bytes, i, need)) nb = 0xa0;
        if (!isContinuation(nb)) {
          ok = false;
          break;
        }
        seq.push(nb!);
      }
      if (ok) {
        const dec = Buffer.from(seq).toString('utf8');
        if (!dec.includes('\ufffd')) {
          out += dec;
          changed++;
          i += need;
          continue;
        }
      }
    }
    out += chars[i];
  }
  return { text: out.normalize('NFC'), changed };
}

// Two-character signatures of Vietnamese UTF-8 read as 1252: Ã+x (à á â ã è é ê ì í ò ó ô õ ù ú ý),
// Ä‘/Ä (đ/Đ), Æ°/Æ¡ (ư/ơ), áº/á» (the 3-byte letters ạ..ỹ), Ä©/Å© (ĩ/ũ), Ä‚/Äƒ (Ă/ă).
const SIGNATURE = /Ã[\u0080-\u00bf\s\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]|Ä[\u0080-\u00bf\u2018\u201a\u0192]|Æ[°¡¯\u00a0]|á[º»]|Å[©¨]/;

export function looksLikeMojibake(s: string): boolean {
  return SIGNATURE.test(s);
}

/**
 * Repairs UTF-8-read-as-1252 text when the result is clearly better Vietnamese (more tokens become
 * syllables, none become worse). Returns null when there is nothing to repair.
 */
export function repairMojibake(s: string): string | null {
  if (!looksLikeMojibake(s)) return null;
  const { text, changed } = reinterpretUtf8(s);
  if (changed === 0 || text === s) return null;
  const before = scoreVietnamese(s);
  const after = scoreVietnamese(text);
  if (netScore(after) <= netScore(before) || after.invalid > before.invalid) return null;
  return text;
}

/**
 * ð/Ð standing in for đ/Đ (a half-converted PDF font): replaced inside words whose other letters
 * are Vietnamese — `ðồng`, `Ðảng`, `ðạt` — and left alone elsewhere (an Icelandic name keeps its ð).
 */
export function repairEth(s: string): string {
  if (!/[ðÐ]/.test(s)) return s;
  return s.replace(/[\p{L}\p{M}]*[ðÐ][\p{L}\p{M}]*/gu, (w) => {
    const fixed = w.replace(/ð/g, 'đ').replace(/Ð/g, 'Đ');
    return scoreVietnamese(fixed).valid > 0 ? fixed : w;
  });
}
