// An image-only PDF, one image per page filling it, written by hand: a scanner's PDF is nothing
// more (no text layer, no fonts). Gray JPEG pages go in as they are (DCTDecode); 1-bit pages are
// packed 8 pixels a byte and deflated (FlateDecode), as scanners store black-and-white pages.
import { deflateSync } from 'node:zlib';
import type { GrayImage } from '../../src/ocr/pgm.js';

export type PdfImage =
  | { kind: 'jpeg'; width: number; height: number; dpi: number; data: Buffer }
  | { kind: 'bw'; width: number; height: number; dpi: number; data: Buffer }
  | { kind: 'gray'; width: number; height: number; dpi: number; data: Buffer };

/** A 0/255 page as a 1-bit image (1 = white, as DeviceGray reads one bit). */
export function bwImage(img: GrayImage, dpi: number): PdfImage {
  const rowBytes = Math.ceil(img.width / 8);
  const raw = Buffer.alloc(rowBytes * img.height);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) if (img.pixels[y * img.width + x]! >= 128) raw[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
  return { kind: 'bw', width: img.width, height: img.height, dpi, data: deflateSync(raw) };
}

/** An 8-bit gray page, deflated (lossless). */
export function grayImage(img: GrayImage, dpi: number): PdfImage {
  return { kind: 'gray', width: img.width, height: img.height, dpi, data: deflateSync(Buffer.from(img.pixels)) };
}

/** The PDF bytes: one page per image, page size from the image's pixels and resolution. */
export function imagePdf(images: PdfImage[]): Buffer {
  const objects: Buffer[] = [];
  const add = (parts: (string | Buffer)[]) => {
    objects.push(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p))));
    return objects.length;
  };
  // 1: catalog, 2: pages (filled in last).
  add(['<< /Type /Catalog /Pages 2 0 R >>']);
  add(['']);
  const kids: number[] = [];
  for (const im of images) {
    const w = ((im.width * 72) / im.dpi).toFixed(2);
    const h = ((im.height * 72) / im.dpi).toFixed(2);
    const filter = im.kind === 'jpeg' ? '/DCTDecode' : '/FlateDecode';
    const bits = im.kind === 'bw' ? 1 : 8;
    const xobj = add([`<< /Type /XObject /Subtype /Image /Width ${im.width} /Height ${im.height} /ColorSpace /DeviceGray /BitsPerComponent ${bits} /Filter ${filter} /Length ${im.data.length} >>\nstream\n`, im.data, '\nendstream']);
    const content = Buffer.from(`q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`, 'latin1');
    const contentId = add([`<< /Length ${content.length} >>\nstream\n`, content, '\nendstream']);
    kids.push(add([`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${xobj} 0 R >> >> /Contents ${contentId} 0 R >>`]));
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`, 'latin1');
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    chunks.push(obj);
    offset += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}
