// Test records for the store tests: real rows and facts of the Tiên Động 2023 Q3 report (see
// fixtures/tien-dong-2023-q3.txt), built by hand so the store can be tested without the pipeline.
import { createHash } from 'node:crypto';
import type { Conflict, Indicator, ReportRecord } from '../schemas/record.js';
import type { RulesModule } from '../src/store/rules.js';

export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function ind(form: number, code: string, label: string, unit: string | null, raw: string, value: number | null, row: number): Indicator {
  return {
    form,
    formTitle: form === 3 ? 'Cải cách thủ tục hành chính' : 'Cải cách bộ máy hành chính nhà nước',
    code,
    key: null,
    label,
    unit,
    raw,
    value,
    valueKind: value === null ? 'blank' : 'number',
    decimals: raw.includes(',') ? raw.split(',')[1]!.length : 0,
    flags: [],
    note: null,
    group: false,
    provenance: { file: 'x', block: 10, table: form - 1, row, cell: 3 },
  };
}

export interface RecordOptions {
  file?: string;
  format?: 'pdf' | 'docx' | 'doc' | 'txt';
  /** Distinguishes the content (and so the sha256). */
  content?: string;
  extractorVersion?: string;
  year?: number;
  quarter?: number;
  unitName?: string;
  district?: string;
  /** Printed rate of form 3 row 3.1 (the seed prints 99,6 for 258/259). */
  rate?: number;
  solved?: number;
}

export function makeRecord(o: RecordOptions = {}): ReportRecord {
  const content = o.content ?? 'tien-dong-2023-q3';
  const file = o.file ?? '/archive/2023/Q3/tien-dong.docx';
  const solved = o.solved ?? 259;
  const rate = o.rate ?? 99.6;
  return {
    schemaVersion: 1,
    extractorVersion: o.extractorVersion ?? '0.1.0',
    source: { file, sha256: sha(content), format: o.format ?? 'docx', size: content.length * 100, pages: null },
    status: 'complete',
    report: {
      unitKind: 'xã',
      unitName: o.unitName ?? 'Tiên Động',
      district: o.district ?? 'Tứ Kỳ',
      province: 'Hải Dương',
      number: null,
      place: 'Tiên Động',
      date: '2023-09-08',
      title: 'Công tác cải cách hành chính Quý III năm 2023',
      period: { kind: 'quarter', number: o.quarter ?? 3, year: o.year ?? 2023, raw: 'Quý III năm 2023' },
      signer: { name: 'Nguyễn Văn Thương', title: 'PHÓ CHỦ TỊCH', onBehalfOf: 'TM. ỦY BAN NHÂN DÂN' },
      recipients: ['Ban Thường vụ Đảng ủy'],
      provenance: {},
    },
    indicators: [
      ind(3, '3.1', 'Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn', '%', String(rate).replace('.', ','), rate, 20),
      ind(3, '3.1.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', 'Hồ sơ', String(solved), solved, 21),
      ind(3, '3.1.2', 'Số hồ sơ TTHC giải quyết đúng hạn', 'Hồ sơ', '258', 258, 22),
      ind(3, '4.1', 'Tổng số nhiệm vụ được giao', 'Nhiệm vụ', '', null, 23),
      // A broken table printing one code twice (the seed's form 7 has such rows).
      ind(4, '2.1', 'Tổng số biên chế được giao trong năm', 'Người', '20', 20, 5),
      ind(4, '2.1', 'Tổng số biên chế có mặt tại thời điểm báo cáo', 'Người', '19', 19, 6),
    ],
    facts: [
      {
        key: 'hoso.tiep_nhan',
        value: 259,
        unit: 'hồ sơ',
        raw: 'Số hồ sơ tiếp nhận 259 hồ sơ',
        sentence: 'Kết quả giải quyết các thủ tục hành chính, cụ thể như sau: Số hồ sơ tiếp nhận 259 hồ sơ, giải quyết 259 hồ sơ',
        ambiguous: false,
        indicatorKey: null,
        provenance: { file, block: 42, span: [60, 89] },
      },
    ],
    citations: [
      {
        docType: 'Kế hoạch',
        number: '12/KH-UBND',
        rawNumber: '12-KH-UBND',
        issuer: 'UBND xã Tiên Động',
        date: '2023-02-28',
        year: 2023,
        subject: 'kiểm soát thủ tục hành chính',
        identity: '12/KH-UBND|2023|ubnd xa tien dong',
        raw: 'Kế hoạch số: 12-KH-UBND, ngày 28/02/2023',
        provenance: { file, block: 20 },
      },
    ],
    conflicts: [],
    warnings: [],
    narrative: [],
    pageInfo: [],
  };
}

/**
 * A small stand-in for src/rules: checks that form 3's rate 3.1 matches 3.1.2 / 3.1.1 to the
 * printed decimals, and (cross-report) that the count of solved files (a running total within the
 * year) did not fall from an earlier quarter of the same unit. It reads only that row of the others.
 */
export const testRules: RulesModule = {
  runReportRules(record) {
    const get = (code: string) => record.indicators.find((i) => i.form === 3 && i.code === code);
    const rate = get('3.1');
    const total = get('3.1.1');
    const ontime = get('3.1.2');
    const out: Conflict[] = [];
    if (rate?.value != null && total?.value && ontime?.value != null) {
      const expected = Math.round((ontime.value / total.value) * 1000) / 10;
      if (Math.abs(expected - rate.value) > 0.05)
        out.push({
          rule: 'rate_mismatch',
          severity: 'error',
          message: `Tỷ lệ ${rate.value}% không khớp ${ontime.value}/${total.value} = ${expected}%`,
          refs: ['form3:3.1', 'form3:3.1.1', 'form3:3.1.2'],
          values: [rate.value, total.value, ontime.value],
          evidence: [{ ...rate.provenance, text: rate.raw }],
          suggestion: { ref: 'form3:3.1', value: expected, why: `${ontime.value}/${total.value}` },
          fingerprint: 'rate_mismatch:form3:3.1',
        });
    }
    return out;
  },
  runCrossReportRules(record, others) {
    const p = record.report?.period;
    const count = (r: ReportRecord) => r.indicators.find((i) => i.form === 3 && i.code === '3.1.1')?.value ?? null;
    const mine = count(record);
    const out: Conflict[] = [];
    if (!p || p.kind !== 'quarter' || p.number === null || mine === null) return out;
    for (const o of others) {
      const q = o.report?.period;
      if (!q || q.kind !== 'quarter' || q.year !== p.year || q.number === null || q.number >= p.number) continue;
      const theirs = count(o);
      if (theirs !== null && theirs > mine)
        out.push({
          rule: 'count_fell',
          severity: 'warning',
          message: `Số lũy kế giảm từ ${theirs} (quý ${q.number}) xuống ${mine}`,
          refs: ['form3:3.1.1'],
          values: [mine, theirs],
          evidence: [],
          fingerprint: `count_fell:form3:3.1.1:${o.source.sha256.slice(0, 12)}`,
        });
    }
    return out;
  },
  crossFields: { refs: ['form3:3.1.1'] },
};
