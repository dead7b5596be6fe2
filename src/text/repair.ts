// The one text-repair pass every document goes through before any extractor reads it:
// legacy 8-bit fonts (TCVN3, VNI) decoded, UTF-8-read-as-1252 undone, ð/Ð → đ/Đ, NFC, sentences cut
// by page layout rejoined, and words that lost glyphs reported as unreadable. Pure: model in,
// repaired model + messages out. Stored text keeps what was printed (tone placement included).
import type { Block, DocumentModel, Message, ParagraphBlock, Run, TableCell } from '../../schemas/document.js';
import { info, result, warning, type Result } from '../result.js';
import { clean } from './fold.js';
import {
  decodeTcvn3Detailed,
  decodeVni,
  detectEncoding,
  fontEncoding,
  hasUnicodeVietnamese,
  isCapitalsFont,
  mayBeLegacy,
  restoreCapitals,
  type EncodingGuess,
  type LegacyEncoding,
} from './legacy-fonts.js';
import { isContinuation } from './lines.js';
import { netScore, scoreVietnamese } from './tone-marks.js';
import { repairMojibake } from './mojibake.js';
import { findDamagedWords, showsGlyphLoss, type DamagedSpan } from './unreadable.js';
import { repairDamage, surveyDamage, type DamageContext, type DamageResult } from './damage.js';

export interface RepairOptions {
  /** Join paragraphs cut by page layout (default true). Block indexes are renumbered. */
  joinLines?: boolean;
}

const ENCODING_NAME: Record<LegacyEncoding, string> = { tcvn3: 'TCVN3 (ABC)', vni: 'VNI Windows' };

/** What happened while repairing, gathered across the document for one summary message each. */
interface Tally {
  legacy: Record<LegacyEncoding, { pieces: number; byFont: number; fonts: Set<string>; firstBlock: number }>;
  mojibake: { pieces: number; firstBlock: number };
}

interface Piece {
  text: string;
  runs?: Run[] | undefined;
}

/** One text (a run, a block's text or a cell's text) decoded into Unicode. */
function repairString(s: string, enc: LegacyEncoding | undefined, upper: boolean): { text: string; ambiguous: boolean[] } {
  if (enc === 'tcvn3') return decodeTcvn3Detailed(s, { upper });
  if (enc === 'vni') {
    const text = decodeVni(s);
    return { text, ambiguous: new Array<boolean>(text.length).fill(false) };
  }
  return { text: s, ambiguous: new Array<boolean>(s.length).fill(false) };
}

/** Repairs that apply to Unicode text: mojibake, stray soft hyphens, NFC (ð for đ: damage.ts, after joining). */
function repairUnicode(s: string, tally: Tally | null, block: number): string {
  let t = s;
  const moji = repairMojibake(t);
  if (moji !== null) {
    t = moji;
    if (tally && tally.mojibake.pieces++ === 0) tally.mojibake.firstBlock = block;
  }
  // A soft hyphen in text that is provably Unicode is invisible noise inside a word (in TCVN3 it
  // would have been ư, but that text was decoded before we got here).
  if (hasUnicodeVietnamese(t)) t = t.replace(/\u00ad/g, '');
  return t.normalize('NFC');
}

function countLegacy(tally: Tally, enc: LegacyEncoding, block: number, font?: string): void {
  const e = tally.legacy[enc];
  if (e.pieces++ === 0) e.firstBlock = block;
  if (font) {
    e.byFont++;
    e.fonts.add(font);
  }
}

/**
 * Decides the encoding of one run: its font if that is a legacy font (unless the run holds
 * letters only Unicode has), else the character patterns, with the document's encoding as prior.
 */
function runEncoding(run: Run, encodings: Encodings): { enc: LegacyEncoding | undefined; byFont: boolean } {
  const byFont = fontEncoding(run.font);
  if (byFont && !hasUnicodeVietnamese(run.text)) return { enc: byFont, byFont: true };
  return { enc: encodings.of(run.text), byFont: false };
}

