// The mutations: each takes a seed file's bytes and writes one hostile file. Families follow issue
// 16: bit flips, truncation at structure boundaries, zip entries with lying sizes, duplicate names,
// `..` and absolute paths, nested and recursive zips, .docx XML with entity expansion and external
// entities, PDF xref and stream damage, huge page counts, deep object nesting, fonts with broken
// tables, a 1 GB sparse file.
import { deflateSync, inflateSync, deflateRawSync } from 'node:zlib';
import type { Rng } from './rng.js';
import { readZip, writeZip, zipBoundaries, type WriteEntry } from './zip.js';

export type Kind = 'pdf' | 'docx' | 'doc' | 'txt';

export interface Seed {
  name: string;
  kind: Kind;
  bytes: Buffer;
}

export interface Mutant {
  family: string;
  /** File name (its extension is what a user would see; sohoa reads bytes). */
  ext: string;
  bytes?: Buffer;
  /** A sparse file of this many bytes (nothing written). */
  sparse?: number;
}

type Mutator = (s: Seed, r: Rng) => Mutant | null;

const extOf = (s: Seed) => (s.kind === 'txt' ? 'txt' : s.kind);

// ---- generic byte damage --------------------------------------------------------------------------

function bitflip(s: Seed, r: Rng): Mutant {
  const b = Buffer.from(s.bytes);
  const n = 1 + r.int(r.chance(0.5) ? 4 : 64);
  for (let i = 0; i < n; i++) {
    const at = r.int(b.length);
    b[at]! ^= 1 << r.int(8);
  }
  return { family: 'bitflip', ext: extOf(s), bytes: b };
}

function overwrite(s: Seed, r: Rng): Mutant {
  const b = Buffer.from(s.bytes);
  const runs = 1 + r.int(4);
  for (let i = 0; i < runs; i++) {
    const at = r.int(b.length);
    const len = Math.min(b.length - at, 1 + r.int(512));
    const fill = r.pick([0x00, 0xff, 0x20, -1]);
    for (let j = 0; j < len; j++) b[at + j] = fill < 0 ? r.int(256) : fill;
  }
  return { family: 'overwrite', ext: extOf(s), bytes: b };
}

function splice(s: Seed, r: Rng): Mutant {
  const b = s.bytes;
  const a = r.int(b.length);
  const len = 1 + r.int(Math.min(4096, b.length - a));
  const to = r.int(b.length);
  const bytes = r.chance(0.5)
    ? Buffer.concat([b.subarray(0, to), b.subarray(a, a + len), b.subarray(to)]) // duplicate a chunk
    : Buffer.concat([b.subarray(0, a), b.subarray(a + len)]); // cut a chunk
  return { family: 'splice', ext: extOf(s), bytes };
}

function pdfBoundaries(b: Buffer): number[] {
  const s = b.toString('latin1');
  const out: number[] = [];
  for (const m of s.matchAll(/\d+ \d+ obj|endobj|stream\r?\n|endstream|xref|trailer|startxref|%%EOF/g)) out.push(m.index!);
  return out;
}

/** Truncation at a structure boundary (zip record, PDF token, OLE sector) or just after it. */
function truncate(s: Seed, r: Rng): Mutant {
  const b = s.bytes;
  let points: number[];
  if (s.kind === 'docx') points = zipBoundaries(b);
  else if (s.kind === 'pdf') points = pdfBoundaries(b);
  else if (s.kind === 'doc') points = Array.from({ length: Math.floor(b.length / 512) }, (_, i) => i * 512);
  else points = [...b.toString('latin1').matchAll(/\n/g)].map((m) => m.index!);
  const at = points.length && r.chance(0.85) ? r.pick(points) + r.pick([0, 0, 1, 4, 30]) : r.int(b.length);
  return { family: 'truncate', ext: extOf(s), bytes: b.subarray(0, Math.min(b.length, at)) };
}

// ---- zip / .docx ---------------------------------------------------------------------------------

