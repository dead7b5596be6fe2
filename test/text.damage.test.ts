import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block, DocumentModel } from '../schemas/document.js';
import { extractDocument } from '../src/pipeline.js';
import { repairDamage, surveyDamage, type DamageContext } from '../src/text/damage.js';
import { encodeTcvn3 } from '../src/text/legacy-fonts.js';
import { repairDocument } from '../src/text/repair.js';
import { isVietnameseSyllable, isWellSpeltSyllable, syllableStructure } from '../src/text/tone-marks.js';
import { findDamagedWords } from '../src/text/unreadable.js';

const SEED = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8');
const SEED_LINES = SEED.split('\n').filter((l) => l.trim() !== '');

const CLEAN: DamageContext = { lostU: false };
const LOST_U: DamageContext = { lostU: true };

const fix = (s: string, ctx: DamageContext = CLEAN) => repairDamage(s, ctx).text;

function doc(texts: string[], format: 'pdf' | 'docx' | 'doc' = 'pdf'): DocumentModel {
  return {
    source: { file: `x.${format}`, sha256: '0'.repeat(64), format, size: 1, pages: 1 },
    blocks: texts.map((text, i) => ({ kind: 'paragraph', text, prov: { file: `x.${format}`, block: i, page: 1 } }) as Block),
    fonts: [],
    pageInfo: [],
  };
}
const texts = (d: DocumentModel) => d.blocks.map((b) => (b.kind === 'table' ? '' : b.text));

/** Unicode → TCVN3 as Windows-1252 characters → every ư (byte 0xAD, the soft hyphen) dropped. */
const tcvn3LostU = (s: string) => encodeTcvn3(s).replace(/\u00ad/g, '');

describe('syllable model', () => {
  it('splits syllables into onset, glide, nucleus, coda and tone', () => {
    const parts = (w: string) => {
      const s = syllableStructure(w);
      return s && [s.onset, s.glide, s.nucleus, s.coda, s.tone];
    };
    expect(parts('hoàng')).toEqual(['h', 'o', 'a', 'ng', 2]);
    expect(parts('người')).toEqual(['ng', '', 'ươ', 'i', 2]);
    expect(parts('quyết')).toEqual(['q', 'u', 'yê', 't', 1]);
    expect(parts('Quỳnh')).toEqual(['q', 'u', 'y', 'nh', 2]);
    expect(parts('khuya')).toEqual(['kh', 'u', 'ya', '', 0]);
    expect(parts('thuở')).toEqual(['th', 'u', 'ơ', '', 3]);
    expect(parts('gì')).toEqual(['g', '', 'i', '', 2]);
    expect(parts('xoong')).toEqual(['x', '', 'oo', 'ng', 0]);
    expect(parts('ước')).toEqual(['', '', 'ươ', 'c', 1]);
    expect(parts('trởng')).toBeNull();
    expect(parts('UBND')).toBeNull();
  });

  it('knows q + uynh, uyt, uych written "quynh", "quyt" (Quỳnh is a name, not damage)', () => {
    for (const w of ['Quỳnh', 'QUỲNH', 'quỳnh', 'quýt', 'quých', 'Quynh']) {
      expect(isVietnameseSyllable(w), w).toBe(true);
      expect(isWellSpeltSyllable(w), w).toBe(true);
    }
    for (const w of ['tynh', 'hyt', 'quuynh']) expect(isVietnameseSyllable(w), w).toBe(false);
    expect(findDamagedWords('xã Quỳnh Hưng, huyện Quỳnh Phụ; XÃ QUỲNH HƯNG; quả quýt', { assumeGlyphLoss: true })).toEqual([]);
  });
});

