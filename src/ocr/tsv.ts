// Tesseract's TSV output (level/page/block/par/line/word, left/top/width/height/conf/text) as
// word boxes. Pure, so it is tested on literal TSV without running Tesseract.

export interface OcrWord {
  text: string;
  /** Tesseract's word confidence, 0-100. */
  conf: number;
  /** Box in image pixels, top-left origin. */
  left: number;
  top: number;
  width: number;
  height: number;
  block: number;
  par: number;
  line: number;
  word: number;
}

export interface OcrLineBox {
  block: number;
  par: number;
  line: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ParsedTsv {
  words: OcrWord[];
  lines: OcrLineBox[];
}

const WORD_LEVEL = 5;
const LINE_LEVEL = 4;

/** Parses `tesseract ... tsv`; words with no visible text (Tesseract's blanks) are dropped. */
export function parseTesseractTsv(tsv: string): ParsedTsv {
  const words: OcrWord[] = [];
  const lines: OcrLineBox[] = [];
  const rows = tsv.split(/\r?\n/);
  for (const row of rows) {
    if (row === '' || row.startsWith('level\t')) continue;
    const f = row.split('\t');
    if (f.length < 11) continue;
    const level = Number(f[0]);
    const box = { block: Number(f[2]), par: Number(f[3]), line: Number(f[4]), left: Number(f[6]), top: Number(f[7]), width: Number(f[8]), height: Number(f[9]) };
    if (level === LINE_LEVEL) {
      lines.push(box);
    } else if (level === WORD_LEVEL) {
      // The text is the last field; it may itself contain no tabs, but keep anything after f[10].
      const text = f.slice(11).join('\t').normalize('NFC').trim();
      if (text === '') continue;
      words.push({ ...box, word: Number(f[5]), conf: Math.max(0, Math.min(100, Number(f[10]))), text });
    }
  }
  return { words, lines };
}
