import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocumentModelSchema, type Block, type DocumentModel, type Run, type TableBlock } from '../schemas/document.js';
import { readDocx } from '../src/readers/docx.js';
import { encodeTcvn3, encodeVni } from '../src/text/legacy-fonts.js';
import { repairDocument } from '../src/text/repair.js';

const FIX = new URL('../fixtures/', import.meta.url);
const SEED = readFileSync(new URL('tien-dong-2023-q3.txt', FIX), 'utf8');
const SEED_LINES = SEED.split('\n').filter((l) => l.trim() !== '');

function doc(blocks: Omit<Block, 'prov'>[], fonts: string[] = []): DocumentModel {
  return {
    source: { file: 'x.pdf', sha256: '0'.repeat(64), format: 'pdf', size: 1, pages: 1 },
    blocks: blocks.map((b, i) => ({ ...b, prov: { file: 'x.pdf', block: i, page: 1 } }) as Block),
    fonts,
    pageInfo: [],
  };
}
const para = (text: string, runs?: Run[]) => ({ kind: 'paragraph' as const, text, ...(runs ? { runs } : {}) });
const table = (cells: string[][]): Omit<TableBlock, 'prov'> => ({
  kind: 'table',
  index: 0,
  columns: cells[0]!.length,
  rows: cells.map((r) => ({ cells: r.map((text, col) => ({ text, col, colspan: 1, rowspan: 1 })) })),
});
const texts = (d: DocumentModel) =>
  d.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.flatMap((r) => r.cells.map((c) => c.text)) : [b.text]));
const codes = (r: { messages: { code: string }[] }) => r.messages.map((m) => m.code);

describe('repairDocument: legacy fonts by run', () => {
  it('converts TCVN3 and VNI runs and leaves Unicode runs in the same paragraph alone', () => {
    const runs: Run[] = [
      { text: encodeTcvn3('Công tác '), font: '.VnTime' },
      { text: 'cải cách ', font: 'Times New Roman' },
      { text: encodeVni('hành chính'), font: 'VNI-Times', bold: true },
    ];
    const r = repairDocument(doc([para(runs.map((x) => x.text).join(''), runs)]));
    const b = r.value.blocks[0]!;
    expect(b.kind === 'paragraph' && b.text).toBe('Công tác cải cách hành chính');
    expect(b.kind === 'paragraph' && b.runs?.map((x) => x.text)).toEqual(['Công tác ', 'cải cách ', 'hành chính']);
    expect(b.kind === 'paragraph' && b.runs?.[2]).toMatchObject({ bold: true, font: 'VNI-Times' });
    const legacy = r.messages.filter((m) => m.code === 'legacy_font_converted');
    expect(legacy.map((m) => m.message).join('\n')).toMatch(/tcvn3.*\.VnTime[\s\S]*vni.*VNI-Times/);
    expect(legacy.every((m) => m.type === 'info')).toBe(true);
  });

  it('upper-cases .VnTimeH runs and restores capitals split across runs', () => {
    const h = [{ text: encodeTcvn3('báo cáo'), font: '.VnTimeH' }];
    expect(texts(repairDocument(doc([para(h[0]!.text, h)])).value)).toEqual(['BÁO CÁO']);
    const split = [
      { text: 'B', font: '.VnTime' },
      { text: encodeTcvn3('ÁO CÁO'), font: '.VnTime', bold: true },
    ];
    expect(texts(repairDocument(doc([para(split.map((x) => x.text).join(''), split)])).value)).toEqual(['BÁO CÁO']);
  });

  it('keeps a run whose legacy font holds Unicode Vietnamese as it is', () => {
    const runs = [{ text: 'Cộng hòa', font: '.VnTime' }];
    const r = repairDocument(doc([para('Cộng hòa', runs)]));
    expect(texts(r.value)).toEqual(['Cộng hòa']);
    expect(codes(r)).not.toContain('legacy_font_converted');
  });
});

describe('repairDocument: legacy text without fonts (.doc/.pdf)', () => {
  for (const [name, enc] of [
    ['tcvn3', encodeTcvn3],
    ['vni', encodeVni],
  ] as const) {
    it(`recognises the whole seed in ${name} from character patterns`, () => {
      const r = repairDocument(doc(SEED_LINES.map((l) => para(enc(l)))), { joinLines: false });
      expect(texts(r.value)).toEqual(SEED_LINES);
      const m = r.messages.find((x) => x.code === 'legacy_font_converted');
      expect(m?.message).toContain(`[${name}]`);
      expect(m?.message).toContain('character patterns');
    });
  }

  it('uses the document font list to settle short strings that read both ways', () => {
    // "Céng" is itself a well-formed syllable; only the document's fonts say it is TCVN3 "Cộng".
    const cells = table([[encodeTcvn3('Cộng')]]);
    expect(texts(repairDocument(doc([cells], ['.VnTime'])).value)).toEqual(['Cộng']);
    expect(texts(repairDocument(doc([cells])).value)).toEqual(['Céng']);
  });

  it('changes nothing in the Unicode seed', () => {
    const r = repairDocument(doc(SEED_LINES.map((l) => para(l))), { joinLines: false });
    expect(texts(r.value)).toEqual(SEED_LINES);
    expect(codes(r).filter((c) => c !== 'unreadable_text')).toEqual([]);
  });
});

