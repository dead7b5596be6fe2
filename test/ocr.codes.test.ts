import { describe, expect, it } from 'vitest';
import { bareNumber, codeShape, isRepeatedPhrase, lostCode, matchShape, repairCodes, successor } from '../src/ocr/codes.js';
import { annotateOcrCells } from '../src/ocr/confidence.js';
import { toPdfPage, type OcrPage } from '../src/ocr/page.js';
import type { OcrWord } from '../src/ocr/tsv.js';
import type { Block, TableBlock } from '../schemas/document.js';

const to = (cells: string[]) => repairCodes(cells).map((r) => [r.row, r.to, r.digitSwapped]);

describe('row codes by the numbering', () => {
  it('knows the code each depth calls for', () => {
    expect(successor([4, 4], 1)).toEqual([5]);
    expect(successor([4, 4], 2)).toEqual([4, 5]);
    expect(successor([5], 2)).toEqual([5, 1]);
    expect(successor([5, 1], 3)).toEqual([5, 1, 1]);
    expect(successor([5], 3)).toBeNull();
    expect(successor(null, 1)).toEqual([1]);
  });

  it('reads code-shaped OCR text and nothing else', () => {
    expect(codeShape('S.1.1.')).toEqual(['S', '1', '1']);
    expect(codeShape('6.7,')).toEqual(['6', '7']);
    expect(codeShape('Khảo')).toBeNull();
    expect(codeShape('a)')).toBeNull();
    expect(codeShape('II')).toBeNull();
    // A mark in a digit's place holds it; only the numbering says which digit.
    expect(codeShape('6.7.}.')).toEqual(['6', '7', '}']);
    expect(to(['6.7.', '6.7.}.', '6.7.2.'])).toEqual([[1, '6.7.1.', false]]);
  });

  it('tells two rows read as one by a unit cell holding two units', () => {
    for (const t of ['Đơn vị Đơn vị', 'Thủ tục Thủ tục', '% %', 'Người Người Người']) expect(isRepeatedPhrase(t), t).toBe(true);
    for (const t of ['Đơn vị', 'Hồ sơ', 'Có = 1; Không = 0', '1 1', 'Số Số liệu', '']) expect(isRepeatedPhrase(t), t).toBe(false);
  });

  it('mends a dot lost from a form printed without trailing dots ("43" for 4.3) and keeps real two-digit codes', () => {
    expect(to(['4', '4.1', '4.2', '43', '4.4', '5'])).toEqual([[3, '4.3.', false]]);
    expect(to(['9', '10', '10.1', '11', '12'])).toEqual([]);
  });

  it('does not mend a code by the numbering when a row above it lost its code: "24." may be 2.4 or 2.5, so it stays as read, checked by hand', () => {
    expect(to(['2.', '2.2.', '2.3.', '24.', '3.'])).toEqual([[3, '2.4.', false]]);
    expect(repairCodes(['2.', '2.2.', '2.3.', '', '24.', '3.'])).toEqual([{ row: 4, from: '24.', to: '24.', digitSwapped: false, doubtful: true }]);
    // A code that reads well after the lost one needs nothing; the lost one is then known: 2.4, flagged.
    expect(repairCodes(['2.', '2.2.', '2.3.', '', '2.5.', '3.'])).toEqual([{ row: 3, from: '', to: '2.4.', digitSwapped: false, doubtful: true }]);
  });

  it('gives a row whose code was lost the code the rows around it call for, flagged', () => {
    const t = (prev: number[], next: number[] | null) => lostCode(prev, next)?.join('.') ?? null;
    expect(t([5, 2], [6, 4])).toBe('6'); // the group row of the next code, not seen
    expect(t([2, 5], [3, 1])).toBe('3');
    expect(t([5], [6])).toBe('5.1'); // between a group and the next group: its first child
    expect(t([5, 1], [6])).toBe('5.2');
    expect(t([2, 2, 1], [3])).toBe('2.2.2');
    expect(t([3], [3, 2])).toBe('3.1');
    expect(t([2, 3], [24])).toBeNull(); // "24" is no code in sequence
    expect(t([2, 3], [2, 4])).toBe('2.3.1'); // only a child of 2.3 comes between
    expect(t([2], null)).toBeNull();
    // In a table: "ố." for "6." before "6.4.", and a row whose code was not read at all.
    expect(repairCodes(['5.1.', '5.2.', 'ố.', '6.4.'])).toEqual([{ row: 2, from: 'ố.', to: '6.', digitSwapped: false, doubtful: true }]);
    expect(repairCodes(['STT', '', '1.', '2.', '2.1.', '', '3.']).map((r) => [r.row, r.to, r.doubtful])).toEqual([[5, '2.2.', true]]);
  });

  it('matches a shape to a code when one character is off the way OCR goes wrong', () => {
    expect(matchShape(['2'], [5])).toEqual({ fits: true, digitSwapped: true });
    expect(matchShape(['S', '1', '1'], [5, 1, 1])).toEqual({ fits: true, digitSwapped: false });
    expect(matchShape(['2', '2'], [5, 1]).fits).toBe(false); // two digits off
    expect(matchShape(['1'], [4]).fits).toBe(false); // "1." starts a form again
    expect(matchShape(['4'], [5]).fits).toBe(false); // not a pair Tesseract confuses
    expect(matchShape(['5', '1'], [5]).fits).toBe(false); // depth differs
  });

  it('mends a confident "2." read for "5." and the child that follows it (a 1-bit scan of a real form)', () => {
    expect(to(['1.', '2.', '2.1.', '2.2.', '3.', '3.1.', '4.', '4.1.', '4.4.', '2.', '2.1.', '5.2.'])).toEqual([
      [9, '5.', true],
      [10, '5.1.', true],
    ]);
  });

  it('mends letters in digit places and drops words after a code', () => {
    expect(to(['5.', '5.1.', 'S.1.1.', '2.2.', 'o.2.1.', '5.3.'])).toEqual([
      [2, '5.1.1.', false],
      [3, '5.2.', true],
      [4, '5.2.1.', false],
    ]);
    expect(to(['6.5.', '6.5.1.', 'G.5.2.', '', '1.2. VÀ'])).toEqual([
      [2, '6.5.2.', false],
      [4, '1.2.', false],
    ]);
  });

  it('mends a skip by a confused digit that nothing after it bears out, keeps one that the next code follows', () => {
    expect(to(['2.', '2.3.', '2.4.', '2.9.'])).toEqual([[3, '2.5.', true]]);
    expect(to(['2.', '2.3.', '2.4.', '2.9.', '2.6.'])).toEqual([[3, '2.5.', true]]);
    expect(to(['2.', '2.3.', '2.4.', '2.9.', '3.', '3.1.'])).toEqual([[3, '2.5.', true]]);
    expect(to(['2.', '2.3.', '2.4.', '2.9.', '2.9.1.'])).toEqual([]);
    // Row 2.5 lost: 2.6 is borne out by 2.7.
    expect(to(['2.', '2.3.', '2.4.', '2.6.', '2.7.'])).toEqual([]);
  });

  it('reads a code past specks and streaks stuck to it', () => {
    expect(to(['2.', '> 3.', '4.', '` 5.2.', '5.3.-'])).toEqual([
      [1, '3.', false],
      [3, '5.2.', false],
      [4, '5.3.', false],
    ]);
  });

  it('puts back a dot the scan lost when the digits are those of the code due', () => {
    expect(to(['2.', '2.1.', '22.', '2.3.', '24.', '3.'])).toEqual([
      [2, '2.2.', false],
      [4, '2.4.', false],
    ]);
    expect(to(['9.', '10.', '11.'])).toEqual([]);
  });

  it('frees a number of the marks specks left beside it, and nothing else', () => {
    expect(['15.250.', '—76,3', '76,3 ¬', '~ 100 ~', '3 :', '100%', '0 +', '⁄ 0.'].map(bareNumber)).toEqual(['15.250', '76,3', '76,3', '100', '3', '100%', '0', '0']);
    expect(['8/8', 'Thủ tục', '1 2', 'Có = 1', ''].map(bareNumber)).toEqual([null, null, null, null, null]);
  });

  it('keeps codes that rise, over a gap too, and forms that start again', () => {
    expect(to(['6.', '6.4.', '6.4.1.', '6.5.', '8.'])).toEqual([]);
    expect(to(['1.', '2.', '3.', '1.', '1.1.'])).toEqual([]);
    expect(to(['I.', '1.', '2.', 'II.', '1.'])).toEqual([]);
  });
});

