// Just enough zip to take a .docx (or an archive) apart and put it back together wrong: entries
// from the central directory, and a writer that can lie about sizes, names and offsets.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface Entry {
  name: Buffer;
  /** Uncompressed bytes. */
  data: Buffer;
  deflate: boolean;
}

/** Entries of a well-formed zip (null when the bytes are not one this reader understands). */
export function readZip(buf: Buffer): Entry[] | null {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: Entry[] = [];
  try {
    for (let i = 0; i < count; i++) {
      if (buf.readUInt32LE(p) !== 0x02014b50) return null;
      const method = buf.readUInt16LE(p + 10);
      const csize = buf.readUInt32LE(p + 20);
      const nlen = buf.readUInt16LE(p + 28);
      const xlen = buf.readUInt16LE(p + 30);
      const clen = buf.readUInt16LE(p + 32);
      const local = buf.readUInt32LE(p + 42);
      const name = Buffer.from(buf.subarray(p + 46, p + 46 + nlen));
      const lstart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const raw = buf.subarray(lstart, lstart + csize);
      const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
      out.push({ name, data, deflate: method === 8 });
      p += 46 + nlen + xlen + clen;
    }
  } catch {
    return null;
  }
  return out.length ? out : null;
}

export interface WriteEntry {
  name: string | Buffer;
  data: Buffer;
  deflate?: boolean;
  /** Set the UTF-8 name flag (bit 11). Default true for string names. */
  utf8?: boolean;
  /** Lies written into the headers instead of the true values. */
  lie?: { csize?: number; usize?: number; localCsize?: number; localUsize?: number; crc?: number; method?: number; offset?: number };
}

export interface WriteOptions {
  /** Entry count written in the end record instead of the true one. */
  lieCount?: number;
  /** Central directory offset written instead of the true one. */
  lieCdOffset?: number;
  comment?: Buffer;
}

export function writeZip(entries: WriteEntry[], opts: WriteOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const lie = e.lie ?? {};
    const method = lie.method ?? (e.deflate ? 8 : 0);
    const crc = lie.crc ?? crc32(e.data);
    const flags = (e.utf8 ?? typeof e.name === 'string') ? 0x800 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE((lie.localCsize ?? lie.csize ?? body.length) >>> 0, 18);
    local.writeUInt32LE((lie.localUsize ?? lie.usize ?? e.data.length) >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE((lie.csize ?? body.length) >>> 0, 20);
    central.writeUInt32LE((lie.usize ?? e.data.length) >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((lie.offset ?? offset) >>> 0, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const comment = opts.comment ?? Buffer.alloc(0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const n = (opts.lieCount ?? entries.length) & 0xffff;
  end.writeUInt16LE(n, 8);
  end.writeUInt16LE(n, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE((opts.lieCdOffset ?? offset) >>> 0, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, end, comment]);
}

/** Offsets of every zip record signature (local, central, end): truncation points. */
export function zipBoundaries(buf: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= buf.length; i++) {
    if (buf[i] !== 0x50 || buf[i + 1] !== 0x4b) continue;
    const sig = buf.readUInt32LE(i);
    if (sig === 0x04034b50 || sig === 0x02014b50 || sig === 0x06054b50 || sig === 0x06064b50 || sig === 0x07064b50) out.push(i);
  }
  return out;
}
