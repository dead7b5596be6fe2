// The scope of a number in running text: the body or level it is about (toàn tỉnh, cấp huyện, the
// sở, a named district), its time (kỳ trước chuyển sang, lũy kế, từ đầu năm, an earlier period)
// and the state of the dossiers it counts (đã / đang giải quyết; trước, đúng, quá hạn…).
//
// Decisions:
// - Everything is read on the sentence's folded view (same length as the printed text), so
//   offsets of numbers and markers compare directly.
// - A number's clause is the text between the nearest breaks around it (BREAK; an abbreviation in
//   brackets is none). Time, state and timeliness words are read in the clause first
//   ("5.950 hồ sơ chưa đến hạn và 1.222 hồ sơ đã quá hạn"); without one, a word the sentence opens
//   with before its first number ("Nguyên nhân HS trễ hạn, … (10 trường hợp)") speaks for all of
//   it, and a state word carries on to the numbers after it ("đang giải quyết gồm 7.172 hồ sơ, có
//   5.950 …").
// - A level is the one named in the number's clause, else the last named before it in the
//   sentence, else the last one a previous sentence gave a number to (reset at headings), so "Với
//   cấp huyện, … Trong số 3.405 hồ sơ đang giải quyết …" stays at the district level. Words that
//   classify a procedure ("TTHC cấp xã", "thẩm quyền của cấp huyện") are not levels; levels named
//   together are one ("cấp huyện, cấp xã"; the province's centre and the districts' and communes'
//   desks are every level); in a commune's report "cấp xã" is the commune itself.
// - Timeliness and state are said of dossiers, their rates and cases, not of "15 cơ quan".
// - A named body ("huyện Lập Thạch", "Sở Tư pháp", "Công an tỉnh") scopes the numbers after it up
//   to the next ";" and never carries to the next sentence; the reporting unit itself is 'all'.
// - A percent stated as the rate of the count just before it ("… 51.072 hồ sơ, đạt tỷ lệ 98,63%",
//   "(chiếm 0,29%)") shares that count's scope, unless its own clause says otherwise.
import type { FactScope } from '../../../schemas/record.js';
import { findUnitMentions } from '../../normalise/names.js';
import { fold } from '../../text/fold.js';
import { execAll } from '../../text/regex.js';

type Level = FactScope['level'];
type Field = 'time' | 'state' | 'timeliness';

interface Marker {
  field: Field | 'level';
  at: number;
  end: number;
  value: string | null;
  /** Level markers: the printed words, and whether the marker names one body. */
  body?: string;
  named?: boolean;
}

const rx = (s: string) => new RegExp(s, 'g');

// Level words, most specific first at one place (a combined level before its parts).
const LEVELS: Array<[RegExp, Level]> = [
  [rx(String.raw`\bcap tinh,? (?:cap )?huyen,? (?:va )?(?:cap )?xa\b`), 'all'],
  [rx(String.raw`\b(?:ubnd |uy ban nhan dan )?cap huyen\s*(?:,|va)\s*(?:cap )?xa\b`), 'huyen+xa'],
  [rx(String.raw`\b(?:toan (?:tinh|huyen|thi xa|quan|xa|phuong|thi tran|quoc)|ca (?:nuoc|tinh)|tren dia ban (?:tinh|huyen|thanh pho|thi xa|quan)|cac cap,? cac nganh)\b`), 'all'],
  [rx(String.raw`\btoan thanh pho\b`), 'all'],
  [rx(String.raw`\b(?:cap tinh|(?:cac )?so,? (?:ban,? )?nganh|khoi (?:tinh|dia phuong)|trung tam (?:phuc vu )?hanh chinh cong)\b`), 'tinh'],
  [rx(String.raw`\b(?:cap huyen|cac huyen|huyen,? (?:thi xa,? )?thanh pho)\b`), 'huyen'],
  [rx(String.raw`\b(?:cap xa|cac xa(?:,? phuong)?(?:,? thi tran)?)\b`), 'xa'],
  [rx(String.raw`\b(?:khoi bo(?:,? nganh)?|cac bo,? nganh)\b`), 'bo'],
];

/** Between two level words named together ("… của tỉnh và bộ phận một cửa cấp huyện"). */
const JOINED = /^\s*(?:(?:cua\s+)?tinh\s+)?(?:,|va)\s*(?:(?:bo phan mot cua|cac|ubnd)\s*)*$/;

