// Who reports, and where it sits: unit (kind and name), district and province.
//
// The header block decides when it names the issuing bodies: the last one is the reporting unit,
// the ones above it its superiors ("UBND HUYỆN TỨ KỲ" over "UBND XÃ AN PHÚ"). Without a header
// block the unit is the one named where a report names itself — "<UBND xã X> báo cáo…", the
// closing "Trên đây là báo cáo … của UBND xã X", the lines after the title — by weighted mentions;
// the same mentions fill a district or province the header does not give.
// A district-level unit is its own district; a province-level unit its own province.
import type { Provenance } from '../../schemas/document.js';
import type { ReportMeta } from '../../schemas/record.js';
import { fold } from '../text/fold.js';
import { findUnitMentions, unitLevel, type UnitKind, type UnitMention } from '../normalise/names.js';
import { mottoSpans, type IssuingBody } from './header-block.js';
import { span, type Line } from './meta-lines.js';

interface Candidate {
  kind: UnitKind;
  name: string;
  score: number;
  prov: Provenance;
  bestWeight: number;
}

function vote(cands: Map<string, Candidate>, m: UnitMention, weight: number, prov: Provenance): void {
  const key = `${m.kind}|${fold(m.name)}`;
  const c = cands.get(key);
  if (!c) cands.set(key, { kind: m.kind, name: m.name, score: weight, prov, bestWeight: weight });
  else {
    c.score += weight;
    if (weight > c.bestWeight) {
      c.bestWeight = weight;
      c.prov = prov;
    }
  }
}

function best(cands: Iterable<Candidate>, keep: (c: Candidate) => boolean): Candidate | null {
  let top: Candidate | null = null;
  for (const c of cands) if (keep(c) && (!top || c.score > top.score)) top = c;
  return top;
}

export type Placement = Pick<ReportMeta, 'unitKind' | 'unitName' | 'district' | 'province'> & {
  prov: Partial<Record<'unitName' | 'district' | 'province', Provenance>>;
};

export interface PlacementInput {
  /** The narrative's lines in reading order. */
  lines: Line[];
  /** Issuing bodies from the header block, superior first. */
  bodies: IssuingBody[];
  /** Whether a line belongs to the header (before the title). */
  inHeader: (l: Line) => boolean;
  /** Order of the title line, -1 when there is none. */
  titleOrder: number;
}

/** Mentions of units in the narrative, weighted by where they stand. */
function tally({ lines, inHeader, titleOrder }: PlacementInput): { cands: Map<string, Candidate>; kinhGui: Line | undefined } {
  const cands = new Map<string, Candidate>();
  const kinhGui = lines.find((l) => /^\s*kinh gui\b/.test(l.folded));
  for (const line of lines) {
    const header = inHeader(line);
    const closing = /^\s*tren day (?:la )?(?:bao cao)?/.test(line.folded);
    const motto = mottoSpans(line.folded);
    for (const m of findUnitMentions(line.text, line.folded)) {
      // "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" names no commune.
      if (motto.some((s) => m.start < s.end && s.start < m.end)) continue;
      const after = line.folded.slice(m.end, m.end + 12);
      let w = m.ubnd ? 1 : 0.5;
      if (header && !(kinhGui && line === kinhGui)) w = 5;
      else if (closing && /\bcua\s*$/.test(line.folded.slice(0, m.start))) w = 4;
      else if (/^\s*(?:da\s+)?bao cao\b/.test(after)) w = 4;
      else if (line.order > titleOrder && line.order <= titleOrder + 2 && titleOrder >= 0) w = 3;
      vote(cands, m, w, span(line, m.start, m.end));
    }
  }
  return { cands, kinhGui };
}

/** Administrative level of a body; agencies (sở, phòng) stand under their superior body. */
function levelOf(kind: UnitKind, name: string): number {
  if (kind === 'sở') return 1.5;
  if (kind === 'other' || kind === 'phòng' || kind === 'văn phòng') return 2.5;
  return unitLevel(kind, name);
}

export function placeUnit(input: PlacementInput): Placement | null {
  const { cands, kinhGui } = tally(input);
  const out: Placement = { unitKind: null, unitName: null, district: null, province: null, prov: {} };
  let unit: { kind: UnitKind; name: string; prov: Provenance } | null = input.bodies[input.bodies.length - 1] ?? null;
  // Superiors named in "Kính gửi" are never the reporting unit but count as district/province.
  unit ??= best(cands.values(), (c) => !(kinhGui && c.prov.block === kinhGui.prov.block && c.prov.span?.[0]! >= kinhGui.offset && c.bestWeight <= 1));
  if (!unit) return null;
  out.unitKind = unit.kind;
  out.unitName = unit.name;
  out.prov.unitName = unit.prov;
  const level = levelOf(unit.kind, unit.name);
  const superiors = input.bodies.slice(0, -1).reverse();
  const at = (lvl: number) => {
    const b = superiors.find((s) => levelOf(s.kind, s.name) === lvl);
    if (b) return { name: b.name, prov: b.prov };
    const c = best(cands.values(), (x) => unitLevel(x.kind, x.name) === lvl);
    return c ? { name: c.name, prov: c.prov } : null;
  };
  if (level === 2) {
    out.district = unit.name;
    out.prov.district = unit.prov;
  } else if (level > 2) {
    const d = at(2);
    if (d) {
      out.district = d.name;
      out.prov.district = d.prov;
    }
  }
  if (level === 1) {
    out.province = unit.name;
    out.prov.province = unit.prov;
  } else if (level > 1) {
    const p = at(1);
    if (p) {
      out.province = p.name;
      out.prov.province = p.prov;
    }
  }
  return out;
}
