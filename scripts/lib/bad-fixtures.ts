// Bad-input fixtures: each one is a file a user might really drop on the tool, and each must end in a
// one-line InputError (corrupt / empty / encrypted / unsupported), never a crash.
import { deflateSync, crc32 } from 'node:zlib';
import PDFDocument from 'pdfkit';

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A valid 1×1 grey PNG (what a scanner app saves, then someone renames to .pdf). */
export function tinyPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); // width
  ihdr.writeUInt32BE(1, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const idat = deflateSync(Buffer.from([0, 0x80])); // filter byte + one pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A password-protected PDF (user password required to open), made with pdfkit's RC4/AES encryption. */
export function encryptedPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ userPassword: 'matkhau', ownerPassword: 'chu-so-huu', pdfVersion: '1.7', info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text('BAO CAO cong tac cai cach hanh chinh (encrypted test file)');
    doc.end();
  });
}

/** The first `fraction` of a file: a download cut short. */
export function truncated(bytes: Buffer, fraction: number): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length * fraction));
}

/**
 * A Word 97-2003 file with the FIB's fEncrypted flag set (what Word writes for a password-protected
 * .doc). LibreOffice cannot write a protected .doc headless, so the flag is set on a good file: the
 * FIB starts the WordDocument stream (magic 0xA5EC at a 512-byte sector boundary), flags at +0x0A.
 */
export function docWithEncryptedFlag(doc: Buffer): Buffer {
  const out = Buffer.from(doc);
  for (let off = 512; off + 0x0c < out.length; off += 512) {
    if (out.readUInt16LE(off) === 0xa5ec && out.readUInt16LE(off + 2) >= 0x00c1) {
      out.writeUInt16LE(out.readUInt16LE(off + 0x0a) | 0x0100, off + 0x0a);
      return out;
    }
  }
  throw new Error('no Word FIB found in the .doc');
}