/** Before a level word, these make it a class of procedures or an issuer, not the scope of a number. */
const NOT_A_SCOPE = /(?:tthc|thu tuc(?: hanh chinh)?|tham quyen(?: giai quyet)?(?: cua)?|thuoc(?: tham quyen)?|linh vuc)\s*$/;
/** Before a named body: its acts or reports are meant ("của UBND huyện Tứ Kỳ", "theo Sở Nội vụ"), not its figures. */
const OF_BODY = /(?:cua|theo|thuc hien|gui|voi|tai van ban)\s*(?:ubnd\s*|uy ban nhan dan\s*)?$/;

// Agencies named with a capital: "Sở Tư pháp", "Phòng Nội vụ", "Văn phòng Đăng ký đất đai", "Công an tỉnh".
// After the first capitalised word, the lower-case words of agencies' names ("Sở Giao thông vận
// tải", "Sở Tài nguyên và Môi trường"), never a verb that follows the name.
const AGENCY_WORDS = 'thông|vận|tải|pháp|vụ|chính|hoạch|và|đầu|tư|tế|thương|dựng|nguyên|môi|trường|động|binh|xã|hội|nghiệp|phát|triển|nông|thôn|hóa|hoá|thao|du|lịch|dục|đào|tạo|học|công|nghệ|tin|truyền|ký|đất|đai|nội|ngoại|dân|tộc|ngành|tra';
const AGENCY = new RegExp(
  String.raw`(?<![\p{L}])(?:Sở|Phòng|Văn phòng|Chi cục|Ban Quản lý|Bảo hiểm xã hội|Công an)\s+(?:\p{Lu}[\p{L}\p{M}&-]*|tỉnh|huyện|xã)(?:\s+(?:\p{Lu}[\p{L}\p{M}&-]*|(?:${AGENCY_WORDS})(?![\p{L}])))*`,
  'gu',
);

/** Cheap test before the agency pattern (Unicode classes, run only where an agency word is). */
const AGENCY_WORD = /\b(?:so|phong|chi cuc|ban quan ly|bao hiem xa hoi|cong an)\s/i;

const TIME: Array<[RegExp, FactScope['time']]> = [
  [/\b(?:tu |ton )?(?:ky|nam|thang|quy) truoc chuyen (?:sang|qua)\b|\bton ky truoc\b|\btu truoc chuyen (?:sang|qua)\b|\bchuyen tiep\b/g, 'carried_over'],
  [/\bluy ke\b/g, 'cumulative'],
  [/\btu dau nam\b|\btu ngay 0?[1-3][./-]0?1[./-]\d{4}/g, 'ytd'],
  [/\b(?:so voi|cung ky)\b|\b(?:qua|trong) \d+ nam\b/g, 'compare'],
];

const STATE: Array<[RegExp, FactScope['state'] | 'reset']> = [
  [/\bda va dang (?:giai quyet|xu ly)\b/g, null],
  [/\b(?:dang (?:giai quyet|xu ly|trong (?:thoi )?han)|chua co ket qua|chua (?:giai quyet|xu ly)|con trong (?:thoi )?han)\b/g, 'in_progress'],
  [/\b(?:(?:da|duoc)(?: duoc)? (?:giai quyet|xu ly|tra ket qua|co ket qua)|giai quyet (?:xong|duoc)|(?:giai quyet|tra(?: ket qua)?) (?:dung|truoc|som|tre|qua|cham))\b/g, 'done'],
  // "giải quyết 319 hồ sơ", "giải quyết gần 49 ngàn": resolved; "số hồ sơ giải quyết trong tháng … là" is not said to be.
  [/(?<!(?:den han|yeu cau|phai|can|de nghi) )\bgiai quyet(?=:?\s*(?:gan |tren |hon |khoang )?\d)/g, 'done'],
  // A new verb ends what a state word said: received, due, returned or withdrawn dossiers.
  [/\b(?:tiep nhan|yeu cau giai quyet|phat sinh|(?<!chua )den han|tra lai|rut)\b/g, 'reset'],
];

