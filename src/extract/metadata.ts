// Report metadata from the narrative: who reports (unit, district, province), the report's
// number, place and date, title and period, who signed it and who receives it. Each part has its
// reader: the official header block (header-block.ts), the title and period (report-title.ts),
// the reporting unit (reporting-unit.ts) and the signature block (signature.ts).
//
// Decisions:
// - A blank report number ("Số: /BC-UBND", usual in drafts and in copies converted before
//   numbering) gives number null, as the schema says; the printed suffix is kept in an info
//   message ('report.number_blank') and provenance.number still points at the line.
// - A date with a blank day ("ngày    tháng 9 năm 2023", also usual in drafts) is a date of month
//   precision, not a missing one: `date` stays null (it is ISO only when the day is known) and
//   `dateMonth` carries "2023-09"; an info message says so.
// - The reporting unit is the last issuing body of the header block; without one, the unit is
//   the one named where a report names itself (see reporting-unit.ts).
import type { DocumentModel, Message, Provenance } from '../../schemas/document.js';
import type { Period, ReportMeta } from '../../schemas/record.js';
import { info, result, warning, type Result } from '../result.js';
import { readHeaderBlock, type Dateline } from './header-block.js';
import { linesOf, type Line } from './meta-lines.js';
import { readPeriod, readTitle } from './report-title.js';
import { placeUnit } from './reporting-unit.js';
import { narrativeEnd } from './sentences.js';
import { readSignature } from './signature.js';

export { parsePeriod } from './report-title.js';
export { parseSigner } from './signature.js';

export function extractMetadata(doc: DocumentModel): Result<ReportMeta> {
  const messages: Message[] = [];
  const provenance: Record<string, Provenance> = {};
  const end = narrativeEnd(doc);
  const order = { n: 0 };
  const lines: Line[] = [];
  for (let i = 0; i < end; i++) lines.push(...linesOf(doc.blocks[i]!, i, order));

  const meta: ReportMeta = {
    unitKind: null,
    unitName: null,
    district: null,
    province: null,
    number: null,
    place: null,
    date: null,
    title: null,
    period: null,
    signer: null,
    recipients: [],
    provenance,
  };

  // The header is what comes before the body's first long paragraph; the header block, what of
  // it comes before the title.
  const firstBody = lines.findIndex((l) => l.text.length > 200);
  const header = lines.slice(0, firstBody < 0 ? Math.min(lines.length, 15) : Math.min(firstBody, 25));
  const title = readTitle(header);
  const block = readHeaderBlock(title.at >= 0 ? header.slice(0, title.at) : header);

  if (block.number) {
    provenance.number = block.number.prov;
    if (block.number.blank) {
      messages.push(info('report.number_blank', `Số báo cáo để trống (in: "Số: ${block.number.printed}")`, provenance.number));
    } else if (block.number.number) meta.number = block.number.number;
    else messages.push(warning('report.number_unreadable', `Không đọc được số báo cáo "${block.number.printed}"`, provenance.number));
  }
  if (block.dateline) readDateline(block.dateline, meta, messages);

  if (title.title && title.prov) {
    meta.title = title.title;
    provenance.title = title.prov;
  }
  const period = readPeriod(title, header, lines);
  if (period) {
    meta.period = period.period;
    provenance.period = period.prov;
    // A period named without its year anywhere in the text ("9 tháng đầu năm"): the report's date.
    if (meta.period.year === null) {
      const year = yearFromDate(meta.period, meta.date ?? (meta.dateMonth ? `${meta.dateMonth}-01` : null));
      if (year !== null) {
        meta.period = { ...meta.period, year };
        messages.push(info('report.period_year_from_date', `Kỳ báo cáo "${meta.period.raw}" không ghi năm; lấy năm ${year} theo ngày báo cáo`, provenance.period));
      }
    }
  } else messages.push(warning('report.period_missing', 'Không xác định được kỳ báo cáo'));

  const titleOrder = title.at >= 0 ? header[title.at]!.order : -1;
  const place = placeUnit({
    lines,
    bodies: block.bodies,
    inHeader: (l) => (titleOrder >= 0 ? l.order < titleOrder : header.includes(l)),
    titleOrder,
  });
  if (place) {
    const { prov, ...unit } = place;
    Object.assign(meta, unit);
    Object.assign(provenance, prov);
  } else messages.push(warning('report.unit_missing', 'Không xác định được đơn vị báo cáo'));

  const signature = readSignature(lines, firstBody);
  meta.recipients = signature.recipients;
  if (signature.recipientsProv) provenance.recipients = signature.recipientsProv;
  if (signature.signer) {
    meta.signer = signature.signer;
    if (signature.signerProv) provenance.signer = signature.signerProv;
  }

  return result(meta, messages);
}

/** Place and date from the dateline; a blank day gives the month only. */
function readDateline(d: Dateline, meta: ReportMeta, messages: Message[]): void {
  const provenance = meta.provenance;
  if (d.place && d.placeProv && d.place.length <= 60) {
    meta.place = d.place;
    provenance.place = d.placeProv;
  }
  provenance.date = d.prov;
  if (d.date.iso) {
    meta.date = d.date.iso;
    return;
  }
  const { month, year } = d.date;
  if (d.date.problem === 'blank_day' && month && month >= 1 && month <= 12 && year) {
    meta.dateMonth = `${year}-${String(month).padStart(2, '0')}`;
    messages.push(info('report.date_incomplete', `Ngày báo cáo để trống ngày, chỉ có tháng ${month}/${year}`, d.prov));
  } else {
    messages.push(warning('report.date_incomplete', `Ngày báo cáo không đầy đủ: "${d.text}"`, d.prov));
  }
}

/** Last month of a period of a year. */
function endMonth(p: Period): number {
  if (p.kind === 'quarter' && p.number) return p.number * 3;
  if (p.kind === 'half' && p.number) return p.number * 6;
  if (p.kind === 'nine_months') return 9;
  if (p.kind === 'month' && p.number) return p.number;
  return 12;
}

/**
 * The year of a period from the report's ISO date: reports are dated from shortly before their
 * period ends to a few months after, so a date more than three months before the period's last
 * month is in the next year (a year report dated January 2024 is about 2023).
 */
export function yearFromDate(p: Period, isoDate: string | null): number | null {
  const m = isoDate ? /^(\d{4})-(\d{2})/.exec(isoDate) : null;
  if (!m) return null;
  const [year, month] = [Number(m[1]), Number(m[2])];
  return month < endMonth(p) - 3 ? year - 1 : year;
}
