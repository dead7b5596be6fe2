// The facts of one imagined reporting unit for one period, before anything is printed. Every
// derived number is computed from its parts here, so a report built from a World is internally
// consistent; conflicts are planted later on the printed form, never here.
import { allPlaces, personName, type Place } from './places.js';
import type { Rng } from './prng.js';
import { addDays, compareYmd, periodBounds, randomDay, type Period, type PeriodKind, type YMD } from './vn.js';

export interface Qualification {
  /** Chuyên môn levels in print order; counts sum to the group size. */
  chuyenMon: { level: 'thac_si' | 'dai_hoc' | 'cao_dang' | 'trung_cap' | 'chua_dao_tao'; count: number }[];
  /** Lý luận chính trị levels; counts sum to at most the group size. */
  lyLuan: { level: 'cao_cap' | 'trung_cap' | 'so_cap'; count: number }[];
}

export interface PlanDoc {
  number: number;
  date: YMD | null;
  subject: string;
}

export interface World {
  place: Place;
  period: Period;
  reportDate: YMD;
  reportNumber: number | null;
  signer: { name: string; title: 'CHỦ TỊCH' | 'PHÓ CHỦ TỊCH' };
  /** The higher-level instruction the report answers ("Công văn số 281/UBND-NV..."). */
  instruction: { number: number; suffix: string; date: YMD };
  /** The unit's own plans of the year (cited in sections I-II). */
  plans: PlanDoc[];
  annualPlan: PlanDoc;
  hoso: { received: number; early: number; onTime: number; late: number; online: number; digitisedResult: number; digitisedParts: number };
  survey: { people: number; satisfied: number };
  tthc: { xa: number; quanSu: number; congAn: number; qrFields: number; reviewed: number; simplified: number; newlyPublished: number; abolished: number; lienThongCungCap: number; lienThongCacCap: number; khongDiaGioi: number };
  pakn: { received: number; resolved: number };
  propaganda: number;
  staff: { quota: number; canBo: number; congChuc: number; contract: number; cutInPeriod: number; cutSince2015Pct: number; kctXa: number; kctThon: number; kctCut: number; kctCutPct: number; arrangedCorrectly: number; recruited: number; disciplinedLeaders: number; disciplinedStaff: number; trained: number };
  qualification: { canBo: Qualification; congChuc: Qualification };
  equipment: { oneStopPcs: number; oneStopPrinters: number; oneStopScanners: number; pcs: number };
  finance: { budgetDong: number; savedDong: number; investPlanMillion: number; investDoneMillion: number };
  direction: { documents: number; tasks: number; tasksDone: number; inspectedOrgs: number; issuesFound: number; issuesFixed: number; upperTasks: { total: number; onTime: number; late: number; overdue: number } | null; survey: boolean; surveyMode: 0 | 1 | 2; dialogue: boolean };
  legal: { vbqpplXa: number; reviewed: number | null; needFix: number };
  online: { eligible3: number; provided3: number; withDossiers3: number; eligible4: number; provided4: number; withDossiers4: number; integrated: number; feeProcedures: number; feeOnline: number; reportsOnlinePct: number; lgsp: 0 | 1 | 2 };
}

const PERIOD_KINDS: PeriodKind[] = ['quarter', 'quarter', 'quarter', 'half', 'nine_months', 'year'];

function period(rng: Rng): Period {
  const kind = rng.pick(PERIOD_KINDS);
  const year = rng.int(2019, 2025);
  return { kind, number: kind === 'quarter' ? rng.int(1, 4) : kind === 'half' ? 1 : null, year };
}

/** Reports go out from a few weeks before the period ends (deadlines fall mid last month) to a few weeks after. */
export function plausibleReportDate(rng: Rng, p: Period): YMD {
  const { end } = periodBounds(p);
  return randomDay(rng, addDays(end, -24), addDays(end, 18));
}

function split(rng: Rng, total: number, parts: number): number[] {
  // Integer composition of `total` into `parts` non-negative numbers, uneven like real staff splits.
  const out = Array<number>(parts).fill(0);
  for (let i = 0; i < total; i++) out[Math.min(parts - 1, Math.floor(rng.next() ** 1.6 * parts))]! += 1;
  return out;
}

