// Reads selected entries of a .docx (a zip) from memory. Mammoth reads the package itself; this is
// for the checks and parts mammoth does not surface (is it a Word package at all? which fonts?).
import yauzl from 'yauzl';

export interface ZipParts {
  names: string[];
  parts: Map<string, Buffer>;
}

/** Lists the zip's entries and reads those named in `wanted`. Rejects if the zip is unreadable. */
export function readZipParts(bytes: Buffer, wanted: string[]): Promise<ZipParts> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('unreadable zip'));
      const names: string[] = [];
      const parts = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve({ names, parts }));
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        if (!wanted.includes(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            parts.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