function word(text: string, left: number, top: number, conf = 96, line = 1): OcrWord {
  return { text, conf, left, top, width: text.length * 20, height: 40, block: 1, par: 1, line, word: 1 };
}

describe('annotateOcrCells mends codes', () => {
  it('takes a "2." after "4.4." as row 5, keeps its value and flags it below the low-confidence bar', () => {
    const rows: [string, string, number][] = [
      ['4.', '', 400],
      ['4.4.', '0', 500],
      ['2.', '1', 600],
      ['5.1.', '68', 700],
    ];
    const img: OcrPage = {
      page: 1, width: 595.2, height: 841.92, dpi: 300, lines: [], vertical: [], meanConfidence: 90, ms: { render: 0, rulings: 0, ocr: 0 },
      horizontal: [380, 480, 580, 680, 780].map((at) => ({ at, from: 200, to: 2300, thickness: 3 })),
      words: rows.flatMap(([code, value, top], i) => [word(code, 250, top, 97, i * 2 + 1), ...(value ? [word(value, 1900, top, 96, i * 2 + 2)] : [])]),
    };
    const table: TableBlock = {
      kind: 'table', index: 0, columns: 3, prov: { file: 'x.pdf', block: 0, table: 0 },
      rows: rows.map(([code, value]) => ({ page: 1, cells: [code, 'nhãn', value].map((text, col) => ({ text, col, colspan: 1, rowspan: 1 })) })),
    };
    const blocks: Block[] = [table];
    const messages = annotateOcrCells(blocks, [toPdfPage(img)]);
    expect(table.rows.map((r) => r.cells[0]!.text)).toEqual(['4.', '4.4.', '5.', '5.1.']);
    expect(table.rows[2]!.cells[2]!.text).toBe('1');
    expect(table.rows[2]!.cells[2]!.confidence).toBeLessThan(80);
    expect(table.rows[3]!.cells[2]!.confidence).toBe(96);
    expect(messages.map((m) => m.code)).toEqual(['ocr_code_repaired']);
  });

  it('flags both values of a row that holds two rows\' units ("Đơn vị Đơn vị"), and no other row', () => {
    const rows: [string, string, string, number][] = [
      ['2.', 'Đơn vị', '', 400],
      ['2.3.', 'Đơn vị', '0', 500],
      ['2.4.', 'Đơn vị Đơn vị', '1', 600],
      ['3.', 'Đơn vị', '2', 700],
    ];
    const img: OcrPage = {
      page: 1, width: 595.2, height: 841.92, dpi: 300, lines: [], vertical: [], meanConfidence: 90, ms: { render: 0, rulings: 0, ocr: 0 },
      horizontal: [380, 480, 580, 680, 780].map((at) => ({ at, from: 200, to: 2300, thickness: 3 })),
      words: rows.flatMap(([code, unit, value, top], i) => [word(code, 250, top, 97, i * 3 + 1), word(unit, 1500, top, 96, i * 3 + 2), ...(value ? [word(value, 1900, top, 96, i * 3 + 3)] : [])]),
    };
    const table: TableBlock = {
      kind: 'table', index: 0, columns: 4, prov: { file: 'x.pdf', block: 0, table: 0 },
      rows: rows.map(([code, unit, value]) => ({ page: 1, cells: [code, 'nhãn', unit, value].map((text, col) => ({ text, col, colspan: 1, rowspan: 1 })) })),
    };
    const messages = annotateOcrCells([table], [toPdfPage(img)]);
    expect(table.rows.map((r) => (r.cells[3]!.confidence ?? 100) < 80)).toEqual([false, false, true, false]);
    expect(messages.map((m) => m.code)).toEqual(['ocr_rows_merged']);
  });

  it('leaves text-layer tables alone', () => {
    const table: TableBlock = {
      kind: 'table', index: 0, columns: 2, prov: { file: 'x.pdf', block: 0, table: 0 },
      rows: ['1.', '4.', '2.', '3.'].map((t) => ({ page: 1, cells: [{ text: t, col: 0, colspan: 1, rowspan: 1 }, { text: '5', col: 1, colspan: 1, rowspan: 1 }] })),
    };
    expect(annotateOcrCells([table], [])).toEqual([]);
    expect(table.rows.map((r) => r.cells[0]!.text)).toEqual(['1.', '4.', '2.', '3.']);
  });
});

