// The PDF reader runs pdf.js's worker side in this thread on its own port (src/readers/pdf-port.ts),
// which copies messages in JavaScript instead of through structuredClone. These tests hold the
// copy to structuredClone's results, and the whole reader to what pdf.js's own in-thread worker
// gives on real PDFs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cloneMessage, InThreadPort } from '../src/readers/pdf-port.js';
import { documentParams, loadPdfjs, readPdfPages, type PdfjsLike } from '../src/readers/pdf-pdfjs.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('cloneMessage', () => {
  it('copies what pdf.js posts as structuredClone does', () => {
    // The shape of an operator-list chunk and of a stream message around it.
    const chunk = {
      sourceName: 'worker',
      targetName: 'main',
      stream: 'enqueue',
      streamId: 3,
      chunk: {
        fnArray: [31, 44, 91, 85],
        argsArray: [null, ['g_d0_f1', 12], [[{ unicode: 'ệ', width: 0.44, isSpace: false, fontChar: 'a', vmetric: null }], 'Quý III'], [1, new Float32Array([0, 1, 2.5, 3])]],
        lastChunk: false,
        separateAnnots: null,
        length: 4,
      },
    };
    const copy = cloneMessage(chunk);
    expect(copy).toStrictEqual(structuredClone(chunk));
    expect(copy).not.toBe(chunk);
    const c = copy as typeof chunk;
    expect(c.chunk.argsArray).not.toBe(chunk.chunk.argsArray);
    expect(c.chunk.argsArray[3]![1]).not.toBe(chunk.chunk.argsArray[3]![1]);
    // The sender empties its arrays after posting (pdf.js's OperatorList.flush): the copy keeps them.
    chunk.chunk.fnArray.length = 0;
    chunk.chunk.argsArray.length = 0;
    expect(c.chunk.fnArray).toEqual([31, 44, 91, 85]);
    expect(c.chunk.argsArray).toHaveLength(4);
  });

  it('keeps shared references and cycles, like structuredClone', () => {
    const shared = { name: 'Times New Roman' };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    const copy = cloneMessage(cyclic) as Record<string, unknown>;
    expect(copy.a).toBe(copy.b);
    expect(copy.a).not.toBe(shared);
    expect(copy.self).toBe(copy);
  });

  it('copies only a typed array’s own bytes, and hands a transferred buffer over without copying', () => {
    const buffer = new ArrayBuffer(16);
    const view = new Uint8Array(buffer, 4, 4);
    view.set([1, 2, 3, 4]);
    const copied = cloneMessage(view) as Uint8Array;
    expect([...copied]).toEqual([1, 2, 3, 4]);
    expect(copied.buffer).not.toBe(buffer);
    const handed = cloneMessage({ data: view }, [buffer]) as { data: Uint8Array };
    expect(handed.data).toBeInstanceOf(Uint8Array);
    expect(handed.data.buffer).toBe(buffer);
    expect([...handed.data]).toEqual([1, 2, 3, 4]);
  });

  it('leaves other objects to structuredClone (errors, maps, class instances)', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    const message = { reason: new RangeError('Số trang không hợp lệ'), map: new Map([['k', 1]]), point: new Point(1, 2), date: new Date(0) };
    const copy = cloneMessage(message) as typeof message;
    expect(copy.reason).toBeInstanceOf(RangeError);
    expect(copy.reason.message).toBe('Số trang không hợp lệ');
    expect(copy.map).toEqual(new Map([['k', 1]]));
    expect(copy.point).toEqual({ x: 1, y: 2 });
    expect(copy.point).not.toBeInstanceOf(Point);
    expect(copy.date).toEqual(new Date(0));
    expect(() => cloneMessage({ f: () => 1 })).toThrow();
    expect(() => cloneMessage([Symbol('s')])).toThrow();
    expect(() => cloneMessage({ nested: [new WeakMap()] })).toThrow();
    expect(() => cloneMessage({ p: Promise.resolve(1) })).toThrow();
  });
});

describe('InThreadPort', () => {
  it('delivers copies later, in order, and drops a listener when its signal aborts', async () => {
    const port = new InThreadPort();
    const got: unknown[] = [];
    const ac = new AbortController();
    port.addEventListener('message', (e) => got.push(e.data), { signal: ac.signal });
    const sent = { n: 1 };
    port.postMessage(sent);
    port.postMessage({ n: 2 });
    expect(got).toEqual([]);
    await Promise.resolve();
    await Promise.resolve();
    expect(got).toEqual([{ n: 1 }, { n: 2 }]);
    expect(got[0]).not.toBe(sent);
    ac.abort();
    port.postMessage({ n: 3 });
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toHaveLength(2);
  });
});

type Doc = {
  numPages: number;
  getPage(n: number): Promise<{
    getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[] }>;
    getTextContent(): Promise<{ items: unknown[] }>;
    cleanup(): void;
  }>;
  destroy(): Promise<void>;
};

/** Every page's operator list and text content, read through `worker`. */
async function readAll(lib: PdfjsLike, params: Record<string, unknown>) {
  const doc = (await lib.getDocument(params).promise) as unknown as Doc;
  const pages = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      pages.push({ ops: await page.getOperatorList(), text: await page.getTextContent() });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

describe('pdf.js on the in-thread port', () => {
  it('reads real PDFs exactly as on pdf.js’s own in-thread worker', async () => {
    const pdfjs = await loadPdfjs();
    // No port given: pdf.js sets up its own "fake worker" on a LoopbackPort (structuredClone).
    const ownWorker = new pdfjs.lib.PDFWorker({ verbosity: pdfjs.lib.VerbosityLevel.ERRORS });
    await ownWorker.promise;
    try {
      for (const file of ['fixtures/tien-dong-2023-q3.pdf', 'fixtures/corpus/001-my-an-hung-a-2022-9m.pdf', 'fixtures/scanned/tien-dong-2023-q3.scanned.pdf']) {
        const bytes = new Uint8Array(readFileSync(root + file));
        const ours = await readAll(pdfjs.lib, documentParams(pdfjs, bytes));
        const theirs = await readAll(pdfjs.lib, { ...documentParams(pdfjs, bytes), worker: ownWorker });
        expect(ours.length, file).toBeGreaterThan(0);
        // Font and image names carry the document's number ("g_d3_f1"): each read is a new document.
        const named = (pages: unknown) => JSON.parse(JSON.stringify(pages).replace(/\bg_d\d+_/g, 'g_dN_')) as unknown;
        expect(named(ours), file).toEqual(named(theirs));
      }
    } finally {
      ownWorker.destroy();
    }
  });
});

describe('the shared in-thread worker', () => {
  it('lets go of every document it read, read or refused, so thousands of files do not pile up listeners', async () => {
    const pdfjs = await loadPdfjs();
    await readPdfPages(new Uint8Array(readFileSync(root + 'fixtures/corpus/001-my-an-hung-a-2022-9m.pdf')), 'a.pdf');
    const port = (pdfjs.worker as unknown as { port: InThreadPort }).port;
    expect(port).toBeInstanceOf(InThreadPort);
    const settled = port.listenerCount;
    for (const file of ['fixtures/tien-dong-2023-q3.pdf', 'fixtures/bad/encrypted.pdf', 'fixtures/bad/truncated.pdf', 'fixtures/corpus/005-nghi-huong-2019-9m.pdf']) {
      await readPdfPages(new Uint8Array(readFileSync(root + file)), file).catch(() => undefined);
    }
    expect(port.listenerCount).toBe(settled);
  });
});