function repairPiece(piece: Piece, encodings: Encodings, tally: Tally, block: number): Piece {
  const runs = piece.runs;
  if (runs && runs.length > 0) {
    const decided = runs.map((r) => runEncoding(r, encodings));
    if (decided.some((d) => d.enc !== undefined)) {
      // Decode run by run, then restore TCVN3 capitals over the whole block (a heading's words
      // may sit in separate runs), then split back: decoding keeps each run's own length.
      const parts = runs.map((r, i) => repairString(r.text, decided[i]!.enc, decided[i]!.enc === 'tcvn3' && isCapitalsFont(r.font)));
      const joined = restoreCapitals(
        parts.map((p) => p.text).join(''),
        parts.flatMap((p) => p.ambiguous),
      );
      let offset = 0;
      const newRuns = runs.map((r, i) => {
        const len = parts[i]!.text.length;
        const text = joined.slice(offset, offset + len);
        offset += len;
        const enc = decided[i]!.enc;
        if (enc) countLegacy(tally, enc, block, decided[i]!.byFont ? r.font : undefined);
        return { ...r, text: enc ? text.normalize('NFC') : repairUnicode(text, null, block) };
      });
      const oldJoined = runs.map((r) => r.text).join('');
      const newJoined = newRuns.map((r) => r.text).join('');
      let text: string;
      if (oldJoined === piece.text) text = newJoined;
      else if (clean(oldJoined) === clean(piece.text)) text = clean(newJoined);
      else {
        // The reader's text is not the plain sum of its runs: decode it as a whole with the
        // encoding most of the runs used.
        const counts = new Map<LegacyEncoding, number>();
        decided.forEach((d) => d.enc && counts.set(d.enc, (counts.get(d.enc) ?? 0) + 1));
        const main = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
        const allUpper = runs.every((r) => isCapitalsFont(r.font));
        text = hasUnicodeVietnamese(piece.text) ? repairUnicode(piece.text, tally, block) : decodeWhole(piece.text, main, allUpper);
      }
      return { text, runs: newRuns };
    }
    // Runs are counted through the block text below, not once more each.
    const newRuns = runs.map((r) => ({ ...r, text: repairUnicode(r.text, null, block) }));
    return { text: repairUnicode(piece.text, tally, block), runs: newRuns };
  }
  const enc = encodings.of(piece.text);
  if (enc) {
    countLegacy(tally, enc, block);
    return { text: decodeWhole(piece.text, enc, false), runs };
  }
  return { text: repairUnicode(piece.text, tally, block), runs };
}

function decodeWhole(s: string, enc: LegacyEncoding | undefined, upper: boolean): string {
  const d = repairString(s, enc, upper);
  return (enc === 'tcvn3' && !upper ? restoreCapitals(d.text, d.ambiguous) : d.text).normalize('NFC');
}

/** Every text of the document with its runs, for the document-wide encoding vote. */
function allPieces(doc: DocumentModel): Piece[] {
  const out: Piece[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'table') for (const row of b.rows) for (const c of row.cells) out.push(c);
    else out.push(b);
  }
  return out;
}

/**
 * The document's legacy encoding, if it has one: from font names (runs, then the font list),
 * else from how much better its texts read when decoded. Used as a prior for short strings.
 */
function documentEncoding(doc: DocumentModel, detect: (s: string) => EncodingGuess): LegacyEncoding | undefined {
  const votes: Record<LegacyEncoding, number> = { tcvn3: 0, vni: 0 };
  const pieces = allPieces(doc);
  for (const p of pieces) for (const r of p.runs ?? []) {
    const e = fontEncoding(r.font);
    if (e) votes[e]++;
  }
  if (votes.tcvn3 === 0 && votes.vni === 0) for (const f of doc.fonts) {
    const e = fontEncoding(f);
    if (e) votes[e]++;
  }
  if (votes.tcvn3 + votes.vni > 0) return votes.tcvn3 >= votes.vni ? 'tcvn3' : 'vni';
  // Text that cannot be legacy (see mayBeLegacy) scores the same raw and decoded, so it adds the
  // same to every sum: only the other texts can make a decoding win, and the raw score of the rest
  // is needed only for the final "> 0" test. A Unicode document skips nearly all scoring.
  let raw = 0;
  const sums: Record<LegacyEncoding, number> = { tcvn3: 0, vni: 0 };
  const same: Piece[] = [];
  for (const p of pieces) {
    if (!mayBeLegacy(p.text)) {
      same.push(p);
      continue;
    }
    const g = detect(p.text);
    raw += g.scores.raw;
    sums.tcvn3 += g.scores.tcvn3;
    sums.vni += g.scores.vni;
  }
  const best: LegacyEncoding = sums.tcvn3 >= sums.vni ? 'tcvn3' : 'vni';
  if (!(sums[best] > raw)) return undefined;
  let sameRaw = 0;
  for (const p of same) sameRaw += netScore(scoreVietnamese(p.text));
  return sums[best] + sameRaw > 0 ? best : undefined;
}