describe('words that are not print', () => {
  it('drops rule residue, unsure marks and flat long smears; keeps sure "%", "=" and every word with a letter or digit', async () => {
    const { dropNoiseWords } = await import('../src/ocr/noise.js');
    const w = (text: string, conf: number, width: number, height: number): OcrWord => ({ text, conf, left: 0, top: 0, width, height, block: 1, par: 1, line: 1, word: 1 });
    const words = [w('Số', 96, 60, 40), w('liệu', 95, 80, 42), w('76,3', 95, 80, 40), w('¬', 43, 110, 3), w('——', 80, 115, 5), w('_', 90, 20, 60), w('`', 30, 8, 13), w('%', 93, 35, 31), w('=', 93, 21, 12), w('o1', 40, 30, 40)];
    expect(dropNoiseWords(words).map((x) => x.text)).toEqual(['Số', 'liệu', '76,3', '%', '=', 'o1']);
    // Alone on its line and unsure: specks in an empty cell read as a word. With a neighbour, or sure: kept.
    const lone = { ...w('Là', 30, 40, 40), line: 7, left: 2000 };
    const unsureInText = { ...w('là', 35, 40, 40), line: 1, left: 200 };
    expect(dropNoiseWords([...words, lone, unsureInText]).map((x) => x.text)).toEqual(['Số', 'liệu', '76,3', '%', '=', 'o1', 'là']);
  });
});