const TIMELINESS: Array<[RegExp, FactScope['timeliness']]> = [
  // "hẹn" (the date promised on the receipt) is said as often as "hạn".
  [/\b(?:dung|truoc|som)(?: han| hen)? va (?:dung|truoc|som) (?:han|hen)\b/g, 'early_or_on_time'],
  [/\b(?:chua den han|(?:con |dang )?trong (?:thoi )?han)\b/g, 'not_due'],
  [/\b(?:qua|tre|cham) (?:han|hen)\b|\bcham,? qua han\b|\bcham tre\b/g, 'late'],
  [/(?<!chua )\bden han\b/g, 'due'],
  [/\b(?:truoc|som) (?:han|hen)\b/g, 'early'],
  [/\bdung (?:han|hen)\b/g, 'on_time'],
];

/**
 * Breaks between clauses: ";", ":", brackets, ", ", and "và" ("… chưa đến hạn và 1.222 hồ sơ …")
 * except inside "đúng và trước hạn", "đã và đang", "cấp huyện và xã".
 */
const BREAK = /[;:()]|,\s|\.\s|\s-\s|\bva (?!(?:dung|truoc|som|dang|da|cap|xa|huyen)\b)/g;

function overlaps(ms: Marker[], at: number, end: number): boolean {
  return ms.some((m) => at < m.end && m.at < end);
}

function markersOf(text: string, folded: string, unitFolded: string | null): Marker[] {
  const out: Marker[] = [];
  for (const [re, level] of LEVELS) {
    for (const m of execAll(re, folded)) {
      if (overlaps(out, m.index, m.index + m[0].length)) continue;
      const before = folded.slice(Math.max(0, m.index - 30), m.index);
      if (NOT_A_SCOPE.test(before)) continue;
      // "12 huyện, thành phố": the counted noun of the number, not a scope ("2 cấp huyện và xã" is one).
      if (/\d\s*$/.test(before) && !/^cap /.test(m[0])) continue;
      let lv = level;
      // "Trung tâm hành chính công huyện …" is the district's.
      if (/^trung tam/.test(m[0]) && /^\s*(?:cua\s+)?(?:huyen|quan|thi xa)\b/.test(folded.slice(m.index + m[0].length))) lv = 'huyen';
      out.push({ field: 'level', at: m.index, end: m.index + m[0].length, value: lv, body: text.slice(m.index, m.index + m[0].length) });
    }
  }
  // Levels named together are one: "tại Trung tâm Phục vụ hành chính công của tỉnh và bộ phận một
  // cửa cấp huyện, cấp xã" is every level.
  out.sort((a, b) => a.at - b.at);
  for (let i = out.length - 2; i >= 0; i--) {
    const [a, b] = [out[i]!, out[i + 1]!];
    if (!JOINED.test(folded.slice(a.end, b.at))) continue;
    const levels = new Set([...(a.value as string).split('+'), ...(b.value as string).split('+')]);
    if (levels.has('all') || levels.has('bo')) continue;
    let value: Level | null = null;
    if (levels.has('tinh') && levels.has('huyen') && levels.has('xa')) value = 'all';
    else if (levels.size === 2 && levels.has('huyen') && levels.has('xa')) value = 'huyen+xa';
    if (!value) continue;
    out.splice(i, 2, { field: 'level', at: a.at, end: b.end, value, body: text.slice(a.at, b.end) });
  }
  // "Với cấp xã, toàn tỉnh …": all communes of the province, the level named first.
  for (let i = out.length - 1; i >= 0; i--) {
    const m = out[i]!;
    if (m.value === 'all' && out.some((o) => o.value !== 'all' && o.end <= m.at && /^\s*,?\s*$/.test(folded.slice(o.end, m.at)))) out.splice(i, 1);
  }
  const named: Array<{ at: number; end: number; body: string; self: boolean }> = [];
  // Agencies first: "Công an tỉnh 3,8 ngàn HS" names the police, not a "tỉnh 3".
  if (AGENCY_WORD.test(folded)) for (const m of execAll(AGENCY, text)) named.push({ at: m.index, end: m.index + m[0].length, body: m[0], self: false });
  for (const u of findUnitMentions(text, folded)) {
    // A numbered unit ("phường 3") is never the first digits of a number ("tỉnh 3,8 ngàn").
    if (/^\d+$/.test(u.name) && /^[.,]\d/.test(text.slice(u.end))) continue;
    named.push({ at: u.start, end: u.end, body: text.slice(u.start, u.end), self: unitFolded !== null && fold(u.name) === unitFolded });
  }
  for (const n of named) {
    if (overlaps(out, n.at, n.end)) continue;
    if (OF_BODY.test(folded.slice(Math.max(0, n.at - 30), n.at))) continue;
    out.push({ field: 'level', at: n.at, end: n.end, value: n.self ? 'all' : 'unit', body: n.body, named: !n.self });
  }
  const add = (field: Field, list: Array<[RegExp, string | null]>) => {
    const mine: Marker[] = [];
    for (const [re, value] of list) {
      for (const m of execAll(re, folded)) {
        if (overlaps(mine, m.index, m.index + m[0].length)) continue;
        mine.push({ field, at: m.index, end: m.index + m[0].length, value });
      }
    }
    out.push(...mine);
  };
  add('time', TIME);
  add('state', STATE);
  add('timeliness', TIMELINESS);
  return out.sort((a, b) => a.at - b.at);
}

