// Which column of a form table holds what — row code, label, unit, value, note — decided from what
// the cells hold, not from the header's wording. Header wordings vary by province and year
// ("Số lượng/Tỷ lệ", "Kết quả", "Số liệu", none at all), heads wrap in narrow columns and a group
// caption may sit over two columns; the body does not vary: codes rise ("1.", "2.1.", "3.3.1."),
// labels are long, units come from a small vocabulary, values are numbers or blanks. Header
// words only break ties. Pure: a table block in, column roles out.
import type { TableBlock, TableCell, TableRow } from '../../schemas/document.js';
import { parseVietnameseNumber } from '../normalise/number.js';
import { clean, fold } from '../text/fold.js';
import { parseRowCode } from '../text/row-code.js';

export interface Columns {
  code: number;
  label: number;
  unit: number | null;
  /** null when no column could be taken for the values: the values were not located. */
  value: number | null;
  note: number | null;
}

export interface ColumnRoles {
  columns: Columns;
  /** Rows above the first coded row. */
  headerRows: number;
}

/** Measure words of the forms' "Đơn vị tính" column (folded), as whole cells or their first words. */
const UNIT_WORDS = [
  'van ban', 'nhiem vu', 'ho so', 'thu tuc', 'tthc', 'nguoi', 'to chuc', 'ca nhan', 'van de', 'phieu', 'cuoc',
  'luot', 'co quan', 'don vi', 'linh vuc', 'may', 'bo', 'trieu dong', 'dong', 'nghin dong', 'ty dong', 'can bo',
  'cong chuc', 'y kien', 'kien nghi', 'dich vu', 'ma', 'tin', 'bai', 'lop', 'buoi', 'dot', 'quyet dinh',
  'ke hoach', 'bao cao', 'de an', 'trang', 'xa', 'thon', 'phong', 'ban', 'chi tieu', 'giay', 'ban sao',
  'ket qua', 'thanh phan', 'ho', 'nam', 'thang', 'ngay', 'lan', 'vu', 'don', 'so', 'cai', 'chiec', 'bien che',
  'hop dong', 'truong hop', 'chung thu', 'tai khoan', 'dia chi', 'website', 'trang tin',
].sort((a, b) => b.length - a.length);

/** "Có = 1; Không = 0", "Trực tuyến = 0 Phát phiếu = 1": a code legend printed where units go. */
const CODE_LEGEND = /\p{L}\s*=\s*\d/u;

/** How much a cell looks like a unit of measure (0..1). */
export function unitLikeness(text: string): number {
  const t = clean(text);
  if (t === '') return 0;
  if (t === '%' || /^%\s*\(.*\)$/.test(t)) return 1;
  if (CODE_LEGEND.test(t)) return 1;
  if (/\d/.test(t)) return 0;
  const f = fold(t);
  const words = f.split(' ').length;
  if (words > 5) return 0;
  if (UNIT_WORDS.some((u) => f === u || f.startsWith(`${u} `) || f.startsWith(`${u}/`))) return 1;
  // A short word or two that is none of ours: maybe a unit all the same.
  return words <= 2 ? 0.4 : 0.1;
}

/** How much a cell looks like a printed value (0..1): numbers, ratios, percentages, dashes. */
export function valueLikeness(text: string): number {
  const t = clean(text);
  if (t === '') return 0;
  const n = parseVietnameseNumber(t);
  if (n.kind === 'number' || n.kind === 'ratio') return 1;
  // "Có", "Không", "x": short answers written where a code was asked for.
  return /\d/.test(t) && t.length <= 12 ? 0.5 : 0;
}

const HINTS: Record<'unit' | 'value' | 'note', RegExp> = {
  unit: /\bdon vi\b|\bdvt\b|d\.v\.t/,
  value: /so luong|ty le|so lieu|gia tri|ket qua|thuc hien|\bso\b/,
  note: /ghi chu/,
};

function cellText(row: TableRow, col: number): string {
  const cell = row.cells.find((c) => c.col === col) ?? row.cells[col];
  return cell && !cell.covered && cell.col === col ? cell.text : '';
}

/** The header's own words over a column (a caption spanning several columns is not its own). */
function headerWords(rows: TableRow[], col: number): string {
  return fold(
    rows
      .map((r) => r.cells.find((c: TableCell) => !c.covered && c.col <= col && col < c.col + c.colspan))
      .filter((c): c is TableCell => !!c && c.colspan === 1)
      .map((c) => c.text)
      .join(' '),
  );
}

interface Profile {
  filled: number;
  length: number;
  unit: number;
  value: number;
  other: number;
  header: string;
}

function profile(rows: TableRow[], header: TableRow[], col: number): Profile {
  const p: Profile = { filled: 0, length: 0, unit: 0, value: 0, other: 0, header: headerWords(header, col) };
  for (const r of rows) {
    const t = cellText(r, col);
    if (!t) continue;
    p.filled++;
    p.length += t.length;
    const u = unitLikeness(t);
    const v = valueLikeness(t);
    p.unit += u;
    p.value += v;
    p.other += Math.max(0, 1 - Math.max(u, v));
  }
  return p;
}