describe('repairDamage: TCVN3 ư dropped with its soft-hyphen byte', () => {
  const damaged = [
    'Trởng phòng Nội vụ thờng xuyên kiểm tra việc thực hiện',
    'Ban Chỉ đạo Trung ơng đã ban hành hớng dẫn',
    'ngời dân đợc tiếp nhận hồ sơ tại Sở T pháp',
    'Ông Nguyễn Văn Lu, Trởng ban, nhng cha đạt',
    'TRỞNG PHÒNG',
  ];
  const ctx = surveyDamage(damaged);

  it('sees the loss in the document (invalid ơ words that an ư repairs, no ư kept)', () => {
    expect(ctx.lostU).toBe(true);
    // A clean document, or one typo, is no such document.
    expect(surveyDamage(SEED_LINES).lostU).toBe(false);
    expect(surveyDamage(['Trởng phòng và người dân, được, trường, thường xuyên']).lostU).toBe(false);
  });

  it('restores ư where the word is no syllable and exactly one ư makes it one', () => {
    expect(damaged.map((s) => fix(s, ctx))).toEqual([
      'Trưởng phòng Nội vụ thường xuyên kiểm tra việc thực hiện',
      'Ban Chỉ đạo Trung ương đã ban hành hướng dẫn',
      'ngời dân được tiếp nhận hồ sơ tại Sở Tư pháp',
      'Ông Nguyễn Văn Lu, Trưởng ban, nhưng cha đạt',
      'TRƯỞNG PHÒNG',
    ]);
  });

  it('keeps valid words that may have lost an ư ("ngời", the name "Lu", "cha") and flags them', () => {
    const r = repairDamage('Ông Nguyễn Văn Lu, ngời dân, nhng cha đạt', ctx);
    expect(r.ambiguous.map((a) => [a.text, a.candidates])).toEqual([
      ['Lu', ['Lưu']],
      ['ngời', ['người']],
      ['cha', ['chưa']],
    ]);
    for (const a of r.ambiguous) expect(r.text.slice(...a.span)).toBe(a.text);
  });

  it('records what, where and why', () => {
    const r = repairDamage('Ông Nguyễn Văn Lu, Trởng ban', ctx);
    expect(r.repairs).toEqual([
      { class: 'lost_u', from: 'Trởng', to: 'Trưởng', span: [19, 25], why: expect.stringContaining('0xAD') },
    ]);
    expect(r.text.slice(19, 25)).toBe('Trưởng');
  });

  it('puts back ư only where the document shows the loss', () => {
    // Elsewhere "T" is an initial, and an OCR page's "Trung tơng" is "Trung ương" misread, not "tương".
    for (const s of ['Sở T pháp, nhng đợc', 'Trung ơng', 'văn bản của Trung tơng, tỉnh, huyện']) expect(fix(s, CLEAN)).toBe(s);
  });

  it('does not confuse it with glyphs a PDF font lost with a space left ("tr ờng", "ch a")', () => {
    expect(fix('tr ờng học, 01 ch a qua ào tạo, nh ng việc', ctx)).toBe('tr ờng học, 01 ch a qua ào tạo, nh ng việc');
  });

  it('mends a whole TCVN3 document read with its 0xAD bytes dropped, and says so per word', () => {
    const sentences = [
      'Trưởng phòng Tư pháp thường xuyên hướng dẫn',
      'Số người được tiếp nhận tại Bộ phận một cửa',
      'Trung ương và địa phương đã triển khai',
    ];
    const r = repairDocument(doc(sentences.map(tcvn3LostU)), { joinLines: false });
    expect(texts(r.value)).toEqual([
      'Trưởng phòng Tư pháp thường xuyên hướng dẫn',
      'Số ngời được tiếp nhận tại Bộ phận một cửa',
      'Trung ương và địa phương đã triển khai',
    ]);
    const repaired = r.messages.filter((m) => m.code === 'text_repaired_lost_u');
    expect(repaired.map((m) => m.message.match(/"(.*?)" → "(.*?)"/)!.slice(1))).toEqual([
      ['Trởng', 'Trưởng'],
      ['T', 'Tư'],
      ['thờng', 'thường'],
      ['hớng', 'hướng'],
      ['đợc', 'được'],
      ['ơng', 'ương'],
      ['phơng', 'phương'],
    ]);
    expect(repaired.every((m) => m.type === 'warning' && m.prov?.span !== undefined)).toBe(true);
    expect(r.messages.filter((m) => m.code === 'text_repair_ambiguous').map((m) => m.prov)).toEqual([{ page: 1, block: 1, span: [3, 7] }]);
  });
});