const asWrite = (es: { name: Buffer; data: Buffer; deflate: boolean }[]): WriteEntry[] => es.map((e) => ({ name: e.name, data: e.data, deflate: e.deflate }));

function zipLie(s: Seed, r: Rng): Mutant | null {
  const es = s.kind === 'docx' ? readZip(s.bytes) : null;
  if (!es) return null;
  const w = asWrite(es);
  const victim = w.find((e) => e.name.toString() === 'word/document.xml' && r.chance(0.6)) ?? r.pick(w);
  const lie = r.pick<WriteEntry['lie']>([
    { usize: 0xffffffff },
    { usize: 1 },
    { csize: 0xfffffff0 },
    { csize: 3 },
    { localCsize: 0, localUsize: 0 },
    { crc: 0xdeadbeef },
    { method: 99 },
    { method: 12 },
    { offset: 0x7fffffff },
    { offset: 7 },
  ]);
  victim.lie = lie;
  const zopts = r.chance(0.2) ? r.pick([{ lieCount: 0xffff }, { lieCount: 0 }, { lieCdOffset: 1 }, { lieCdOffset: 0xfffffff0 }]) : {};
  return { family: 'zip-lying-sizes', ext: 'docx', bytes: writeZip(w, zopts) };
}

function zipDuplicate(s: Seed, r: Rng): Mutant | null {
  const es = s.kind === 'docx' ? readZip(s.bytes) : null;
  if (!es) return null;
  const w = asWrite(es);
  const doc = w.find((e) => e.name.toString() === 'word/document.xml');
  if (!doc) return null;
  const copy: WriteEntry = { name: doc.name, data: r.chance(0.5) ? Buffer.from('<w:document/>') : doc.data, deflate: doc.deflate ?? false };
  const many = r.chance(0.2) ? 200 : 1;
  for (let i = 0; i < many; i++) w.splice(r.int(w.length + 1), 0, copy);
  if (r.chance(0.3)) w.push({ name: '[Content_Types].xml', data: Buffer.from('<Types/>'), deflate: true });
  return { family: 'zip-duplicate-names', ext: 'docx', bytes: writeZip(w) };
}

/** An archive whose entries are reports under `..`, absolute, drive-letter or odd names. */
function zipPaths(s: Seed, r: Rng): Mutant {
  const names = ['../evil.', '../../../../tmp/sohoa-fuzz-escape.', '/etc/sohoa-fuzz.', 'C:\\Windows\\sohoa.', 'a/../../b.', './././x.', 'nul\u0000byte.', '\u202Eroc.', 'd/'.repeat(60) + 'deep.'];
  const ext = extOf(s);
  const w: WriteEntry[] = [];
  const n = 1 + r.int(4);
  for (let i = 0; i < n; i++) w.push({ name: r.pick(names) + ext, data: s.bytes, deflate: r.chance(0.5) });
  if (r.chance(0.5)) w.push({ name: `ok/bao-cao.${ext}`, data: s.bytes, deflate: true });
  return { family: 'zip-path-traversal', ext: 'zip', bytes: writeZip(w) };
}

/** Zips in zips, n levels deep; sometimes the innermost holds a copy of an outer level. */
function zipNested(s: Seed, r: Rng): Mutant {
  const depth = r.pick([2, 3, 5, 12, 40]);
  let inner = writeZip([{ name: `bao-cao.${extOf(s)}`, data: s.bytes, deflate: true }]);
  const first = inner;
  for (let i = 1; i < depth; i++) {
    const es: WriteEntry[] = [{ name: `cap-${i}.zip`, data: inner, deflate: r.chance(0.5) }];
    if (i === depth - 1 && r.chance(0.3)) es.push({ name: 'lap-lai.zip', data: first, deflate: false });
    inner = writeZip(es);
  }
  return { family: 'zip-nested', ext: 'zip', bytes: inner };
}

/**
 * A "recursive" zip: an entry that is the archive's own bytes up to that point, and an entry whose
 * local header is the central directory's target of every other record (overlapping entries).
 */
