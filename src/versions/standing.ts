// Which version of a report stands: pure, so the store, the web page and the tests agree on it.
// Files reporting the same unit and period are versions of one report (a draft and the signed copy,
// a corrected re-submission, the .docx and the scan of the signed paper). By default the later-dated
// signed one stands; of two files of the same document (same number and date) a born-digital file
// stands over a scan; a reviewer's choice stands over all. The reason is Vietnamese, shown as is.
import type { ReportRecord } from '../../schemas/record.js';
import { fold } from '../text/fold.js';

/** What the choice reads of one version (the store keeps these as columns of the report row). */
export interface VersionFacts {
  reportId: number;
  /** Report date as printed (ISO), null when not read. */
  date: string | null;
  /** Report number as printed ("176/BC-UBND"), null when blank. */
  number: string | null;
  /** A signer's name was read under the report. */
  signed: boolean;
  /** The file says it is a draft ("Dự thảo"). */
  draft: boolean;
  /** Some page was read by OCR: a scan. */
  scanned: boolean;
  format: string | null;
  file: string;
}

export interface Standing {
  reportId: number;
  how: 'default' | 'reviewer';
  reason: string;
}

/** Signer and draft marks of a record, as the store keeps them. */
export function versionMarks(record: ReportRecord): { signed: boolean; draft: boolean; scanned: boolean } {
  const meta = record.report;
  // A draft says so in its title or at the top of its first page ("DỰ THẢO").
  const head = [meta?.title ?? '', ...record.narrative.slice(0, 3).map((t) => t.text)].map((t) => fold(t));
  return {
    signed: Boolean(meta?.signer?.name?.trim()),
    draft: head.some((t) => /\bdu thao\b/.test(t)),
    scanned: record.pageInfo.some((p) => p.method === 'ocr'),
  };
}

const dmy = (iso: string) => iso.split('-').reverse().join('/');
const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;
/** Same document: the same number and date (a scan of the signed paper and its .docx). */
const sameDocument = (a: VersionFacts, b: VersionFacts) => a.number === b.number && a.date === b.date && (a.number !== null || a.date !== null);
const countsAsSigned = (v: VersionFacts, all: VersionFacts[]) =>
  !v.draft && (v.signed || all.some((o) => o !== v && !o.draft && o.signed && sameDocument(o, v)));

/**
 * Default order, best first: signed and not a draft (a scan of the signed paper lends its signature
 * to the .docx of the same document), then the latest date, then born-digital over scanned, then
 * the latest stored (a re-submission arrives after what it replaces).
 */
export function rankVersions(versions: VersionFacts[]): VersionFacts[] {
  const key = (v: VersionFacts) => [countsAsSigned(v, versions) ? 1 : 0, v.date ?? '', v.scanned ? 0 : 1, v.reportId] as const;
  return [...versions].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? 1 : -1;
    return 0;
  });
}

/** Why `best` stands over the runner-up, in the order the ranking looked. */
function defaultReason(best: VersionFacts, next: VersionFacts | undefined, all: VersionFacts[]): string {
  if (!next) return 'Bản duy nhất của báo cáo này.';
  const signedBest = countsAsSigned(best, all);
  const signedNext = countsAsSigned(next, all);
  const when = best.date ? `ngày ${dmy(best.date)}` : 'không đọc được ngày';
  if (signedBest && !signedNext) {
    const other = next.draft ? 'bản dự thảo' : 'bản chưa có chữ ký';
    return `Bản đã ký (${when}) được dùng thay cho ${other} ${fileName(next.file)}.`;
  }
  if ((best.date ?? '') !== (next.date ?? '')) {
    return `${signedBest ? 'Bản đã ký' : 'Bản'} có ngày báo cáo muộn nhất (${when}; bản ${fileName(next.file)} ${next.date ? `ngày ${dmy(next.date)}` : 'không có ngày'}).`;
  }
  if (!best.scanned && next.scanned) {
    return `Tệp gốc điện tử (${best.format ?? 'không rõ định dạng'}) được dùng thay cho bản quét cùng nội dung ${fileName(next.file)}.`;
  }
  return `Các bản cùng ngày và cùng loại: dùng bản nhập sau cùng (${fileName(best.file)}).`;
}

/**
 * The standing version of a group. `reviewerChoice`: the version of the group's current reviewer
 * choice, when there is one and it is still a version of the group.
 */
export function chooseStanding(
  versions: VersionFacts[],
  reviewerChoice?: { reportId: number; author: string; reason: string } | null,
): Standing | null {
  if (versions.length === 0) return null;
  if (reviewerChoice && versions.some((v) => v.reportId === reviewerChoice.reportId)) {
    const v = versions.find((x) => x.reportId === reviewerChoice.reportId)!;
    return { reportId: v.reportId, how: 'reviewer', reason: `Người rà soát ${reviewerChoice.author} chọn bản ${fileName(v.file)}: ${reviewerChoice.reason}` };
  }
  const ranked = rankVersions(versions);
  return { reportId: ranked[0]!.reportId, how: 'default', reason: defaultReason(ranked[0]!, ranked[1], versions) };
}

/** The group a report belongs to: its unit and period, or its own file when either is unknown. */
export function groupKey(unitKey: string | null, record: ReportRecord): string {
  const p = record.report?.period;
  if (unitKey && p && p.kind !== 'unknown' && p.year !== null) return `${unitKey}#${p.kind}:${p.number ?? ''}:${p.year}`;
  return `sha:${record.source.sha256}`;
}