/** The encoding of each text of one document, guessed with the document's encoding as prior. */
interface Encodings {
  /** detectEncoding(text, prior).encoding. */
  of(text: string): LegacyEncoding | undefined;
}

// A text's guess is asked for more than once (the document vote, its block or cell, its runs) and
// the same short texts recur ("BÁO CÁO", "Ghi chú"): each distinct text is scored once per document.
function documentEncodings(doc: DocumentModel): Encodings {
  const unprimed = new Map<string, EncodingGuess>();
  const detect = (text: string): EncodingGuess => {
    let g = unprimed.get(text);
    if (!g) unprimed.set(text, (g = detectEncoding(text)));
    return g;
  };
  const prior = documentEncoding(doc, detect);
  const primed = new Map<string, LegacyEncoding | undefined>();
  return {
    of(text) {
      // Text that cannot be legacy gets no encoding whatever the prior (see mayBeLegacy).
      if (!mayBeLegacy(text)) return undefined;
      // Without a prior the guess is the one the document vote already made.
      if (prior === undefined) return detect(text).encoding;
      if (!primed.has(text)) primed.set(text, detectEncoding(text, prior).encoding);
      return primed.get(text);
    },
  };
}

function repairCell(c: TableCell, encodings: Encodings, tally: Tally, block: number): TableCell {
  const p = repairPiece(c, encodings, tally, block);
  return p.runs ? { ...c, text: p.text, runs: p.runs } : { ...c, text: p.text };
}

/** Joins paragraphs cut by page layout; returns the new block list and notes. */
function joinParagraphs(blocks: Block[], messages: Message[]): { blocks: Block[]; newIndex: number[] } {
  const out: Block[] = [];
  const newIndex: number[] = [];
  for (const b of blocks) {
    newIndex.push(out.length - (shouldJoin(out[out.length - 1], b) ? 1 : 0));
    const last = out[out.length - 1];
    if (last?.kind === 'paragraph' && b.kind === 'paragraph' && shouldJoin(last, b)) {
      const pages = [...new Set([last.prov.page, ...(last.prov.pages ?? []), b.prov.page, ...(b.prov.pages ?? [])])].filter(
        (p): p is number => p !== undefined,
      );
      const merged: ParagraphBlock = {
        ...last,
        text: last.text.trimEnd() + ' ' + b.text.trimStart(),
        runs: last.runs && b.runs ? [...last.runs, { text: ' ' }, ...b.runs] : undefined,
        // The printed lines (PDF) of the second paragraph follow on, shifted past the first's text.
        lines: last.lines && b.lines ? [...last.lines, ...b.lines.map((l) => ({ ...l, start: l.start + last.text.trimEnd().length + 1, end: l.end + last.text.trimEnd().length + 1 }))] : undefined,
        prov: pages.length > 1 ? { ...last.prov, pages: pages.sort((x, y) => x - y) } : last.prov,
      };
      if (!merged.runs) delete merged.runs;
      if (!merged.lines) delete merged.lines;
      out[out.length - 1] = merged;
      messages.push(
        info('lines_joined', `Paragraph ${b.prov.block} continues the sentence of paragraph ${last.prov.block} (cut by layout); joined`, {
          block: out.length - 1,
        }),
      );
      continue;
    }
    out.push(b);
  }
  return { blocks: out.map((blk, i) => ({ ...blk, prov: { ...blk.prov, block: i } })), newIndex };
}

/** A paragraph that starts lower case after a paragraph left mid-sentence continues it. */
function shouldJoin(last: Block | undefined, b: Block): boolean {
  return b.kind === 'paragraph' && !b.listItem && last?.kind === 'paragraph' && isContinuation(last.text, b.text);
}