function zipRecursive(s: Seed, r: Rng): Mutant {
  const base = writeZip([{ name: `bao-cao.${extOf(s)}`, data: s.bytes, deflate: true }]);
  if (r.chance(0.5)) {
    const self = writeZip([{ name: 'chinh-no.zip', data: base }, { name: 'chinh-no-2.zip', data: base }]);
    const loop = writeZip([{ name: 'a.zip', data: self }, { name: 'b.zip', data: self }]);
    return { family: 'zip-recursive', ext: 'zip', bytes: loop };
  }
  // Overlapping: many central records all pointing at the one local header.
  const n = 2 + r.int(300);
  const one = writeZip([{ name: `x0.${extOf(s)}`, data: s.bytes, deflate: false }]);
  const cdOff = one.readUInt32LE(one.length - 6);
  const record = one.subarray(cdOff, one.length - 22);
  const nameLen = record.readUInt16LE(28);
  const centrals: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const c = Buffer.from(record.subarray(0, 46));
    const name = Buffer.from(`x${i}.${extOf(s)}`);
    c.writeUInt16LE(name.length, 28);
    centrals.push(c, name);
  }
  void nameLen;
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(n & 0xffff, 8);
  end.writeUInt16LE(n & 0xffff, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(cdOff, 16);
  const out = Buffer.concat([one.subarray(0, cdOff), cd, end]);
  return { family: 'zip-overlapping', ext: 'zip', bytes: out };
}

let bombCache: Buffer | undefined;
/** An archive with a deflated entry of 64 MB of zeros (~64 KB compressed), its size sometimes understated. */
function zipBomb(s: Seed, r: Rng): Mutant {
  bombCache ??= deflateRawSync(Buffer.alloc(64 * 1024 * 1024));
  // writeZip deflates its input, so the bomb's record (a raw deflate body of 64 MB of zeros) is
  // written here by hand, after an ordinary report entry.
  const name = Buffer.from(r.pick(['bom.docx', 'bom.pdf', 'bom.doc', 'bom.txt']));
  const lieSize = r.chance(0.5) ? 1000 : 64 * 1024 * 1024;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(bombCache.length, 18);
  local.writeUInt32LE(lieSize, 22);
  local.writeUInt16LE(name.length, 26);
  const rebuilt = writeZip([{ name: `bao-cao.${extOf(s)}`, data: s.bytes, deflate: true }]);
  const count = 1;
  // Split the rebuilt archive: locals | central | end.
  const cdOff = rebuilt.readUInt32LE(rebuilt.length - 6);
  const cdLen = rebuilt.readUInt32LE(rebuilt.length - 10);
  const locals = rebuilt.subarray(0, cdOff);
  const central = rebuilt.subarray(cdOff, cdOff + cdLen);
  const c = Buffer.alloc(46);
  c.writeUInt32LE(0x02014b50, 0);
  c.writeUInt16LE(20, 4);
  c.writeUInt16LE(20, 6);
  c.writeUInt16LE(8, 10);
  c.writeUInt32LE(bombCache.length, 20);
  c.writeUInt32LE(lieSize, 24);
  c.writeUInt16LE(name.length, 28);
  c.writeUInt32LE(locals.length, 42);
  const newLocals = Buffer.concat([locals, local, name, bombCache]);
  const newCentral = Buffer.concat([central, c, name]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count + 1, 8);
  end.writeUInt16LE(count + 1, 10);
  end.writeUInt32LE(newCentral.length, 12);
  end.writeUInt32LE(newLocals.length, 16);
  return { family: 'zip-bomb', ext: 'zip', bytes: Buffer.concat([newLocals, newCentral, end]) };
}

