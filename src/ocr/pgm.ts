// Binary PGM (P5), the one image format both poppler (`pdftoppm -gray`) and Tesseract speak, so
// ruling lines can be found and erased in plain TypeScript without an image library.

export interface GrayImage {
  width: number;
  height: number;
  /** One byte per pixel, row-major, 0 = black, 255 = white. */
  pixels: Uint8Array;
}

/** Parses an 8-bit binary PGM; throws on anything else (we only read what pdftoppm wrote). */
export function parsePgm(buf: Uint8Array): GrayImage {
  const tokens: string[] = [];
  let pos = 0;
  const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
  while (tokens.length < 4) {
    while (pos < buf.length && isSpace(buf[pos]!)) pos++;
    if (buf[pos] === 0x23) {
      // A comment runs to the end of the line.
      while (pos < buf.length && buf[pos] !== 0x0a) pos++;
      continue;
    }
    let t = '';
    while (pos < buf.length && !isSpace(buf[pos]!)) t += String.fromCharCode(buf[pos++]!);
    if (t === '') throw new Error('PGM header truncated');
    tokens.push(t);
  }
  pos++; // the single whitespace byte after maxval
  const [magic, w, h, max] = tokens;
  const width = Number(w);
  const height = Number(h);
  if (magic !== 'P5' || Number(max) !== 255 || !(width > 0) || !(height > 0)) throw new Error(`not an 8-bit P5 PGM (${tokens.join(' ')})`);
  if (buf.length < pos + width * height) throw new Error('PGM pixel data truncated');
  return { width, height, pixels: buf.slice(pos, pos + width * height) };
}

export function encodePgm(img: GrayImage): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'ascii'), Buffer.from(img.pixels.buffer, img.pixels.byteOffset, img.pixels.byteLength)]);
}
