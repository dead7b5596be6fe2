// The same unit and period imported twice from different files: every field that differs is
// flagged, and neither record overwrites the other.
import type { Conflict, ReportRecord } from '../../../schemas/record.js';
import { factEvidence, indicatorEvidence, indicatorRef, makeConflict } from '../conflict.js';
import type { CrossRule } from '../types.js';
import { peers, pid, samePeriod } from './common.js';

type Evidence = Conflict['evidence'][number];
type Value = number | string | null;

interface Field {
  ref: string;
  label: string;
  value: Value;
  shown: string;
  evidence: Evidence;
}

function fields(r: ReportRecord): Map<string, Field> {
  const out = new Map<string, Field>();
  const file = r.source.file;
  const meta = r.report;
  if (meta) {
    const metaFields: [string, string, Value][] = [
      ['number', 'số hiệu báo cáo', meta.number],
      ['date', 'ngày báo cáo', meta.date],
      ['title', 'trích yếu', meta.title],
      ['signer', 'người ký', meta.signer?.name ?? null],
    ];
    for (const [name, label, value] of metaFields) {
      const prov = meta.provenance[name] ?? { file, block: 0 };
      out.set(`report:${name}`, { ref: `report:${name}`, label, value, shown: value === null ? '(trống)' : String(value), evidence: { ...prov, text: String(value ?? '') } });
    }
  }
  for (const ind of r.indicators) {
    const ref = ind.key ? `indicator:${ind.key}` : indicatorRef(ind);
    if (out.has(ref)) continue;
    out.set(ref, {
      ref: indicatorRef(ind),
      label: `Biểu mẫu ${ind.form} dòng ${ind.code}`,
      value: ind.valueKind === 'number' ? ind.value : ind.raw === '' ? null : ind.raw,
      shown: ind.raw === '' ? '(trống)' : ind.raw,
      evidence: indicatorEvidence(ind),
    });
  }
  for (const f of r.facts) {
    const ref = `fact:${f.key}`;
    if (out.has(ref)) continue;
    out.set(ref, { ref, label: `thuyết minh "${f.key}"`, value: f.value, shown: f.raw, evidence: factEvidence(f) });
  }
  return out;
}

const missing = (file: string): Field => ({ ref: '', label: '', value: null, shown: '(không có)', evidence: { file, block: 0, text: '(không có)' } });

export const duplicateImport: CrossRule = {
  id: 'duplicate_import',
  scope: 'cross',
  severity: 'warning',
  template: 'Báo cáo {period} của cùng đơn vị được nhập từ hai tệp khác nhau ({fileA}, {fileB}); {field} khác nhau: {a} và {b}.',
  description:
    'The same unit and period imported twice from different files (different sha256): one warning per differing field (report number, date, title, signer, each appendix row, each narrative fact). Neither record is overwritten.',
  check({ record, others }) {
    const out: Conflict[] = [];
    const mine = fields(record);
    for (const other of peers(record, others).filter((o) => samePeriod(record, o))) {
      const theirs = fields(other);
      for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
        const a = mine.get(key) ?? missing(record.source.file);
        const b = theirs.get(key) ?? missing(other.source.file);
        if (a.value === b.value) continue;
        const ref = a.ref || b.ref;
        out.push(
          makeConflict(this, {
            refs: [ref, `source:${other.source.sha256}`],
            values: [a.value, b.value],
            evidence: [a.evidence, b.evidence],
            vars: {
              period: record.report?.period?.raw ?? pid(record),
              fileA: record.source.file,
              fileB: other.source.file,
              field: a.label || b.label,
              a: a.shown,
              b: b.shown,
            },
          }),
        );
      }
    }
    return out;
  },
};