function unreadableMessage(d: DamagedSpan, prov: Message['prov']): Message {
  const why =
    d.reason === 'fragment'
      ? 'a word split where a letter was lost'
      : d.reason === 'missing_d'
        ? 'a word that seems to have lost its first letter (đ)'
        : 'letters that form no Vietnamese syllable';
  return warning('unreadable_text', `Unreadable text "${d.text}": ${why}; check against the original`, prov);
}

/** Reports words that lost glyphs, in two passes: the đ-loss check only runs on damaged documents. */
function reportUnreadable(blocks: Block[]): Message[] {
  type Target = { text: string; prov: NonNullable<Message['prov']> };
  const targets: Target[] = [];
  for (const b of blocks) {
    const page = b.prov.page !== undefined ? { page: b.prov.page } : {};
    if (b.kind === 'table') {
      b.rows.forEach((row, r) =>
        row.cells.forEach((c) => {
          if (c.covered) return;
          const rowPage = row.page !== undefined ? { page: row.page } : page;
          targets.push({ text: c.text, prov: { ...rowPage, block: b.prov.block, table: b.index, row: r, cell: c.col } });
        }),
      );
    } else targets.push({ text: b.text, prov: { ...page, block: b.prov.block } });
  }
  // Table cells repeat the same short texts ("0", "x", "Người"): check each distinct text once.
  const memo = (assumeGlyphLoss: boolean) => {
    const seen = new Map<string, DamagedSpan[]>();
    return (text: string) => {
      let spans = seen.get(text);
      if (!spans) seen.set(text, (spans = findDamagedWords(text, { assumeGlyphLoss })));
      return spans;
    };
  };
  const firstPass = memo(false);
  const first = targets.map((t) => firstPass(t.text));
  const damaged = first.some(showsGlyphLoss);
  const secondPass = memo(true);
  const messages: Message[] = [];
  targets.forEach((t, i) => {
    const spans = damaged ? secondPass(t.text) : first[i]!;
    for (const d of spans) messages.push(unreadableMessage(d, { ...t.prov, span: [d.span[0], d.span[1]] }));
  });
  return messages;
}

/** Every text of the blocks (paragraphs, headings, cells), for surveyDamage. */
function* blockTexts(blocks: Block[]): Generator<string> {
  for (const b of blocks) {
    if (b.kind === 'table') {
      for (const row of b.rows) for (const c of row.cells) yield c.text;
    } else yield b.text;
  }
}

function damageMessages(r: DamageResult, prov: NonNullable<Message['prov']>): Message[] {
  const out: Message[] = [];
  for (const x of r.repairs) {
    out.push(warning(`text_repaired_${x.class}`, `Repaired "${x.from}" → "${x.to}": ${x.why}`, { ...prov, span: [x.span[0], x.span[1]] }));
  }
  for (const a of r.ambiguous) {
    const could = a.candidates.map((c) => `"${c}"`).join(' or ');
    out.push(warning('text_repair_ambiguous', `Kept "${a.text}" (could be ${could}): ${a.why}; check against the original`, { ...prov, span: [a.span[0], a.span[1]] }));
  }
  return out;
}

/**
 * Repairs damage that survives decoding (see damage.ts): a dropped TCVN3 ư, VNI's ñ for đ, spaces
 * lost after a toned syllable, hyphens lost in document numbers and the motto. Runs get the same
 * word repairs as their block; each repair of a block or cell text gives one warning with its span.
 */
