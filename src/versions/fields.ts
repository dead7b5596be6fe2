// The fields two versions of one report are compared on (report number, date, title, signer, each
// appendix row, each narrative fact) and the side-by-side table of those that differ. Pure. The
// comparison used to be the duplicate_import rule: one warning per differing field per pair of
// files, which grew with the square of the versions; now it is one table per report.
import type { Conflict, ReportRecord } from '../../schemas/record.js';
import { factEvidence, indicatorEvidence, indicatorRef } from '../rules/conflict.js';

type Evidence = Conflict['evidence'][number];
export type FieldValue = number | string | null;

export interface VersionField {
  /** The correctable reference of the field in this version ("form3:1.4", "fact:hoso.tiep_nhan", "report:date"). */
  ref: string;
  label: string;
  value: FieldValue;
  /** As printed ("(trống)" when blank). */
  shown: string;
  evidence: Evidence;
}

/**
 * A version's fields by comparison key: appendix rows by catalogue key when they have one (two
 * layouts of one form may number rows differently), else by form and code; facts by fact key.
 */
export function versionFields(r: ReportRecord): Map<string, VersionField> {
  const out = new Map<string, VersionField>();
  const file = r.source.file;
  const meta = r.report;
  if (meta) {
    const metaFields: [string, string, FieldValue][] = [
      ['number', 'Số hiệu báo cáo', meta.number],
      ['date', 'Ngày báo cáo', meta.date],
      ['title', 'Trích yếu', meta.title],
      ['signer', 'Người ký', meta.signer?.name ?? null],
    ];
    for (const [name, label, value] of metaFields) {
      const prov = meta.provenance[name] ?? { file, block: 0 };
      out.set(`report:${name}`, { ref: `report:${name}`, label, value, shown: value === null ? '(trống)' : String(value), evidence: { ...prov, text: String(value ?? '') } });
    }
  }
  for (const ind of r.indicators) {
    const key = ind.key ? `indicator:${ind.key}` : indicatorRef(ind);
    if (out.has(key)) continue;
    out.set(key, {
      ref: indicatorRef(ind),
      label: `Biểu mẫu ${ind.form} dòng ${ind.code}`,
      value: ind.valueKind === 'number' ? ind.value : ind.raw === '' ? null : ind.raw,
      shown: ind.raw === '' ? '(trống)' : ind.raw,
      evidence: indicatorEvidence(ind),
    });
  }
  for (const f of r.facts) {
    const key = `fact:${f.key}`;
    if (out.has(key)) continue;
    out.set(key, { ref: key, label: `Thuyết minh "${f.key}"`, value: f.value, shown: f.raw, evidence: factEvidence(f) });
  }
  return out;
}

export interface DiffRow {
  key: string;
  label: string;
  /** One cell per version, in the order given; null when the version has no such field. */
  cells: (VersionField | null)[];
}

/**
 * The fields whose value is not the same in every version (a field one version lacks counts as
 * differing), in the order of the first version that has them. Linear in versions × fields.
 */
export function diffVersions(records: ReportRecord[]): DiffRow[] {
  const maps = records.map(versionFields);
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const m of maps) for (const k of m.keys()) if (!seen.has(k)) (seen.add(k), keys.push(k));
  const rows: DiffRow[] = [];
  for (const key of keys) {
    const cells = maps.map((m) => m.get(key) ?? null);
    const first = cells[0] ?? null;
    const differs = cells.some((c) => (c === null) !== (first === null) || (c !== null && first !== null && c.value !== first.value));
    if (!differs) continue;
    const label = cells.find((c) => c !== null)!.label;
    rows.push({ key, label, cells });
  }
  return rows;
}