describe('values read again with digits only', () => {
  it('takes a cell whose number came back with a letter in it ("o1"), trusting only a sure reading', async () => {
    const { mergeValues, valueRegions } = await import('../src/ocr/reread.js');
    const img = { width: 1200, height: 800, pixels: new Uint8Array(1200 * 800).fill(255) };
    const horizontal = [100, 300].map((at) => ({ at, from: 100, to: 1100, thickness: 3 }));
    const vertical = [100, 300, 1100].map((at) => ({ at, from: 100, to: 300, thickness: 3 }));
    const w = (text: string, left: number): OcrWord => ({ text, conf: 80.2, left, top: 180, width: 40, height: 40, block: 1, par: 1, line: 1, word: 1 });
    const words = [w('6.5.', 150), w('o1', 600)];
    const regions = valueRegions(img, words, horizontal, vertical);
    expect(regions).toHaveLength(1); // the STT cell is the code pass's
    const strip = { image: img, offsets: [{ x: 0, y: 0 }] };
    const read = (text: string, conf: number) => [{ ...w(text, 20), top: 60, conf }];
    expect(mergeValues(words, regions, strip, read('51', 91)).words.map((x) => x.text)).toEqual(['6.5.', '51']);
    // An unsure reading is taken but stays below the low_confidence bar; one too unsure is not.
    expect(mergeValues(words, regions, strip, read('51', 60)).words.map((x) => [x.text, x.conf < 80])).toEqual([['6.5.', false], ['51', true]]);
    expect(mergeValues(words, regions, strip, read('51', 40)).words.map((x) => [x.text, x.conf < 80])).toEqual([['6.5.', false], ['01', true]]);
    // Before the last reading (another scale follows), no guess: only a sure reading is taken.
    expect(mergeValues(words, regions, strip, read('51', 60), 80, false).words.map((x) => x.text)).toEqual(['6.5.', 'o1']);
  });

  it('reads again a number with a letter or bracket beside it ("N0", "9]"), and with no sure reading puts back the digits such marks stand for, guessed', async () => {
    const { mergeValues, valueRegions } = await import('../src/ocr/reread.js');
    const img = { width: 1200, height: 800, pixels: new Uint8Array(1200 * 800).fill(255) };
    const horizontal = [100, 300].map((at) => ({ at, from: 100, to: 1100, thickness: 3 }));
    const vertical = [100, 300, 1100].map((at) => ({ at, from: 100, to: 300, thickness: 3 }));
    const w = (text: string, left: number): OcrWord => ({ text, conf: 77, left, top: 180, width: 40, height: 40, block: 1, par: 1, line: 1, word: 1 });
    const strip = { image: img, offsets: [{ x: 0, y: 0 }] };
    for (const [text, sure, guessed] of [['N0', '0', 'N0'], ['9]', '91', '91'], ['1]', '11', '11'], ['0I', '01', '01']] as const) {
      const words = [w('6.5.', 150), w(text, 600)];
      const regions = valueRegions(img, words, horizontal, vertical);
      expect(regions, text).toHaveLength(1);
      expect(mergeValues(words, regions, strip, [{ ...w(sure, 20), top: 60, conf: 92 }]).words[1]!.text).toBe(sure);
      const unsure = mergeValues(words, regions, strip, []).words[1]!;
      expect(unsure.text, text).toBe(guessed);
      if (guessed !== text) expect(unsure.conf).toBeLessThan(80);
    }
    // Not a value: a word, a year with letters, a plain number.
    for (const text of ['Người', '51', '10%']) expect(valueRegions(img, [w('6.5.', 150), w(text, 600)], horizontal, vertical), text).toHaveLength(0);
  });

  it('reads a lone digit-like glyph alone mid-cell ("]", "G" of a coarse 1-bit scan) as its digit, below the low_confidence bar', async () => {
    const { mergeValues, valueRegions } = await import('../src/ocr/reread.js');
    const { LOW_CONFIDENCE } = await import('../src/rules/report/ocr-confidence.js');
    const img = { width: 1200, height: 800, pixels: new Uint8Array(1200 * 800).fill(255) };
    const horizontal = [100, 300].map((at) => ({ at, from: 100, to: 1100, thickness: 3 }));
    const vertical = [100, 300, 700, 1100].map((at) => ({ at, from: 100, to: 300, thickness: 3 }));
    const w = (text: string, left: number, conf = 85, height = 40): OcrWord => ({ text, conf, left, top: 180, width: 20, height, block: 1, par: 1, line: 1, word: 1 });
    const strip = { image: img, offsets: [{ x: 0, y: 0 }] };
    const read = (text: string, conf: number) => [{ ...w(text, 20), top: 60, conf }];
    // "4.3." | label "Số" | value "]" mid-cell.
    const words = [w('4.3.', 150), w('12', 400), w(']', 890, 65)];
    const regions = valueRegions(img, words, horizontal, vertical);
    expect(regions).toHaveLength(1);
    const digit = mergeValues(words, regions, strip, read('1', 67)).words.find((x) => x.left === 890)!;
    expect(digit.text).toBe('1');
    expect(digit.conf).toBeLessThan(LOW_CONFIDENCE);
    // Tesseract finds nothing in it even as a digit: a thin "1", guessed lower still.
    expect(mergeValues(words, regions, strip, []).words.find((x) => x.left === 890)).toMatchObject({ text: '1', conf: 40 });
    // Not beside the rule (what is left of it), not a speck smaller than the digits, not beside another word.
    expect(valueRegions(img, [w('4.3.', 150), w('12', 400), w('|', 706)], horizontal, vertical)).toHaveLength(0);
    expect(valueRegions(img, [w('4.3.', 150), w('12', 400), w('l', 890, 40, 12)], horizontal, vertical)).toHaveLength(0);
    expect(valueRegions(img, [w('4.3.', 150), w('12', 400), w('l', 890), w('Số', 850)], horizontal, vertical)).toHaveLength(0);
  });
});
