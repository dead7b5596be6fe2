// Plants one conflict of a chosen kind in a draft, on the printed side (a table cell, a citation, a
// date, a name), and says where it is. Each planter changes as little as it can, so a planted
// conflict is one a reviewer would recognise as a single mistake.
import { blank, findRow, num, RATE_PARTS, SUM_PARTS, type Cell, type Form } from './forms.js';
import { citeNumber, type Narrative } from './narrative.js';
import type { Rng } from './prng.js';
import type { Draft } from './render.js';
import type { PlantedConflict, PlantedKind } from './truth.js';
import { addDays, iso, periodBounds, vnDate, vnNumber } from './vn.js';

const numberOf = (forms: Form[], ref: string): number | null => {
  const row = findRow(forms, ref);
  return row && row.cell.kind === 'number' ? row.cell.value : null;
};

function setCell(forms: Form[], ref: string, cell: Cell): void {
  const row = findRow(forms, ref);
  if (!row) throw new Error(`no row ${ref}`);
  row.cell = cell;
}

const pctCell = (value: number): Cell => ({ raw: vnNumber(value, 1), value: Math.round(value * 10) / 10, kind: 'number' });

type Planter = (d: Draft, rng: Rng) => PlantedConflict | null;

const rateMismatch: Planter = (d, rng) => {
  const candidates = rng.shuffle(Object.entries(RATE_PARTS)).filter(([rateRef]) => numberOf(d.forms, rateRef) !== null);
  for (const [rateRef, [part, whole]] of candidates) {
    const cur = numberOf(d.forms, rateRef)!;
    // Off by a visible amount, still a plausible percentage.
    const wrong = cur >= 50 ? cur - rng.int(4, 30) - 0.5 : cur + rng.int(4, 30) + 0.5;
    setCell(d.forms, rateRef, pctCell(Math.max(0, Math.min(100, wrong))));
    return { kind: 'rate_mismatch', refs: [rateRef, part, whole], note: `rate printed ${vnNumber(wrong, 1)} instead of ${vnNumber(cur, 2)}` };
  }
  return null;
};

const sumMismatch: Planter = (d, rng) => {
  for (const [total, parts] of rng.shuffle(Object.entries(SUM_PARTS))) {
    const t = numberOf(d.forms, total);
    if (t === null) continue;
    const wrong = t + rng.int(2, 9);
    setCell(d.forms, total, num(wrong));
    const reported = parts.filter((p) => numberOf(d.forms, p) !== null);
    return { kind: 'sum_mismatch', refs: [total, ...reported], note: `total ${wrong} ≠ sum of parts ${t}` };
  }
  return null;
};

const partExceedsTotal: Planter = (d, rng) => {
  const options: [string, string][] = rng.shuffle([
    ['form3:1.4.3', 'form3:1.4'],
    ['form7:6.7.2', 'form7:6.7.1'],
    ['form3:3.3.2', 'form3:3.3.1'],
  ]);
  for (const [part, total] of options) {
    const t = numberOf(d.forms, total);
    if (t === null || t < 2) continue;
    const bigger = t + rng.int(1, Math.max(2, Math.round(t * 0.1)));
    setCell(d.forms, part, num(bigger));
    return { kind: 'part_exceeds_total', refs: [part, total], note: `${part} = ${bigger} > ${total} = ${t}` };
  }
  return null;
};

const percentOver100: Planter = (d, rng) => {
  const candidates = rng.shuffle(Object.keys(RATE_PARTS)).filter((r) => numberOf(d.forms, r) !== null);
  const ref = candidates[0];
  if (!ref) return null;
  const [, whole] = RATE_PARTS[ref]!;
  const wholeValue = numberOf(d.forms, whole);
  // Two real-world shapes: the count typed into the % cell (the seed's 6.7 = 259), or a typo.
  const value = wholeValue !== null && wholeValue > 100 && rng.chance(0.5) ? wholeValue : rng.int(101, 180);
  setCell(d.forms, ref, num(value));
  return { kind: 'percent_over_100', refs: [ref], note: `${ref} = ${value}%` };
};

const providedExceedsEligible: Planter = (d, rng) => {
  for (const [provided, eligible] of rng.shuffle([
    ['form7:6.4.2', 'form7:6.4.1'],
    ['form7:6.5.2', 'form7:6.5.1'],
  ] as const)) {
    const e = numberOf(d.forms, eligible);
    if (e === null) continue;
    const value = e + rng.int(1, 5);
    setCell(d.forms, provided, num(value));
    return { kind: 'provided_exceeds_eligible', refs: [provided, eligible], note: `provided ${value} > eligible ${e}` };
  }
  return null;
};

/** Appendix rows that state the same thing as a narrative fact, and have no rows computed from them. */
const LINKED: { row: string; fact: string; alsoRows?: string[]; direction: 1 | -1 }[] = [
  { row: 'form4:2.1', fact: 'bien_che.giao', direction: 1 },
  { row: 'form3:1.1', fact: 'tthc.cat_giam', direction: 1 },
  { row: 'form3:1.4.3', fact: 'tthc.cong_khai.tong', alsoRows: ['form3:1.4'], direction: -1 },
  { row: 'form4:2.2', fact: 'nhan_su.tong', direction: -1 },
];

function factStated(n: Narrative, key: string): boolean {
  return n.sections.some((s) => s.lines.some((l) => l.includes(`{{${key}}}`)));
}