function repairDamageInBlocks(blocks: Block[], messages: Message[]): Block[] {
  const ctx: DamageContext = surveyDamage(blockTexts(blocks));
  const runs = (rs: Run[] | undefined) => rs?.map((r) => {
    const t = repairDamage(r.text, ctx).text;
    return t === r.text ? r : { ...r, text: t };
  });
  return blocks.map((b) => {
    const page = b.prov.page !== undefined ? { page: b.prov.page } : {};
    if (b.kind === 'table') {
      let changed = false;
      const rows = b.rows.map((row, ri) => ({
        ...row,
        cells: row.cells.map((c) => {
          const r = repairDamage(c.text, ctx);
          if (r.repairs.length === 0 && r.ambiguous.length === 0) return c;
          const rowPage = row.page !== undefined ? { page: row.page } : page;
          if (!c.covered) messages.push(...damageMessages(r, { ...rowPage, block: b.prov.block, table: b.index, row: ri, cell: c.col }));
          if (r.text === c.text) return c;
          changed = true;
          const newRuns = runs(c.runs);
          return newRuns ? { ...c, text: r.text, runs: newRuns } : { ...c, text: r.text };
        }),
      }));
      return changed ? { ...b, rows } : b;
    }
    const r = repairDamage(b.text, ctx);
    if (r.repairs.length === 0 && r.ambiguous.length === 0) return b;
    messages.push(...damageMessages(r, { ...page, block: b.prov.block }));
    if (r.text === b.text) return b;
    const newRuns = runs(b.runs);
    return newRuns ? { ...b, text: r.text, runs: newRuns } : { ...b, text: r.text };
  });
}

/**
 * Repairs a document's text before extraction. Returns the repaired model (block text, runs,
 * table cell text) with messages: `legacy_font_converted` (info, per encoding), `mojibake_repaired`
 * (info), `eth_repaired` (info), `lines_joined` (info), `text_repaired_<class>` (warning, one per repair: lost_u, vni_d,
 * space, hyphen — see damage.ts), `text_repair_ambiguous` (warning: kept, two readings or a likely
 * lost ư) and `unreadable_text` (warning), each with block and span — plus table/row/cell for cells.
 */
export function repairDocument(doc: DocumentModel, options: RepairOptions = {}): Result<DocumentModel> {
  const encodings = documentEncodings(doc);
  const tally: Tally = {
    legacy: {
      tcvn3: { pieces: 0, byFont: 0, fonts: new Set(), firstBlock: 0 },
      vni: { pieces: 0, byFont: 0, fonts: new Set(), firstBlock: 0 },
    },
    mojibake: { pieces: 0, firstBlock: 0 },
  };
  const repaired: Block[] = doc.blocks.map((b) => {
    const block = b.prov.block;
    if (b.kind === 'table') {
      return { ...b, rows: b.rows.map((row) => ({ ...row, cells: row.cells.map((c) => repairCell(c, encodings, tally, block)) })) };
    }
    const p = repairPiece(b, encodings, tally, block);
    return p.runs ? { ...b, text: p.text, runs: p.runs } : { ...b, text: p.text };
  });

  const messages: Message[] = [];
  const joined =
    options.joinLines === false
      ? { blocks: repaired.map((b, i) => ({ ...b, prov: { ...b.prov, block: i } })), newIndex: repaired.map((_, i) => i) }
      : joinParagraphs(repaired, messages);
  const at = (oldBlock: number) => ({ block: joined.newIndex[oldBlock] ?? oldBlock });
  for (const enc of ['tcvn3', 'vni'] as const) {
    const e = tally.legacy[enc];
    if (e.pieces === 0) continue;
    const how = e.byFont > 0 ? `font ${[...e.fonts].join(', ')}` : 'character patterns';
    messages.push(
      info(
        'legacy_font_converted',
        `Converted ${e.pieces} text piece(s) from ${ENCODING_NAME[enc]} [${enc}] to Unicode (detected by ${how})`,
        at(e.firstBlock),
      ),
    );
  }
  if (tally.mojibake.pieces > 0)
    messages.push(
      info('mojibake_repaired', `Repaired ${tally.mojibake.pieces} text piece(s) of UTF-8 read as Windows-1252`, at(tally.mojibake.firstBlock)),
    );
  const damage: Message[] = [];
  const blocks = repairDamageInBlocks(joined.blocks, damage);
  const eth = damage.filter((m) => m.code === 'text_repaired_vni_d' && /^Repaired "[^"]*[ðÐ]/.test(m.message));
  if (eth.length > 0) messages.push(info('eth_repaired', `Replaced ð/Ð standing for đ/Đ in ${eth.length} word(s)`, { block: eth[0]!.prov!.block! }));
  messages.push(...damage);
  messages.push(...reportUnreadable(blocks));
  return result({ ...doc, blocks }, messages);
}
