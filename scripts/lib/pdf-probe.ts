// Looks at a PDF through poppler's pdftotext, to place and verify a page-straddling table row.
import { execFileSync } from 'node:child_process';

export interface WordBox {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  yMax: number;
}

export interface PdfWords {
  pageHeight: number;
  words: WordBox[];
}

const decode = (s: string) =>
  s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/** Every word with its box (points, origin top-left), from `pdftotext -bbox`. */
export function pdfWords(pdf: string): PdfWords {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const words: WordBox[] = [];
  let page = 0;
  let pageHeight = 0;
  const re = /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[2]) {
      page++;
      pageHeight = Number(m[2]);
    } else {
      words.push({ page, text: decode(m[6] ?? ''), xMin: Number(m[3]), yMin: Number(m[4]), yMax: Number(m[5]) });
    }
  }
  return { pageHeight, words };
}

/** `pdftotext -layout` text split into pages. */
export function layoutPages(pdf: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return text.split('\f');
}

const STT_LINE = /^\s*\d+(\.\d+)*\.?\s/;

/**
 * True when the table row whose STT is `stt` starts on one page and its text continues at the top of
 * the next (the first text line there carries `tail` and no STT of its own).
 */
export function rowStraddlesPages(pages: string[], stt: string, tail: string): { page: number } | null {
  for (let p = 0; p + 1 < pages.length; p++) {
    const lines = pages[p]!.split('\n');
    const at = lines.findIndex((l) => l.trimStart().startsWith(stt + ' ') || l.trimStart().startsWith(stt + '\t'));
    if (at < 0) continue;
    // The row must be the last one on its page.
    if (lines.slice(at + 1).some((l) => STT_LINE.test(l))) continue;
    if (lines.slice(at).join(' ').includes(tail)) continue;
    const next = pages[p + 1]!.split('\n').filter((l) => l.trim() !== '');
    const first = next[0] ?? '';
    if (first.includes(tail) && !STT_LINE.test(first)) return { page: p + 1 };
  }
  return null;
}
