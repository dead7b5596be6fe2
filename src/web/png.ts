// A 4-bit grayscale PNG encoder for the cached page images. pdftoppm's 8-bit gray PNG of a text page
// is ~210 KB at 110 dpi, almost all of it the anti-aliasing's 256 levels; 16 levels keep the
// letters' smooth edges on screen and compress to about a quarter. Plain zlib, no image library.
import { crc32, deflateSync } from 'node:zlib';
import type { GrayImage } from '../ocr/pgm.js';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** 8-bit gray → the nearest of 16 levels (0, 17, …, 255). */
const LEVELS = Uint8Array.from({ length: 256 }, (_, v) => Math.min(15, Math.round(v / 17)));

/** The image as a 4-bit gray PNG (levels rounded to the nearest of 16; filter "up" on every row). */
export function encodeGray4Png(img: GrayImage): Buffer {
  const { width, height, pixels } = img;
  const stride = Math.ceil(width / 2);
  const raw = Buffer.alloc((stride + 1) * height);
  const prev = Buffer.alloc(stride);
  const row = Buffer.alloc(stride);
  const level = LEVELS;
  for (let y = 0; y < height; y++) {
    row.fill(0);
    const base = y * width;
    for (let x = 0; x < width; x++) {
      const v = level[pixels[base + x]!]!;
      row[x >> 1]! |= x & 1 ? v : v << 4;
    }
    // Filter 2 (up): page images are mostly rows equal to the one above (paper, ruling lines).
    const at = y * (stride + 1);
    raw[at] = 2;
    for (let i = 0; i < stride; i++) raw[at + 1 + i] = (row[i]! - prev[i]!) & 0xff;
    row.copy(prev);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 4; // bit depth
  ihdr[9] = 0; // grayscale
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