/** A number of the sentence: its place, and whether it is a percent. */
export interface NumberPlace {
  start: number;
  end: number;
  percent: boolean;
  /** Its unit noun when known: the state of dossiers is not said of "15 cơ quan" or "3 năm". */
  unit?: string | null;
  /** Where what was read with it ends (a ratio's denominator, its unit noun). */
  rawEnd?: number;
}

/** Units whose numbers may have a state and a timeliness: dossiers, their rates, cases. */
const STATEFUL = new Set([null, 'hồ sơ', '%', 'trường hợp', 'thủ tục']);

export interface SentenceScopes {
  /** The scope of the number at [start, end) of the sentence. */
  at(start: number, end: number): FactScope;
  /** For a percent stated as the rate of the count just before it, where that count starts. */
  rateOf(start: number): number | undefined;
}

/**
 * Reads scopes sentence by sentence, carrying the level from one sentence to the next. One reader
 * per document; call heading() at headings.
 */
export class ScopeReader {
  #level: { value: Level; body: string } | null = null;
  readonly #unit: string | null;
  readonly #commune: boolean;

  /**
   * `unitName`: the reporting unit's name, whose own figures are 'all'. `commune`: the report is a
   * commune's, whose "cấp xã" is itself (a district's "cấp huyện" is its own bodies, not the whole
   * district with its communes; a province's "cấp tỉnh" its sở and ngành).
   */
  constructor(unitName: string | null = null, commune = false) {
    this.#unit = unitName ? fold(unitName) : null;
    this.#commune = commune;
  }

  heading(): void {
    this.#level = null;
  }