const narrativeTableMismatch: Planter = (d, rng) => {
  for (const link of rng.shuffle(LINKED)) {
    const v = numberOf(d.forms, link.row);
    if (v === null || !factStated(d.narrative, link.fact)) continue;
    const changed = Math.max(0, v + link.direction * rng.int(1, 6));
    if (changed === v) continue;
    for (const ref of [link.row, ...(link.alsoRows ?? [])]) setCell(d.forms, ref, num(changed));
    return { kind: 'narrative_table_mismatch', refs: [`fact:${link.fact}`, link.row], note: `narrative ${v}, table ${changed}` };
  }
  return null;
};

const tableBlankNarrativeValue: Planter = (d, rng) => {
  for (const link of rng.shuffle(LINKED.filter((l) => !l.alsoRows))) {
    if (numberOf(d.forms, link.row) === null || !factStated(d.narrative, link.fact)) continue;
    setCell(d.forms, link.row, blank());
    return { kind: 'table_blank_narrative_value', refs: [link.row, `fact:${link.fact}`], note: `${link.row} left blank` };
  }
  return null;
};

const citationDateMismatch: Planter = (d, rng) => {
  const dated = d.world.plans.filter((p) => p.date !== null);
  if (dated.length === 0) return null;
  // The second date stays in the same year, so the two citations are one act (number|year), not two.
  let found: { plan: (typeof dated)[number]; other: ReturnType<typeof addDays> } | null = null;
  for (const plan of rng.shuffle(dated)) {
    const other = addDays(plan.date!, rng.pick([-1, 1]) * rng.int(2, 40));
    // ...and before the report, so the only mistake is the second date itself.
    if (other.y === plan.date!.y && iso(other) < iso(d.world.reportDate)) {
      found = { plan, other };
      break;
    }
  }
  if (!found) return null;
  const { plan, other } = found;
  const num = citeNumber(rng, plan.number, 'KH-UBND');
  d.narrative.citations.push({ docType: 'Kế hoạch', number: num.normalised, date: iso(other) });
  const section = d.narrative.sections.find((s) => s.id === 'II.1')!;
  section.lines.push(`UBND ${d.world.place.unit.kind} tiếp tục triển khai Kế hoạch số ${num.printed} ngày ${vnDate(other, 'slash')} ${plan.subject}.`);
  return { kind: 'citation_date_mismatch', refs: [`citation:${num.normalised}`], note: `cited as ${iso(plan.date!)} and ${iso(other)}` };
};

/** A believable misspelling: one tone mark changed or lost (Tiên → Tiền, Động → Đông). */
export function misspell(name: string, rng: Rng): string {
  const swaps: [RegExp, string[]][] = [
    [/ê/, ['ề', 'e']],
    [/ộ/, ['ô', 'ổ']],
    [/ư/, ['u']],
    [/á/, ['à', 'a']],
    [/ạ/, ['a']],
    [/ơ/, ['ờ', 'o']],
    [/ă/, ['a']],
    [/Đ/, ['D']],
    [/ỳ|ỹ|ý/, ['y']],
    [/ì|í|ĩ|ị/, ['i']],
    [/ù|ú|ũ|ụ|ủ/, ['u']],
    [/ò|ó|õ|ọ|ỏ|ô/, ['o']],
    [/à|ả|ã|â/, ['a']],
    [/ề|ế|ễ|ệ|ể|é|è/, ['e']],
  ];
  for (const [re, to] of rng.shuffle(swaps)) {
    if (re.test(name)) return name.replace(re, rng.pick(to));
  }
  return name + 'h';
}

const unitNameMismatch: Planter = (d, rng) => {
  const wrong = misspell(d.world.place.unit.name, rng);
  if (rng.chance(0.6)) d.unitNameInAppendix = wrong;
  else d.unitNameInClosing = wrong;
  return { kind: 'unit_name_mismatch', refs: ['report:unitName'], note: `${d.world.place.unit.name} also printed as ${wrong}` };
};

const reportDateOutsidePeriod: Planter = (d, rng) => {
  const { start, end } = periodBounds(d.world.period);
  // Two real-world shapes: last year's template with the year not updated, or a date typed wrong.
  const lastYear = { ...d.world.reportDate, y: d.world.reportDate.y - 1 };
  if (lastYear.m === 2 && lastYear.d === 29) lastYear.d = 28;
  d.world.reportDate = rng.chance(0.5) && iso(lastYear) < iso(start) ? lastYear : addDays(start, -rng.int(20, 80));
  return { kind: 'report_date_outside_period', refs: ['report:date'], note: `dated ${iso(d.world.reportDate)}, period ${iso(start)}..${iso(end)}` };
};

export const PLANTERS: Record<PlantedKind, Planter> = {
  rate_mismatch: rateMismatch,
  sum_mismatch: sumMismatch,
  part_exceeds_total: partExceedsTotal,
  percent_over_100: percentOver100,
  provided_exceeds_eligible: providedExceedsEligible,
  narrative_table_mismatch: narrativeTableMismatch,
  table_blank_narrative_value: tableBlankNarrativeValue,
  citation_date_mismatch: citationDateMismatch,
  unit_name_mismatch: unitNameMismatch,
  report_date_outside_period: reportDateOutsidePeriod,
};