function qualification(rng: Rng, size: number, staff: 'canBo' | 'congChuc'): Qualification {
  const [thacSi, daiHoc, caoDang, trungCap, chua] =
    staff === 'canBo' ? (() => { const s = split(rng, size, 5); return [s[2]!, s[0]!, s[3]!, s[1]!, s[4]!]; })() : (() => { const s = split(rng, size, 3); return [s[2]!, s[0]!, s[1]!, 0, 0]; })();
  const chuyenMon = (
    [
      ['thac_si', thacSi],
      ['dai_hoc', daiHoc],
      ['cao_dang', caoDang],
      ['trung_cap', trungCap],
      ['chua_dao_tao', chua],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([level, count]) => ({ level, count }));
  const withLl = rng.int(Math.ceil(size / 2), size);
  const [tc, cc, sc] = split(rng, withLl, 3);
  const lyLuan = (
    [
      ['cao_cap', cc!],
      ['trung_cap', tc!],
      ['so_cap', sc!],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([level, count]) => ({ level, count }));
  return { chuyenMon, lyLuan };
}

const PLAN_SUBJECTS = [
  'về công tác cải cách hành chính',
  'về tuyên truyền cải cách hành chính',
  'về kiểm soát thủ tục hành chính, triển khai cơ chế một cửa, một cửa liên thông',
  'về tự kiểm tra thực hiện cải cách hành chính',
  'về tăng cường kỷ cương, kỷ luật hành chính',
  'về đào tạo, bồi dưỡng cán bộ, công chức',
  'về rà soát, đánh giá thủ tục hành chính',
  'về ứng dụng công nghệ thông tin, phát triển chính quyền số',
  'về công tác phổ biến, giáo dục pháp luật',
  'về theo dõi thi hành pháp luật',
  'về rà soát, hệ thống hóa văn bản quy phạm pháp luật',
  'về thi đua, khen thưởng gắn với cải cách hành chính',
];

export function generateWorld(rng: Rng): World {
  const places = allPlaces();
  const place = rng.pick(places);
  const p = period(rng);
  const { start, end } = periodBounds(p);
  const months = (end.m - start.m + 1) / 3; // scale of counts: quarters = 1
  const scale = (min: number, max: number) => Math.round(rng.int(min, max) * months);

  const received = Math.max(12, scale(40, 900));
  const late = rng.chance(0.45) ? 0 : rng.int(1, Math.max(1, Math.floor(received / 60)));
  const onTime = rng.chance(0.3) ? 0 : rng.int(0, Math.floor((received - late) / 3));
  const early = received - late - onTime;
  const online = rng.int(Math.floor(received * 0.55), received);
  const digitisedResult = rng.chance(0.5) ? received : rng.int(Math.floor(received * 0.7), received);
  const digitisedParts = rng.chance(0.5) ? received : rng.int(Math.floor(received * 0.6), received);

  const canBo = rng.int(8, 11);
  const congChuc = rng.int(7, 12);
  const quota = canBo + congChuc + rng.int(0, 2);
  const xa = rng.int(105, 160);
  const quanSu = rng.int(8, 16);
  const congAn = rng.int(12, 24);
  const reviewed = rng.int(0, 12);

  // The unit's own plans, numbered in issue order from early in the year up to the period's end.
  const planCount = rng.int(5, 9);
  const reportDate = plausibleReportDate(rng, p);
  // Plans cited in a report were issued before it (and within the year it reports on).
  const lastPlanDay = compareYmd(end, reportDate) < 0 ? end : addDays(reportDate, -1);
  const planDates = Array.from({ length: planCount }, () => randomDay(rng, { y: p.year, m: 1, d: 5 }, lastPlanDay)).sort((a, b) =>
    a.m !== b.m ? a.m - b.m : a.d - b.d,
  );
  let planNo = rng.int(1, 4);
  const subjects = rng.shuffle(PLAN_SUBJECTS.slice(1));
  const plans: PlanDoc[] = planDates.map((date, i) => {
    planNo += rng.int(1, 5);
    return { number: planNo, date: rng.chance(0.08) ? null : date, subject: subjects[i % subjects.length]! };
  });
  const annualPlan: PlanDoc = { number: rng.int(40, 160), date: { y: p.year - 1, m: 12, d: rng.int(15, 31) }, subject: PLAN_SUBJECTS[0]! };

  const eligible3 = rng.int(90, 180);
  const provided3 = rng.int(Math.floor(eligible3 * 0.6), eligible3);
  const eligible4 = rng.int(2, 60);
  const provided4 = rng.int(0, eligible4);
  const tasks = rng.int(12, 40);
  const issuesFound = rng.chance(0.5) ? 0 : rng.int(1, 6);
  const upper = rng.chance(0.5)
    ? (() => {
        const total = rng.int(3, 25);
        const late = rng.int(0, 2);
        const overdue = rng.int(0, 1);
        return { total: total + late + overdue, onTime: total, late, overdue };
      })()
    : null;
  const paknReceived = rng.chance(0.6) ? 0 : rng.int(1, 8);
  const investPlan = rng.int(2, 80) * 250;
  const feeProcedures = rng.int(0, 40);

  return {
    place,
    period: p,
    reportDate,
    reportNumber: rng.chance(0.35) ? null : rng.int(12, 260),
    signer: { name: personName(rng.pick), title: rng.pick(['CHỦ TỊCH', 'PHÓ CHỦ TỊCH'] as const) },
    instruction: { number: rng.int(100, 1500), suffix: rng.pick(['UBND-NV', 'UBND-NV', 'SNV-CCHC', 'UBND-VP']), date: randomDay(rng, { y: p.year - 1, m: 1, d: 2 }, { y: p.year - 1, m: 12, d: 20 }) },
    plans,
    annualPlan,
    hoso: { received, early, onTime, late, online, digitisedResult, digitisedParts },
    survey: { people: rng.int(Math.floor(received / 4), received), satisfied: rng.chance(0.6) ? 100 : rng.int(90, 99) },
    tthc: { xa, quanSu, congAn, qrFields: rng.int(20, 40), reviewed, simplified: rng.int(0, reviewed), newlyPublished: rng.int(0, 6), abolished: rng.int(0, 4), lienThongCungCap: rng.int(0, 20), lienThongCacCap: rng.int(0, 8), khongDiaGioi: rng.int(0, 5) },
    pakn: { received: paknReceived, resolved: paknReceived === 0 ? 0 : rng.int(Math.max(0, paknReceived - 1), paknReceived) },
    propaganda: scale(12, 70),
    staff: {
      quota,
      canBo,
      congChuc,
      contract: rng.int(0, 3),
      cutInPeriod: rng.int(0, 1),
      cutSince2015Pct: rng.int(5, 15),
      kctXa: rng.int(8, 14),
      kctThon: rng.int(6, 30),
      kctCut: rng.int(0, 10),
      kctCutPct: rng.int(5, 20),
      arrangedCorrectly: canBo + congChuc - (rng.chance(0.7) ? 0 : rng.int(1, 2)),
      recruited: rng.int(0, 1),
      disciplinedLeaders: rng.chance(0.9) ? 0 : 1,
      disciplinedStaff: rng.chance(0.85) ? 0 : rng.int(1, 2),
      trained: rng.int(2, 20),
    },
    qualification: { canBo: qualification(rng, canBo, 'canBo'), congChuc: qualification(rng, congChuc, 'congChuc') },
    equipment: { oneStopPcs: rng.int(2, 8), oneStopPrinters: rng.int(1, 4), oneStopScanners: rng.int(1, 3), pcs: canBo + congChuc + rng.int(0, 5) },
    finance: { budgetDong: rng.int(2500, 9800) * 1_000_000, savedDong: rng.int(10, 150) * 1_000_000, investPlanMillion: investPlan, investDoneMillion: rng.int(0, investPlan) },
    direction: {
      documents: rng.int(3, 14),
      tasks,
      tasksDone: rng.int(Math.floor(tasks * 0.5), tasks),
      inspectedOrgs: rng.int(0, 6),
      issuesFound,
      issuesFixed: rng.int(0, issuesFound),
      upperTasks: upper,
      survey: rng.chance(0.6),
      surveyMode: rng.pick([0, 1, 2] as const),
      dialogue: rng.chance(0.5),
    },
    legal: { vbqpplXa: rng.int(0, 3), reviewed: rng.chance(0.5) ? rng.int(2, 20) : null, needFix: rng.int(0, 2) },
    online: {
      eligible3,
      provided3,
      withDossiers3: rng.int(0, provided3),
      eligible4,
      provided4,
      withDossiers4: rng.int(0, provided4),
      integrated: rng.int(Math.floor((provided3 + provided4) * 0.5), provided3 + provided4),
      feeProcedures,
      feeOnline: rng.int(0, feeProcedures),
      reportsOnlinePct: rng.pick([100, 100, 100, 95, 90]),
      lgsp: rng.pick([0, 1, 2] as const),
    },
  };
}
