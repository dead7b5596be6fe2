// The same report as a .docx and as a scan of its signed paper (the seed report and its scanned
// PDF, read by OCR): one report with two versions, the born-digital file standing over the scan,
// and what OCR read differently shown side by side with where each value was read.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/pipeline.js';
import { countVersionItems, exportRows, getVersionGroup, listVersionGroups, openStore, storeReport } from '../src/store/index.js';

const DOCX = join(import.meta.dirname, '..', 'fixtures', 'tien-dong-2023-q3.docx');
const SCAN = join(import.meta.dirname, '..', 'fixtures', 'scanned', 'tien-dong-2023-q3.scanned.pdf');

describe('a report as .docx and as a scan of its signed copy', () => {
  it('is one report with two versions; the .docx stands, and the differences are shown', async () => {
    const docx = (await extractFile(DOCX)).value!;
    const scan = (await extractFile(SCAN)).value!;
    expect(scan.pageInfo.some((p) => p.method === 'ocr')).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-versions-scan-'));
    const db = await openStore({ dataDir: dir });
    try {
      // The scan arrives last: storing order alone would make it stand.
      const d = await storeReport(db, docx, { paths: [DOCX], fromPipeline: true });
      const s = await storeReport(db, scan, { paths: [SCAN], fromPipeline: true });
      expect(s.reportId).not.toBe(d.reportId);
      expect(await countVersionItems(db)).toBe(1);
      const [group] = await listVersionGroups(db);
      expect(group).toMatchObject({ versions: 2, standingReportId: d.reportId, standingHow: 'default' });
      expect(group!.standingReason).toMatch(/Tệp gốc điện tử \(docx\).*bản quét/);
      const detail = await getVersionGroup(db, group!.id);
      expect(detail.versions.map((v) => [v.format, v.scanned, v.standing])).toEqual([
        ['docx', false, true],
        ['pdf', true, false],
      ]);
      // Whatever OCR read differently is a row with both values and where each was read.
      for (const row of detail.diff) {
        expect(row.cells).toHaveLength(2);
        for (const c of row.cells) if (c) expect(c.evidence.file).toBeTruthy();
      }
      // Only the .docx is exported.
      const shas = new Set<string>();
      for await (const r of exportRows(db)) shas.add(r.sourceSha256);
      expect([...shas]).toEqual([docx.source.sha256]);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