describe('repairDocument: other repairs', () => {
  it('repairs mojibake and ð, and strips soft hyphens from Unicode text', () => {
    const r = repairDocument(
      doc([para('Cáº£i cÃ¡ch hÃ nh chÃ­nh'), para('Ðảng ủy xã ðã ðạt'), para('cải\u00adcách hành chính.')]),
      { joinLines: false },
    );
    // The soft hyphen goes; the two syllables it leaves glued are then split (damage.ts, recorded).
    expect(texts(r.value)).toEqual(['Cải cách hành chính', 'Đảng ủy xã đã đạt', 'cải cách hành chính.']);
    expect(codes(r)).toEqual(expect.arrayContaining(['mojibake_repaired', 'eth_repaired', 'text_repaired_vni_d', 'text_repaired_space']));
  });

  it('outputs NFC', () => {
    const r = repairDocument(doc([para('Tiên Động'.normalize('NFD'))]));
    expect(texts(r.value)).toEqual(['Tiên Động']);
  });

  it('warns about lost glyphs with block and span, and table/row/cell for cells', () => {
    const r = repairDocument(
      doc([para('Cao đẳng 1/10 = 10% và 01 ch a qua ào tạo = 10%.'), table([['1.', 'Số người ch a qua ào tạo', 'Người', '1']])]),
    );
    const w = r.messages.filter((m) => m.code === 'unreadable_text');
    expect(w.every((m) => m.type === 'warning')).toBe(true);
    expect(w.map((m) => m.prov)).toEqual([
      { page: 1, block: 0, span: [26, 30] },
      { page: 1, block: 0, span: [35, 37] },
      { page: 1, block: 1, table: 0, row: 0, cell: 1, span: [9, 13] },
      { page: 1, block: 1, table: 0, row: 0, cell: 1, span: [18, 20] },
    ]);
    // The text itself is kept: nothing is guessed.
    expect(texts(r.value)[0]).toContain('01 ch a qua ào tạo');
  });

  it('joins paragraphs cut by layout and renumbers blocks', () => {
    const d = doc([
      { kind: 'paragraph', text: '- Thủ tục theo cơ chế một cửa, một', listItem: true, runs: [{ text: '- Thủ tục theo cơ chế một cửa, một' }] },
      para('cửa liên thông. Kết quả tốt.', [{ text: 'cửa liên thông. Kết quả tốt.' }]),
      { kind: 'paragraph', text: '- tiếp theo', listItem: true },
      table([['STT', 'Chỉ tiêu']]),
    ]);
    d.blocks[1]!.prov.page = 2;
    const r = repairDocument(d);
    expect(texts(r.value)).toEqual(['- Thủ tục theo cơ chế một cửa, một cửa liên thông. Kết quả tốt.', '- tiếp theo', 'STT', 'Chỉ tiêu']);
    expect(r.value.blocks.map((b) => b.prov.block)).toEqual([0, 1, 2]);
    expect(r.value.blocks[0]!.prov.pages).toEqual([1, 2]);
    const b0 = r.value.blocks[0]!;
    expect(b0.kind === 'paragraph' && b0.runs?.map((x) => x.text).join('')).toBe(b0.kind === 'paragraph' && b0.text);
    expect(codes(r)).toContain('lines_joined');
    expect(texts(repairDocument(d, { joinLines: false }).value)).toHaveLength(5);
  });

  it('returns a valid model and does not modify its input', () => {
    const d = doc([para(encodeTcvn3('Báo cáo'), [{ text: encodeTcvn3('Báo cáo'), font: '.VnTime' }]), table([['a', 'ch a']])]);
    const before = structuredClone(d);
    const r = repairDocument(d);
    expect(d).toEqual(before);
    expect(() => DocumentModelSchema.parse(r.value)).not.toThrow();
  });
});

describe('repairDocument: legacy .docx fixtures end to end', () => {
  const load = async (name: string) => {
    const bytes = readFileSync(new URL(name, FIX));
    const r = await readDocx({ file: name, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), format: 'docx' });
    return r.value;
  };
  const runTexts = (d: DocumentModel) =>
    d.blocks.flatMap((b) =>
      b.kind === 'table' ? b.rows.flatMap((r) => r.cells.map((c) => (c.runs ?? []).map((x) => x.text))) : [(b.runs ?? []).map((x) => x.text)],
    );

  for (const [name, font] of [
    ['tcvn3', '.VnTime'],
    ['vni', 'VNI-Times'],
  ] as const) {
    it(`${name}: repaired text of every block and cell equals the Unicode document's`, async () => {
      const unicode = await load('tien-dong-2023-q3.docx');
      const legacy = await load(`tien-dong-2023-q3.${name}.docx`);
      expect(legacy.fonts).toContain(font);
      // The raw legacy text really is legacy: most blocks differ before repair.
      expect(texts(legacy).filter((t, i) => t !== texts(unicode)[i]).length).toBeGreaterThan(100);

      const plain = repairDocument(legacy, { joinLines: false });
      expect(texts(plain.value)).toEqual(texts(unicode));
      expect(runTexts(plain.value)).toEqual(runTexts(unicode));

      const repaired = repairDocument(legacy);
      const reference = repairDocument(unicode);
      expect(texts(repaired.value)).toEqual(texts(reference.value));
      expect(repaired.messages.find((m) => m.code === 'legacy_font_converted')?.message).toContain(`[${name}]`);
      expect(reference.messages.find((m) => m.code === 'legacy_font_converted')).toBeUndefined();
      const unreadable = (r: typeof repaired) => r.messages.filter((m) => m.code === 'unreadable_text').map((m) => m.prov);
      expect(unreadable(repaired)).toEqual(unreadable(reference));
      expect(unreadable(reference)).toHaveLength(2);
    });
  }
});
