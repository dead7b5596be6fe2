// Versions of one report (src/versions): which one stands by default and why, and the side-by-side
// table of the fields that differ (what the duplicate_import rule used to raise per pair of files).
import { describe, expect, it } from 'vitest';
import type { ReportRecord } from '../schemas/record.js';
import { diffVersions, versionFields } from '../src/versions/fields.js';
import { chooseStanding, groupKey, rankVersions, versionMarks, type VersionFacts } from '../src/versions/standing.js';
import { fact, record, rows } from './rules.builder.js';

const sha = (n: number) => n.toString(16).padStart(64, '0');
const TOTAL = 'Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương';

const base = (v: string, date: string, s: number): ReportRecord =>
  record({
    indicators: rows([[3, '1.4', TOTAL, v], [3, '2.1', 'Số TTHC liên thông cùng cấp', '17']]),
    facts: [fact('hoso.tiep_nhan', 259, 'Số hồ sơ tiếp nhận 259 hồ sơ')],
    report: { date },
    sha: sha(1000 + s),
    file: `tien-dong-q3-${s}.pdf`,
  });

const v = (o: Partial<VersionFacts> & { reportId: number }): VersionFacts => ({
  date: '2023-09-08',
  number: '176/BC-UBND',
  signed: true,
  draft: false,
  scanned: false,
  format: 'docx',
  file: `/archive/v${o.reportId}.docx`,
  ...o,
});

describe('side-by-side table of versions', () => {
  it('lists every field that differs, one cell per version with its provenance', () => {
    const a = base('164', '2023-09-08', 1);
    const b = base('176', '2023-09-10', 2);
    const c = base('164', '2023-09-08', 3);
    const diff = diffVersions([a, b, c]);
    const refOf = (d: (typeof diff)[number]) => d.cells.find((x) => x !== null)!.ref;
    expect(diff.map(refOf)).toEqual(['report:date', 'form3:1.4']);
    const row = diff.find((d) => refOf(d) === 'form3:1.4')!;
    expect(row.cells.map((x) => x?.value)).toEqual([164, 176, 164]);
    expect(row.cells[1]).toMatchObject({ ref: 'form3:1.4', label: 'Biểu mẫu 3 dòng 1.4', shown: '176', evidence: { text: expect.stringContaining('176') } });
    // Neither record is touched.
    expect(a.indicators[0]!.value).toBe(164);
    expect(b.indicators[0]!.value).toBe(176);
  });

  it('shows a row one version lacks as missing there', () => {
    const a = base('164', '2023-09-08', 4);
    const b = base('164', '2023-09-08', 5);
    b.indicators = b.indicators.slice(0, 1);
    expect(diffVersions([a, b]).map((d) => [d.label, d.cells.map((x) => x?.value ?? 'không có')])).toEqual([['Biểu mẫu 3 dòng 2.1', [17, 'không có']]]);
  });

  it('identical versions differ in nothing, and the table grows with versions, not with pairs', () => {
    expect(diffVersions([base('164', '2023-09-08', 6), base('164', '2023-09-08', 7)])).toEqual([]);
    const many = Array.from({ length: 8 }, (_, i) => base(String(160 + i), '2023-09-08', 10 + i));
    const diff = diffVersions(many);
    expect(diff).toHaveLength(1);
    expect(diff[0]!.cells).toHaveLength(8);
  });

  it('compares appendix rows by catalogue key when they have one', () => {
    const a = base('164', '2023-09-08', 8);
    const b = base('170', '2023-09-08', 9);
    const key = a.indicators[0]!.key;
    expect(key).not.toBeNull();
    b.indicators[0]!.code = '1.5';
    expect([...versionFields(b).keys()]).toContain(`indicator:${key}`);
    expect(diffVersions([a, b]).map((d) => [d.key, d.cells.map((x) => x?.ref)])).toEqual([[`indicator:${key}`, ['form3:1.4', 'form3:1.5']]]);
    // Without a key, rows are compared by form and code.
    a.indicators[0]!.key = null;
    b.indicators[0]!.key = null;
    expect(diffVersions([a, b]).map((d) => d.key)).toEqual(['form3:1.4', 'form3:1.5']);
  });
});

describe('the standing version', () => {
  it('is the later-dated signed one, with the reason', () => {
    const s = chooseStanding([v({ reportId: 1, date: '2023-09-08' }), v({ reportId: 2, date: '2023-10-02', number: '190/BC-UBND' })]);
    expect(s).toMatchObject({ reportId: 2, how: 'default' });
    expect(s!.reason).toContain('02/10/2023');
  });

  it('is signed over a later draft or an unsigned file', () => {
    expect(chooseStanding([v({ reportId: 1 }), v({ reportId: 2, date: '2023-12-01', draft: true })])).toMatchObject({ reportId: 1, reason: expect.stringContaining('dự thảo') });
    expect(chooseStanding([v({ reportId: 3, signed: true }), v({ reportId: 4, date: '2023-12-01', signed: false, number: null })])).toMatchObject({ reportId: 3 });
  });

  it('is the born-digital file over a scan of the same document (the scan lends it its signature)', () => {
    const docx = v({ reportId: 1, signed: false });
    const scan = v({ reportId: 2, scanned: true, format: 'pdf', file: '/archive/scan.pdf' });
    const s = chooseStanding([docx, scan]);
    expect(s).toMatchObject({ reportId: 1 });
    expect(s!.reason).toContain('bản quét');
    expect(rankVersions([scan, docx]).map((x) => x.reportId)).toEqual([1, 2]);
  });

  it('is the one a reviewer chose over all, as long as it is a version of the group', () => {
    const versions = [v({ reportId: 1, date: '2023-09-08' }), v({ reportId: 2, date: '2023-10-02' })];
    expect(chooseStanding(versions, { reportId: 1, author: 'lan.nguyen', reason: 'bản có dấu' })).toMatchObject({
      reportId: 1,
      how: 'reviewer',
      reason: expect.stringContaining('lan.nguyen'),
    });
    expect(chooseStanding(versions, { reportId: 9, author: 'x', reason: 'y' })).toMatchObject({ reportId: 2, how: 'default' });
    expect(chooseStanding([])).toBeNull();
    expect(chooseStanding([v({ reportId: 5 })])!.reason).toBe('Bản duy nhất của báo cáo này.');
  });

  it('falls back to the latest stored of otherwise equal versions', () => {
    expect(chooseStanding([v({ reportId: 7 }), v({ reportId: 3 })])).toMatchObject({ reportId: 7, reason: expect.stringContaining('v7.docx') });
  });
});

describe('version marks and groups', () => {
  it('reads the signer, a draft mark and OCR pages off the record', () => {
    const r = base('164', '2023-09-08', 20);
    expect(versionMarks(r)).toMatchObject({ draft: false, scanned: false });
    r.narrative = [{ text: 'DỰ THẢO', provenance: { file: 'x', block: 0 } }];
    r.pageInfo = [{ page: 1, method: 'ocr' }];
    r.report = { ...r.report!, signer: null };
    expect(versionMarks(r)).toEqual({ signed: false, draft: true, scanned: true });
  });

  it('groups by unit and period, and a report with neither on its own', () => {
    const r = base('164', '2023-09-08', 21);
    expect(groupKey('xa|tien dong|tu ky|hai duong', r)).toBe(`xa|tien dong|tu ky|hai duong#${r.report!.period!.kind}:${r.report!.period!.number ?? ''}:${r.report!.period!.year}`);
    expect(groupKey(null, r)).toBe(`sha:${r.source.sha256}`);
  });
});