  /**
   * The scopes of one sentence. `text`/`folded` are the sentence as printed and folded (same
   * length); `numbers` are the places of its quantities, in order (they tell where clauses and
   * rates are, and which level words were given a number).
   */
  sentence(text: string, folded: string, numbers: NumberPlace[]): SentenceScopes {
    // Most sentences state no number: their words are read only if a fact asks (a negative
    // statement's 0), and they give no level to carry.
    if (numbers.length === 0) {
      let read: SentenceScopes | undefined;
      return {
        at: (start, end) => (read ??= this.#read(text, folded, numbers)).at(start, end),
        rateOf: () => undefined,
      };
    }
    return this.#read(text, folded, numbers);
  }

  #read(text: string, folded: string, numbers: NumberPlace[]): SentenceScopes {
    const markers = markersOf(text, folded, this.#unit);
    if (this.#commune) for (const m of markers) if (m.field === 'level' && m.value === 'xa') m.value = 'all';
    // "(TTHC)", "(HS)": an abbreviation in brackets ends no clause.
    const shortBrackets = execAll(/\(\s*[a-z&-]{1,12}\s*\)/g, folded).flatMap((m) => [m.index, m.index + m[0].length - 1]);
    const breaks = execAll(BREAK, folded)
      .filter((m) => !shortBrackets.includes(m.index))
      .map((m) => ({ at: m.index, end: m.index + m[0].length, text: m[0] }));
    const firstNumber = numbers[0]?.start ?? folded.length;
    const clauseOf = (start: number, end: number, intoBracket = false) => {
      let from = 0;
      let to = folded.length;
      for (const b of breaks) {
        if (b.end <= start) from = b.end;
        else if (b.at >= end) {
          to = b.at;
          break;
        }
      }
      // "1.089 HS (còn trong thời hạn giải quyết)": a bracket with no number of its own says
      // more of the number before it.
      if (intoBracket && folded[to] === '(') {
        const close = folded.indexOf(')', to);
        if (close > to && !/\d/.test(folded.slice(to, close))) to = close;
      }
      return { from, to };
    };
    const carried = this.#level;
    const segmentEnd = (at: number) => {
      const i = folded.indexOf(';', at);
      return i < 0 ? folded.length : i;
    };
    const levelAt = (start: number, end: number): { value: Level; body: string | null } => {
      // A level in the number's own clause first ("thuộc 2 cấp huyện và xã", "cấp huyện tiếp nhận 6.776").
      const { from, to } = clauseOf(start, end);
      // (A body named after the number is where it happened, not whose figure it is.)
      const inClause = markers.filter((m) => m.field === 'level' && m.at >= from && m.end <= to && (m.end <= start || (m.at >= end && !m.named)));
      const nearest = inClause.sort((a, b) => Math.min(Math.abs(a.end - start), Math.abs(a.at - end)) - Math.min(Math.abs(b.end - start), Math.abs(b.at - end)))[0];
      if (nearest) return { value: nearest.value as Level, body: nearest.body ?? null };
      let best: Marker | null = null;
      for (const m of markers) {
        if (m.field !== 'level' || m.end > start) continue;
        // A named body reaches to the next ";" only.
        if (m.named && segmentEnd(m.end) < start) continue;
        best = m;
      }
      if (best) return { value: best.value as Level, body: best.body ?? null };
      return carried ? { value: carried.value, body: carried.body } : { value: 'all', body: null };
    };
    const local = (field: Field, start: number, end: number): Marker | undefined => {
      const { from, to } = clauseOf(start, end, true);
      let best: Marker | undefined;
      let bestDistance = Infinity;
      for (const m of markers) {
        if (m.field !== field || m.at < from || m.end > to || (m.at < end && m.end > start)) continue;
        if (field === 'state' && m.value === 'reset') continue;
        const d = m.end <= start ? start - m.end : m.at - end;
        if (d < bestDistance) {
          best = m;
          bestDistance = d;
        }
      }
      return best;
    };
    // A word the sentence opens with, before its first number, speaks for the whole sentence, when
    // it is the only one of its kind there ("Nguyên nhân HS trễ hạn, … (10 trường hợp)").
    // A new verb (received, returned, withdrawn) ends a timeliness said so.
    const topic = (field: Field, start: number): Marker | undefined => {
      const opening = markers.filter((m) => m.field === field && m.at <= firstNumber && m.value !== 'reset');
      if (opening.length !== 1) return undefined;
      const reset = field === 'timeliness' && markers.some((m) => m.field === 'state' && m.value === 'reset' && m.at > opening[0]!.end && m.end <= start);
      return reset ? undefined : opening[0];
    };
    const mixedStates = (start: number, end: number): boolean => {
      // The clause, and the ones joined to it by "và" ("đã trả … và … chưa có kết quả là 12").
      const { to } = clauseOf(start, end, true);
      let from = 0;
      for (const b of breaks) if (b.end <= start && !/^va\b/.test(b.text)) from = b.end;
      const inClause = new Set(markers.filter((m) => m.field === 'state' && m.at >= from && m.end <= to && m.value !== 'reset').map((m) => m.value));
      return inClause.has('done') && inClause.has('in_progress');
    };
    const carriedState = (start: number): FactScope['state'] => {
      let v: FactScope['state'] = null;
      for (const m of markers) {
        if (m.field !== 'state' || m.end > start) continue;
        v = m.value === 'reset' ? null : (m.value as FactScope['state']);
      }
      return v;
    };
    // "(giảm|tăng) [tới] N" — a change against an earlier period; "giảm từ N" — the earlier value.
    const isChange = (start: number) => /\b(?:giam|tang)(?: (?:toi|them|manh|hon|tu))?\s*$/.test(folded.slice(Math.max(0, start - 16), start));

    const own = (start: number, end: number, unit: string | null | undefined): FactScope => {
      const lv = levelAt(start, end);
      const time = isChange(start) ? 'compare' : ((local('time', start, end) ?? topic('time', start))?.value as FactScope['time'] | undefined) ?? null;
      if (unit !== undefined && !STATEFUL.has(unit)) return { level: lv.value, body: lv.body, time, state: null, timeliness: null };
      const tlMarker = local('timeliness', start, end) ?? topic('timeliness', start);
      const timeliness = (tlMarker?.value as FactScope['timeliness'] | undefined) ?? null;
      const stMarker = local('state', start, end);
      let state: FactScope['state'] = stMarker ? (stMarker.value as FactScope['state']) : carriedState(start);
      // "đã trả kết quả nhưng chậm hạn và … quá hạn nhưng chưa có kết quả là 12 hồ sơ": both.
      if (stMarker && mixedStates(start, end)) state = null;
      if (!stMarker && state === null) {
        if (timeliness === 'early' || timeliness === 'on_time' || timeliness === 'early_or_on_time') state = 'done';
        else if (timeliness === 'not_due') state = 'in_progress';
      }
      return { level: lv.value, body: lv.body, time, state, timeliness };
    };

    // Which level words were given a number: the last of them carries to the next sentence.
    let lastGiven: Marker | null = null;
    for (const n of numbers) {
      for (const m of markers) if (m.field === 'level' && !m.named && m.end <= n.start && (!lastGiven || m.at > lastGiven.at)) lastGiven = m;
    }
    if (lastGiven) this.#level = { value: lastGiven.value as Level, body: lastGiven.body ?? '' };

    const cache = new Map<number, FactScope>();
    const rates = new Map<number, number>();
    const scopeAt = (start: number, end: number): FactScope => {
      const hit = cache.get(start);
      if (hit) return hit;
      const i = numbers.findIndex((n) => n.start === start);
      const n = numbers[i];
      let scope = own(start, end, n?.unit);
      const prev = i > 0 ? numbers[i - 1] : undefined;
      if (n?.percent && prev && !prev.percent) {
        const { from } = clauseOf(start, end);
        const lead = folded.slice(from, start);
        const opensRate = /^\s*(?:\(?\s*(?:dat|chiem|bang|=|la)?\s*(?:den|toi)?\s*(?:ty le|ti le)?\s*(?:dat|chiem|bang|la)?\s*(?:den|toi)?\s*(?:gan|tren|hon|khoang)?\s*)$/.test(lead);
        const between = folded.slice(prev.rawEnd ?? prev.end, from);
        if (opensRate && !/\d/.test(between.replace(/#/g, ''))) {
          rates.set(start, prev.start);
          const base = scopeAt(prev.start, prev.end);
          const mine = scope;
          scope = {
            level: base.level,
            body: base.body,
            time: mine.time ?? base.time,
            state: local('state', start, end) ? mine.state : base.state,
            timeliness: local('timeliness', start, end) ? mine.timeliness : base.timeliness,
          };
        }
      }
      // "đạt 53% (tăng 10% so với năm 2021)": the change of the rate just before, of its scope.
      if (n?.percent && prev?.percent) {
        const { from } = clauseOf(start, end);
        const between = folded.slice(prev.rawEnd ?? prev.end, from);
        if (/^\s*\(?\s*(?:tang|giam)(?: (?:toi|them|hon))?\s*$/.test(folded.slice(from, start)) && !/\d/.test(between.replace(/#/g, ''))) {
          const base = scopeAt(prev.start, prev.end);
          scope = { ...base, time: scope.time };
        }
      }
      cache.set(start, scope);
      return scope;
    };
    return {
      at: scopeAt,
      rateOf: (start: number) => {
        const n = numbers.find((x) => x.start === start);
        if (n) scopeAt(n.start, n.end);
        return rates.get(start);
      },
    };
  }
}

/** Two scopes are the same when every field is (null and 'all' levels alike). */
export function scopeSignature(scope: FactScope | undefined): string {
  if (!scope) return 'all||||';
  const level = scope.level === 'unit' ? `unit:${fold(scope.body ?? '')}` : scope.level;
  return [level, scope.time ?? '', scope.state ?? '', scope.timeliness ?? ''].join('|');
}

/**
 * The name whose figures are the report's own ('all'): the reporting unit when the header names it,
 * or when the text names no other unit of its kind. A unit guessed from a notice that lists
 * several districts ("huyện Lập Thạch …, huyện Sông Lô …") may be one of those it lists.
 */
export function ownUnitName(
  report: { unitName: string | null; unitKind: string | null; provenance: Record<string, { block: number } | undefined> },
  texts: readonly string[],
): string | null {
  if (!report.unitName) return null;
  const unit = report.provenance.unitName;
  const title = report.provenance.title;
  if (unit && title && unit.block <= title.block) return report.unitName;
  const names = new Set<string>();
  for (const t of texts) for (const u of findUnitMentions(t)) if (u.kind === report.unitKind) names.add(fold(u.name));
  return names.size === 1 && names.has(fold(report.unitName)) ? report.unitName : null;
}