function withDocumentXml(s: Seed, family: string, edit: (xml: string, r: Rng) => string | Buffer, r: Rng): Mutant | null {
  const es = s.kind === 'docx' ? readZip(s.bytes) : null;
  if (!es) return null;
  const w = asWrite(es);
  const doc = w.find((e) => e.name.toString() === 'word/document.xml');
  if (!doc) return null;
  const out = edit(doc.data.toString('utf8'), r);
  doc.data = typeof out === 'string' ? Buffer.from(out, 'utf8') : out;
  return { family, ext: 'docx', bytes: writeZip(w) };
}

const afterDecl = (xml: string, insert: string) => {
  const i = xml.indexOf('?>');
  return i >= 0 && xml.startsWith('<?xml') ? xml.slice(0, i + 2) + insert + xml.slice(i + 2) : insert + xml;
};

function docxEntities(s: Seed, r: Rng): Mutant | null {
  return withDocumentXml(
    s,
    'docx-entity-expansion',
    (xml) => {
      const levels = r.pick([6, 9, 12]);
      let dtd = '<!DOCTYPE w:document [<!ENTITY l0 "hahahahahahahahahaha">';
      for (let i = 1; i <= levels; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
      dtd += ']>';
      return afterDecl(xml, dtd).replace(/<w:t([ >])/, `<w:t$1&l${levels};`);
    },
    r,
  );
}

function docxExternal(s: Seed, r: Rng): Mutant | null {
  return withDocumentXml(
    s,
    'docx-external-entity',
    (xml) => {
      const target = r.pick(['file:///etc/passwd', 'file:///dev/zero', 'file:///dev/random', 'http://127.0.0.1:9/x', '/proc/self/environ']);
      const dtd = r.chance(0.5)
        ? `<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "${target}">]>`
        : `<!DOCTYPE w:document SYSTEM "${target}" [<!ENTITY % p SYSTEM "${target}"> %p;]>`;
      return afterDecl(xml, dtd).replace(/<w:t([ >])/, '<w:t$1&xxe;');
    },
    r,
  );
}

function docxXmlDamage(s: Seed, r: Rng): Mutant | null {
  return withDocumentXml(
    s,
    'docx-xml-damage',
    (xml) => {
      switch (r.int(7)) {
        case 0: // deep nesting
          return xml.replace('<w:body>', `<w:body>${'<w:p>'.repeat(r.pick([1000, 100_000]))}`);
        case 1: // unclosed tags
          return xml.slice(0, r.int(xml.length));
        case 2: // invalid UTF-8
          return Buffer.concat([Buffer.from(xml.slice(0, xml.length >> 1)), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from(xml.slice(xml.length >> 1))]);
        case 3: // a huge attribute / text
          return xml.replace(/<w:t([ >])/, `<w:t xml:space="${'x'.repeat(5_000_000)}"$1`);
        case 4: // a table with thousands of columns in one row
          return xml.replace(/<w:tr([ >])/, `<w:tr$1${'<w:tc><w:p><w:r><w:t>9</w:t></w:r></w:p></w:tc>'.repeat(20_000)}`);
        case 5: // gridSpan / vMerge nonsense
          return xml.replace(/<w:tcPr>/g, () => `<w:tcPr><w:gridSpan w:val="${r.pick(['0', '-1', '99999', '2147483647', 'x'])}"/><w:vMerge w:val="restart"/>`);
        default: // numbering/styles references to nowhere, NUL characters
          return xml.replace(/<w:t>/g, () => (r.chance(0.1) ? '<w:t>\u0000\uFFFE' : '<w:t>'));
      }
    },
    r,
  );
}

// ---- PDF -----------------------------------------------------------------------------------------

const latin = (b: Buffer) => b.toString('latin1');
const fromLatin = (s: string) => Buffer.from(s, 'latin1');

function pdfXref(s: Seed, r: Rng): Mutant | null {
  if (s.kind !== 'pdf') return null;
  let t = latin(s.bytes);
  switch (r.int(5)) {
    case 0: // garbage offsets in the xref table
      t = t.replace(/^(\d{10}) (\d{5}) n/gm, (m, off: string, gen: string) => (r.chance(0.3) ? `${String(r.int(1e10)).padStart(10, '0')} ${gen} n` : m));
      break;
    case 1: // startxref pointing anywhere
      t = t.replace(/startxref\s+\d+/, `startxref\n${r.pick([0, 1, 99999999, -5, s.bytes.length - 3])}`);
      break;
    case 2: // no xref at all
      t = t.replace(/xref[\s\S]*?trailer/, 'trailer');
      break;
    case 3: // a /Prev loop
      t = t.replace(/trailer\s*<</, (m) => `${m} /Prev ${t.lastIndexOf('xref')} `);
      break;
    default: // xref subsection with absurd count
      t = t.replace(/xref\s+0 (\d+)/, `xref\n0 ${r.pick(['2147483647', '99999999', '0'])}`);
  }
  return { family: 'pdf-xref', ext: 'pdf', bytes: fromLatin(t) };
}

function pdfStream(s: Seed, r: Rng): Mutant | null {
  if (s.kind !== 'pdf') return null;
  const b = Buffer.from(s.bytes);
  const t = latin(b);
  const starts = [...t.matchAll(/stream\r?\n/g)].map((m) => m.index! + m[0].length);
  if (!starts.length) return null;
  switch (r.int(4)) {
    case 0: {
      // damage compressed bytes inside a stream
      const at = r.pick(starts);
      for (let i = 0; i < 1 + r.int(8); i++) b[at + r.int(64)]! ^= 0xff;
      return { family: 'pdf-stream-damage', ext: 'pdf', bytes: b };
    }
    case 1: // lying /Length
      return { family: 'pdf-stream-length', ext: 'pdf', bytes: fromLatin(t.replace(/\/Length (\d+)/g, (m) => (r.chance(0.4) ? `/Length ${r.pick(['0', '-1', '999999999', '3', '1 0 R'])}` : m))) };
    case 2: // unknown or chained filters
      return {
        family: 'pdf-stream-filter',
        ext: 'pdf',
        bytes: fromLatin(t.replace(/\/Filter\s*\/FlateDecode/g, (m) => (r.chance(0.5) ? r.pick(['/Filter /Bogus', '/Filter [/FlateDecode /FlateDecode /LZWDecode]', '/Filter /JBIG2Decode', '/Filter /DCTDecode', '/Filter /ASCII85Decode']) : m))),
      };
    default: {
      // a deflate bomb as a page's content stream (64 MB of spaces, ~64 KB compressed)
      const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
      const m = /(\d+) 0 obj\s*<<[^>]*\/Length \d+[^>]*\/Filter\s*\/FlateDecode[^>]*>>\s*stream\r?\n/.exec(t);
      if (!m) return null;
      const bodyStart = m.index + m[0].length;
      const end = t.indexOf('endstream', bodyStart);
      const head = m[0].replace(/\/Length \d+/, `/Length ${bomb.length}`);
      return { family: 'pdf-flate-bomb', ext: 'pdf', bytes: Buffer.concat([b.subarray(0, m.index), fromLatin(head), bomb, fromLatin('\n'), b.subarray(end)]) };
    }
  }
}

function pdfPages(s: Seed, r: Rng): Mutant | null {
  if (s.kind !== 'pdf') return null;
  const t = latin(s.bytes);
  switch (r.int(3)) {
    case 0: // a page tree claiming billions of pages
      return { family: 'pdf-huge-page-count', ext: 'pdf', bytes: fromLatin(t.replace(/\/Count \d+/, `/Count ${r.pick(['2147483647', '99999999', '-1', '0'])}`)) };
    case 1: {
      // a page tree whose Kids include the tree itself (a cycle)
      const m = /(\d+) 0 obj\s*<<\s*\/Type\s*\/Pages/.exec(t) ?? /(\d+) 0 obj\s*<<[^>]*\/Type\s*\/Pages/.exec(t);
      if (!m) return null;
      return { family: 'pdf-page-tree-cycle', ext: 'pdf', bytes: fromLatin(t.replace(/\/Kids\s*\[/, `/Kids [ ${m[1]} 0 R `)) };
    }
    default: {
      // a real PDF with many (empty) pages: a minimal file written here
      const n = r.pick([2000, 20_000]);
      return { family: 'pdf-many-pages', ext: 'pdf', bytes: manyPagesPdf(n) };
    }
  }
}

function manyPagesPdf(n: number): Buffer {
  const objs: string[] = [];
  objs.push('<< /Type /Catalog /Pages 2 0 R >>');
  const kids = Array.from({ length: n }, (_, i) => `${i + 4} 0 R`).join(' ');
  objs.push(`<< /Type /Pages /Count ${n} /Kids [${kids}] >>`);
  objs.push('<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Trang) Tj ET\nendstream');
  for (let i = 0; i < n; i++) objs.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>');
  let out = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return fromLatin(out);
}

function pdfNesting(s: Seed, r: Rng): Mutant | null {
  if (s.kind !== 'pdf') return null;
  const t = latin(s.bytes);
  const depth = r.pick([1000, 50_000, 500_000]);
  const nest = r.chance(0.5) ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'<< /A '.repeat(depth)}1${' >>'.repeat(depth)}`;
  // Into the catalog (read first) or into a page's resources.
  const i = r.chance(0.5) ? t.indexOf('/Type /Catalog') : t.indexOf('/Type /Page');
  if (i < 0) return null;
  return { family: 'pdf-deep-nesting', ext: 'pdf', bytes: fromLatin(`${t.slice(0, i)}/Junk ${nest} ${t.slice(i)}`) };
}

/** Damages the tables of an embedded TrueType font (FontFile2): table directory, loca, glyf, cmap. */
function pdfFont(s: Seed, r: Rng): Mutant | null {
  if (s.kind !== 'pdf') return null;
  const t = latin(s.bytes);
  const refs = [...t.matchAll(/\/FontFile2 (\d+) 0 R/g)].map((m) => m[1]!);
  if (!refs.length) return null;
  const id = r.pick(refs);
  const m = new RegExp(`(?:^|\\s)${id} 0 obj\\s*<<([\\s\\S]*?)>>\\s*stream\\r?\\n`).exec(t);
  if (!m) return null;
  const start = m.index + m[0].length;
  const end = t.indexOf('endstream', start);
  let font: Buffer;
  try {
    font = inflateSync(s.bytes.subarray(start, end));
  } catch {
    return null;
  }
  font = Buffer.from(font);
  const numTables = font.readUInt16BE(4);
  const dir = (i: number) => 12 + i * 16;
  switch (r.int(5)) {
    case 0:
      font.writeUInt16BE(r.pick([0, 0xffff, numTables + 50]), 4);
      break;
    case 1: // table offsets/lengths out of range
      for (let i = 0; i < numTables; i++) if (r.chance(0.3)) font.writeUInt32BE(r.pick([0xffffffff, 0x7fffffff, 0, font.length]), dir(i) + r.pick([8, 12]));
      break;
    case 2: {
      // garbage inside one table (glyf, loca, cmap, head, hmtx...)
      const i = r.int(numTables);
      const off = font.readUInt32BE(dir(i) + 8);
      const len = font.readUInt32BE(dir(i) + 12);
      for (let k = 0; k < Math.min(len, 64); k++) if (off + k < font.length && r.chance(0.5)) font[off + k] = r.int(256);
      break;
    }
    case 3: // truncated font
      font = font.subarray(0, r.int(font.length));
      break;
    default: // a font program that is not a font
      font = Buffer.from('not a font at all '.repeat(100));
  }
  const z = deflateSync(font);
  const head = m[0].replace(/\/Length \d+/, `/Length ${z.length}`).replace(/\/Length1 \d+/, `/Length1 ${font.length}`);
  return { family: 'pdf-broken-font', ext: 'pdf', bytes: Buffer.concat([s.bytes.subarray(0, m.index), fromLatin(head), z, fromLatin('\n'), s.bytes.subarray(end)]) };
}

// ---- .doc (OLE) ----------------------------------------------------------------------------------

function oleHeader(s: Seed, r: Rng): Mutant | null {
  if (s.kind !== 'doc' || s.bytes.length < 512) return null;
  const b = Buffer.from(s.bytes);
  const field = r.pick([0x1e, 0x20, 0x2c, 0x30, 0x3c, 0x40, 0x44, 0x48, 0x4c + 4 * r.int(109)]);
  if (field === 0x1e || field === 0x20) b.writeUInt16LE(r.pick([0, 1, 7, 12, 31, 0xffff]), field);
  else b.writeUInt32LE(r.pick([0, 1, 0xfffffffe, 0xffffffff, 0x7fffffff, b.length >> 9, 12345]), field);
  return { family: 'ole-header', ext: 'doc', bytes: b };
}

// ---- text ----------------------------------------------------------------------------------------

function textGarbage(s: Seed, r: Rng): Mutant | null {
  if (s.kind !== 'txt') return null;
  const t = s.bytes;
  switch (r.int(3)) {
    case 0:
      return { family: 'text-long-line', ext: 'txt', bytes: Buffer.concat([t, Buffer.from(`${'1.000,5 '.repeat(500_000)}\n`)]) };
    case 1:
      return { family: 'text-binary', ext: 'txt', bytes: Buffer.concat([t.subarray(0, t.length >> 1), Buffer.from([0, 0xff, 0xfe, 0xc3, 0x28]), t.subarray(t.length >> 1)]) };
    default:
      return { family: 'text-many-rows', ext: 'txt', bytes: Buffer.concat([t, Buffer.from(Array.from({ length: 50_000 }, (_, i) => `${i}.${i}. Chỉ tiêu ${i} | ${i} | ${i % 100},${i % 10}%`).join('\n'))]) };
  }
}

// ---- the mix -------------------------------------------------------------------------------------

const WEIGHTED: [Mutator, number][] = [
  [bitflip, 18],
  [overwrite, 8],
  [splice, 6],
  [truncate, 14],
  [zipLie, 6],
  [zipDuplicate, 4],
  [zipPaths, 3],
  [zipNested, 3],
  [zipRecursive, 2],
  [zipBomb, 1],
  [docxEntities, 3],
  [docxExternal, 3],
  [docxXmlDamage, 5],
  [pdfXref, 5],
  [pdfStream, 6],
  [pdfPages, 2],
  [pdfNesting, 2],
  [pdfFont, 5],
  [oleHeader, 4],
  [textGarbage, 2],
];
const TOTAL = WEIGHTED.reduce((a, [, w]) => a + w, 0);

function pickMutator(r: Rng): Mutator {
  let x = r.next() * TOTAL;
  for (const [m, w] of WEIGHTED) if ((x -= w) < 0) return m;
  return bitflip;
}

/** One mutant from a random seed; mutators that do not apply to the seed's kind are redrawn. */
export function mutate(seeds: Seed[], r: Rng, index: number): Mutant & { seed: string } {
  // A few fixed hostile files in every run.
  if (index === 0) return { family: 'sparse-1gb', ext: 'pdf', sparse: 1024 ** 3, seed: '-' };
  if (index === 1) return { family: 'sparse-1gb', ext: 'docx', sparse: 1024 ** 3, seed: '-' };
  for (let tries = 0; ; tries++) {
    const seed = r.pick(seeds);
    const m = pickMutator(r)(seed, r);
    if (m && (m.bytes?.length || m.sparse || tries > 20)) {
      // A second mutation on top, now and then.
      if (m.bytes && r.chance(0.1) && m.ext === extOf(seed)) {
        const again = bitflip({ ...seed, bytes: m.bytes }, r);
        return { ...m, bytes: again.bytes!, family: `${m.family}+bitflip`, seed: seed.name };
      }
      return { ...m, seed: seed.name };
    }
  }
}