describe('repairDamage: VNI ñ/ð for đ', () => {
  const vni = ['Các ñơn vị ñánh giá và ñề nghị', 'Ñơn vị tính: hồ sơ', 'ñạt'];
  const ctx = surveyDamage(vni);

  it('reads ñ as đ in a document whose đ all came out as ñ, where the word is then a syllable', () => {
    expect(ctx.vniD).toBe(true);
    expect(vni.map((s) => fix(s, ctx))).toEqual(['Các đơn vị đánh giá và đề nghị', 'Đơn vị tính: hồ sơ', 'đạt']);
    // ð reads as đ anywhere (a half-converted font), as it did before.
    expect(fix('ÑAÛNG ỦY xã Ðông Hưng ðạt')).toBe('ÑAÛNG ỦY xã Đông Hưng đạt');
  });

  it('leaves ñ alone elsewhere: Spanish, OCR misreadings, a document that writes đ', () => {
    for (const s of ['El niño de España, señor Peña', 'Guðmundsson, Ðórr', 'Mañana, ño, ña']) expect(fix(s, surveyDamage([s])), s).toBe(s);
    // Spanish words are no syllables with đ either, even in a VNI document.
    expect(fix('El niño de España, señor Peña', ctx)).toBe('El niño de España, señor Peña');
    const ocr = ['Đảng ủy, đơn vị, đánh giá, đạt, Chủ tịch UBND xã ñy quyền, ñúng'];
    expect(surveyDamage(ocr).vniD).toBe(false);
    expect(fix(ocr[0]!, surveyDamage(ocr))).toBe(ocr[0]);
  });
});

describe('repairDamage: spaces lost after a syllable with a tone mark', () => {
  it('splits glued syllables when every part is a syllable', () => {
    expect(fix('kết quảthực hiện hồsơ trực tuyến các thủtục hành chính')).toBe(
      'kết quả thực hiện hồ sơ trực tuyến các thủ tục hành chính',
    );
    expect(fix('KẾT QUẢTHỰC HIỆN')).toBe('KẾT QUẢ THỰC HIỆN');
    expect(fix('CỘNG HÒA XÃ HỘI CHỦ NGHĨAVIỆT NAM')).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(fix('Ông TrầnVăn Bình, huyện TứKỳ')).toBe('Ông Trần Văn Bình, huyện Tứ Kỳ');
  });

  it('splits a word without letters only Vietnamese writes when the document uses its syllables', () => {
    const text = ['thủ tục hành chính của xã Tiên Động', 'cải cách hànhchính tại xãTiên Động, SốTTHC'];
    const ctx = surveyDamage(text);
    expect(fix(text[1]!, ctx)).toBe('cải cách hành chính tại xã Tiên Động, Số TTHC');
    // Without the document's words it stays: "hànhchính" could be a foreign word.
    expect(fix('hànhchính')).toBe('hànhchính');
  });

  it('takes, of two splits, the one whose syllables the document uses elsewhere', () => {
    const text = ['thực hiện kế hoạch', 'kết quả thựchiện'];
    const r = repairDamage(text[1]!, surveyDamage(text));
    expect(r.text).toBe('kết quả thực hiện');
    expect(r.repairs[0]!.why).toContain('"thự chiện"');
  });

  it('keeps a word two splits could make, and flags it', () => {
    const r = repairDamage('giá trị quảnhà', CLEAN);
    expect(r.text).toBe('giá trị quảnhà');
    expect(r.ambiguous.map((a) => a.candidates)).toEqual([['quả nhà', 'quản hà']]);
  });

  it('never splits a word with its tone on the wrong vowel, nor a foreign word', () => {
    for (const s of ['hòan thành, qúa trình, tòan bộ', 'Thérèse, café, résumé, Mérida, José', 'Website, email, online, Excel']) {
      expect(fix(s), s).toBe(s);
    }
  });
});