/** The column whose cells are row codes: most coded cells among the first columns. */
function codeColumn(rows: TableRow[], width: number): number | null {
  let best: number | null = null;
  let bestCount = 0;
  for (let c = 0; c < Math.min(width, 3); c++) {
    const count = rows.filter((r) => parseRowCode(cellText(r, c)) !== null).length;
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return bestCount >= 2 || (bestCount === 1 && rows.length <= 3) ? best : null;
}

/**
 * Scores one way of giving the columns right of the label the roles unit, value and note (each
 * at most once, in that order, the value required): how well each column's cells fit its role,
 * plus a little for matching header words, minus what a column left without a role holds.
 */
function scoreAssignment(cols: number[], roles: ('unit' | 'value' | 'note' | null)[], p: Map<number, Profile>): number {
  let score = 0;
  cols.forEach((c, i) => {
    const pr = p.get(c)!;
    const role = roles[i];
    if (role === 'unit') score += pr.unit - pr.value * 1.5 - pr.other * 0.5;
    else if (role === 'value') score += pr.value * 1.5 - pr.unit - pr.other * 0.5;
    else if (role === 'note') score += pr.other * 0.5 - pr.value * 0.5 - pr.unit * 0.5;
    else score -= pr.filled + 0.5;
    if (role && HINTS[role].test(pr.header)) score += 1.5;
  });
  return score;
}

type Role = 'unit' | 'value' | 'note' | null;
const ORDER = ['unit', 'value', 'note'] as const;

/**
 * The best increasing assignment of {unit?, value, note?} to the columns right of the label (null
 * when there is none: no column to hold the value). The score is a sum over columns, so the best
 * rest of the row from column i with roles k.. still free is computed once for each (i, k), right
 * to left: linear in the width. (Trying every assignment, as this once did, is cubic in it: a
 * damaged .docx table a thousand columns wide took minutes.) Among equal scores the one met first
 * when trying assignments in order, each column with no role before unit, value, note, is kept, as
 * before.
 */
function bestAssignment(right: number[], p: Map<number, Profile>): Role[] | null {
  const n = right.length;
  const score = (i: number, role: Role) => scoreAssignment([right[i]!], [role], p);
  // rest[i][k][v]: best score of columns i.. with roles ORDER[k..] free; v = 1 once the value is placed.
  const rest: number[][][] = Array.from({ length: n + 1 }, () => Array.from({ length: ORDER.length + 1 }, () => [-Infinity, -Infinity]));
  for (let k = 0; k <= ORDER.length; k++) rest[n]![k]![1] = 0;
  const options = (k: number): { role: Role; next: number }[] => [{ role: null, next: k }, ...ORDER.slice(k).map((role, j) => ({ role, next: k + j + 1 }))];
  for (let i = n - 1; i >= 0; i--)
    for (let k = 0; k <= ORDER.length; k++)
      for (let v = 0; v <= 1; v++)
        for (const o of options(k)) {
          const later = rest[i + 1]![o.next]![v || o.role === 'value' ? 1 : 0]!;
          rest[i]![k]![v] = Math.max(rest[i]![k]![v]!, score(i, o.role) + later);
        }
  const best = rest[0]![0]![0]!;
  if (best === -Infinity) return null;
  const roles: Role[] = [];
  let k = 0;
  let v = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    // The first option (in the order above) that still reaches the best score.
    for (const o of options(k)) {
      const nv = v || o.role === 'value' ? 1 : 0;
      const total = sum + score(i, o.role) + rest[i + 1]![o.next]![nv]!;
      if (total >= best - 1e-9) {
        roles.push(o.role);
        sum += score(i, o.role);
        k = o.next;
        v = nv;
        break;
      }
    }
  }
  return roles;
}

/**
 * Finds a form's column roles; null when the table is not a form (no column of rising row codes
 * with a label column beside it). A form whose values cannot be told from its other columns gets
 * `value: null`: its values were not located, which is never the same as blank.
 */
export function findColumns(table: TableBlock): ColumnRoles | null {
  const width = table.columns;
  const code = codeColumn(table.rows, width);
  if (code === null) return null;
  const headerRows = table.rows.findIndex((r) => parseRowCode(cellText(r, code)) !== null);
  const header = table.rows.slice(0, headerRows);
  const body = table.rows.slice(headerRows);
  const profiles = new Map<number, Profile>();
  for (let c = 0; c < width; c++) profiles.set(c, profile(body, header, c));

  // The label: the column right of the codes holding the most text.
  let label = -1;
  for (let c = code + 1; c < width; c++) if (label < 0 || profiles.get(c)!.length > profiles.get(label)!.length) label = c;
  if (label < 0 || profiles.get(label)!.filled === 0) return null;

  const right = Array.from({ length: width - label - 1 }, (_, i) => label + 1 + i);
  const chosen = bestAssignment(right, profiles);
  const columns: Columns = { code, label, unit: null, value: null, note: null };
  if (chosen) chosen.forEach((role, i) => role && (columns[role] = right[i]!));
  // A value column that holds no value anywhere while another column holds numbers is not one;
  // nor is one where most filled cells are not numbers (values glued to units: "Văn bản 8").
  if (columns.value !== null) {
    const c = columns.value;
    const v = profiles.get(c)!;
    const strayNumbers = right.some((o) => o !== c && profiles.get(o)!.value >= 2);
    const numbers = body.filter((r) => valueLikeness(cellText(r, c)) === 1).length;
    if ((v.value === 0 && strayNumbers) || (v.filled >= 2 && numbers * 2 < v.filled)) columns.value = null;
  }
  return { columns, headerRows };
}