describe('repairDamage: hyphens lost', () => {
  it('restores the hyphen between a known type code and a known issuer', () => {
    expect(fix('Quyết định số 45/QĐUBND ngày 12/3/2023')).toBe('Quyết định số 45/QĐ-UBND ngày 12/3/2023');
    expect(fix('Kế hoạch 12/2023/KHUBND, Nghị định 61/2018/NĐCP, Tờ trình 05/TTrUBND')).toBe(
      'Kế hoạch 12/2023/KH-UBND, Nghị định 61/2018/NĐ-CP, Tờ trình 05/TTr-UBND',
    );
  });

  it('leaves numbers with their hyphen, unknown codes and Party numbers', () => {
    for (const s of ['45/QĐ-UBND', '281/UBND-NV', '225-CV/ĐU', '12/ABCXYZ', '01/BCĐ', 'năm 2023/2024']) expect(fix(s), s).toBe(s);
  });

  it('restores the hyphens of the motto', () => {
    expect(fix('Độc lập  Tự do  Hạnh phúc')).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(fix('ĐỘC LẬP TỰ DO HẠNH PHÚC')).toBe('ĐỘC LẬP - TỰ DO - HẠNH PHÚC');
    for (const s of ['Độc lập - Tự do - Hạnh phúc', 'Độc lập – Tự do – Hạnh phúc']) expect(fix(s)).toBe(s);
  });
});

describe('repairDamage: capitals mixed up', () => {
  it('upper-cases small toned letters left in words in capitals, splitting glued ones', () => {
    expect(fix('CộNG HOÀ Xã HộI CHủ NGHĩAVIệT NAM')).toBe('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(fix('ĐộC LậP - Tự DO - HạNH PHúC')).toBe('ĐỘC LẬP - TỰ DO - HẠNH PHÚC');
    // As a devset .doc heading reads (v13): small đ and toned letters between capitals.
    expect(fix('I. CÔNG TÁC CHỈ đạO, đIềU HÀNH; TM. ủY BAN NHâN DâN')).toBe('I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH; TM. ỦY BAN NHÂN DÂN');
    const r = repairDamage('HUYỆN Tứ KỲ', CLEAN);
    expect(r.repairs).toEqual([{ class: 'case', from: 'Tứ', to: 'TỨ', span: [6, 8], why: expect.stringContaining('capitals') }]);
  });

  it('leaves codes and names with small ASCII letters, and title case next to codes', () => {
    for (const s of ['QĐ-TTg, TTr-UBND, VNeID, iPhone, McDonald, ThS, QyĐ', 'UBND Xã Tiên Động', 'Cộng hòa xã hội', 'ỦY BAN NHÂN DÂN XÃ Tiên Động']) {
      expect(fix(s), s).toBe(s);
    }
  });
});

describe('repairDamage: clean text stays as it is', () => {
  it('changes nothing in the seed report and flags nothing', () => {
    const ctx = surveyDamage(SEED_LINES);
    for (const l of SEED_LINES) {
      const r = repairDamage(l, ctx);
      expect(r.text, l).toBe(l);
      expect(r.ambiguous, l).toEqual([]);
    }
  });

  it('leaves names, abbreviations, English and words that look damaged but are valid', () => {
    for (const s of [
      'xã Quỳnh Hưng, huyện Quỳnh Phụ, bà Nguyễn Thị Lu, ông Lưu Văn Tư, Đặng Thị Ngời',
      'UBND, HĐND, TTHC, VBQPPL, CCHC, TTĐT, NĐ-CP, ISO 9001:2015, km, kg',
      'a) Thực hiện; b) Kiểm tra; đ) Khác; Nguyễn Văn T.',
      'sáng ngời, người cha, ngày xưa, mưa to, thuở ấy, quả quýt, khuya, xoong nồi, gì',
      'Hòa Bình, Hoà Bình, Thúy, Thuý, Uỷ ban, Ủy ban, khỏe, khoẻ',
      'phần mềm Microsoft Word, website, Zalo, Facebook, online, email',
    ]) {
      const r = repairDamage(s, surveyDamage([s]));
      expect(r.text, s).toBe(s);
      expect(r.repairs, s).toEqual([]);
      expect(r.ambiguous, s).toEqual([]);
    }
  });
});

describe('repairs reach the record for every reader', () => {
  const damaged = ['Kết quảthực hiện: Trởng phòng ñã ký 45/QĐUBND', 'Độc lập  Tự do  Hạnh phúc', 'ñơn vị thờng xuyên ñánh giá'];
  for (const format of ['pdf', 'docx', 'doc'] as const) {
    it(`${format}: one warning per repair, by class, with its span`, () => {
      const r = extractDocument(doc(damaged, format));
      const w = r.value.warnings.filter((m) => m.code.startsWith('text_repaired_'));
      expect(w.map((m) => m.code).sort()).toEqual([
        'text_repaired_hyphen',
        'text_repaired_hyphen',
        'text_repaired_lost_u',
        'text_repaired_lost_u',
        'text_repaired_space',
        'text_repaired_vni_d',
        'text_repaired_vni_d',
        'text_repaired_vni_d',
      ]);
      expect(r.value.narrative.map((n) => n.text)).toEqual(
        expect.arrayContaining(['Kết quả thực hiện: Trưởng phòng đã ký 45/QĐ-UBND']),
      );
    });
  }
});

describe('the seed report damaged each way, repaired as a document', () => {
  const toned = (w: string) => [...w].some((c) => c.normalize('NFD') !== c && /[\u0300\u0301\u0303\u0309\u0323]/.test(c.normalize('NFD')));
  const damages: Record<string, { damage: (l: string) => string; asRead: (l: string) => string }> = {
    // TCVN3 with 0xAD dropped; read back, the words have lost their ư.
    lost_u: { damage: (l) => tcvn3LostU(l), asRead: (l) => l.replace(/ư/g, '').replace(/Ư/g, '') },
    vni_d: { damage: (l) => l.replace(/đ/g, 'ñ').replace(/Đ/g, 'Ñ'), asRead: (l) => l.replace(/đ/g, 'ñ').replace(/Đ/g, 'Ñ') },
    // Every other space after a syllable with a tone mark, before a consonant.
    space: {
      damage: (l) => {
        let k = 0;
        return l.replace(/(\p{L}+) (?=[bcdđghklmnpqrstvx])/giu, (m, w: string) => (toned(w) && k++ % 2 === 0 ? w : m));
      },
      asRead: (l) => l,
    },
    hyphen: {
      damage: (l) => l.replace(/(\d\/(?:\d{4}\/)?\p{L}+)-(?=\p{L})/gu, '$1').replace(/Độc lập - Tự do - Hạnh phúc/g, 'Độc lập  Tự do  Hạnh phúc'),
      asRead: (l) => l,
    },
  };
  // Lines damaged / lines given back exactly (measured: 287/239, 202/196, 282/239, 24/23). What is
  // left is kept and flagged ("ngời", two splits) or unreadable, never guessed.
  const expected: Record<string, { damaged: number; restored: number; wrong: string[] }> = {
    lost_u: { damaged: 287, restored: 239, wrong: [] },
    // "Rà soát VBQPPL" (no letter only Unicode has) is read as VNI ("sốt") once the ñ lines make
    // the document's prior VNI: the legacy-font detector's doing, not a damage repair.
    vni_d: { damaged: 202, restored: 196, wrong: ['sốt'] },
    space: { damaged: 282, restored: 239, wrong: [] },
    hyphen: { damaged: 24, restored: 23, wrong: [] },
  };
  for (const [name, d] of Object.entries(damages)) {
    it(`${name}: no word becomes one that was neither printed nor damaged`, () => {
      const damaged = SEED_LINES.map(d.damage);
      const out = texts(repairDocument(doc(damaged), { joinLines: false }).value);
      const wrong: string[] = [];
      let restored = 0;
      out.forEach((o, i) => {
        const orig = SEED_LINES[i]!;
        if (o === orig) {
          if (damaged[i] !== orig) restored++;
          return;
        }
        const known = new Set([...orig.split(/\s+/), ...d.asRead(orig).split(/\s+/), ...damaged[i]!.split(/\s+/)]);
        for (const w of o.split(/\s+/)) if (!known.has(w)) wrong.push(w);
      });
      expect({ damaged: damaged.filter((x, i) => x !== SEED_LINES[i]).length, restored, wrong }).toEqual(expected[name]);
    });
  }
});
