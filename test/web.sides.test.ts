// Issue 16, defect 3: every conflict kind shows all of its sides, and a reviewer can apply its
// suggestion, confirm a side or type the right value — including a document cited with two dates
// (citation_date_conflict: one field, two values), which showed one date and could not be applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConflict, listConflicts, listFacts, listIndicators } from '../src/store/index.js';
import { conflictView } from '../src/web/conflict-view.js';
import { applyDecision } from '../src/web/decisions.js';
import { fmtValue } from '../src/web/format.js';
import { Client, makeEnv, type WebEnv } from './web.helpers.js';

async function viewOf(env: WebEnv, id: number) {
  const detail = await getConflict(env.db, id);
  return { detail, view: conflictView(detail, await listIndicators(env.db, detail.conflict.reportId), await listFacts(env.db, detail.conflict.reportId)) };
}

/** The rows of the "Các giá trị mâu thuẫn" table of a conflict page, cells as text. */
function sideRows(html: string): string[][] {
  const table = /<table class="grid sides">([\s\S]*?)<\/table>/.exec(html)![1]!;
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)![1]!;
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()));
}

describe('conflict sides on the review page', () => {
  let env: WebEnv;
  beforeAll(async () => {
    env = await makeEnv();
  }, 120_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  it('shows every side of every conflict the seed raises, each with its value', async () => {
    const conflicts = await listConflicts(env.db, { limit: 1000 });
    expect(new Set(conflicts.map((c) => c.rule)).size).toBeGreaterThanOrEqual(10);
    const client = new Client(env.app);
    await client.login('lan.nguyen');
    for (const c of conflicts) {
      const { view } = await viewOf(env, c.id);
      const oneFieldManyValues = c.refs.length === 1 && c.values.length > 1;
      expect(view.sides, c.rule).toHaveLength(oneFieldManyValues ? c.values.length : c.refs.length);
      if (oneFieldManyValues || c.refs.length === c.values.length) {
        view.sides.forEach((s, i) => {
          // An appendix row shows its cell as printed; every other side the value the rule saw.
          if (!/^form\d+:/.test(s.ref)) expect(s.printed, `${c.rule} side ${i}`).toBe(fmtValue(c.values[i] ?? null));
        });
      }
      const page = await client.get(`/conflicts/${c.id}`);
      expect(page.statusCode).toBe(200);
      const rows = sideRows(page.body);
      expect(rows, c.rule).toHaveLength(view.sides.length);
      // A suggestion for a field of the report can be applied.
      if (c.suggestion && !/^(name|text|source):/.test(c.suggestion.ref)) {
        expect(view.suggestion!.applicable, c.rule).toBe(true);
        expect(page.body, c.rule).toContain(`value="suggestion"`);
      }
    }
  }, 120_000);

  it('citation_date_conflict: both dates are sides, each confirmable, and the suggestion applies', async () => {
    const [c] = await listConflicts(env.db, { rule: 'citation_date_conflict' });
    expect(c).toBeDefined();
    const { view } = await viewOf(env, c!.id);
    expect(view.sides.map((s) => s.printed)).toEqual(['20/02/2022', '20/02/2023']);
    expect(view.sides.map((s) => s.key)).toEqual(['1', '2']);
    expect(view.sides.map((s) => s.confirm)).toEqual(['20/02/2022', '20/02/2023']);
    expect(view.suggestion).toMatchObject({ value: '20/02/2023', applicable: true });
    expect(view.correctableRefs).toEqual([{ ref: 'citation:05/KH-UBND', label: 'Ngày văn bản số 05/KH-UBND' }]);
    expect(view.inputHint).toMatch(/\d\d\/\d\d\/\d{4}/);

    const client = new Client(env.app);
    await client.login('lan.nguyen');
    const page = await client.get(`/conflicts/${c!.id}`);
    expect(page.body).toContain('Áp dụng gợi ý (20/02/2023)');
    expect(sideRows(page.body).map((r) => r[4])).toEqual(['20/02/2022', '20/02/2023']);

    // A typed date that does not exist changes nothing.
    const bad = await client.post(`/conflicts/${c!.id}/decide`, { action: 'correct', ref: 'citation:05/KH-UBND', value: '31/02/2023', comment: '' });
    expect(bad.body).toMatch(/không tồn tại/);
    expect((await getConflict(env.db, c!.id)).conflict.status).toBe('open');

    const res = await client.post(`/conflicts/${c!.id}/decide`, { action: 'suggestion', comment: 'kế hoạch năm 2023', back: '' });
    expect([200, 303]).toContain(res.statusCode);
    const after = await getConflict(env.db, c!.id);
    expect(after.conflict.status).toBe('resolved');
    expect(after.fields).toEqual([{ ref: 'citation:05/KH-UBND', extracted: expect.any(String), current: '2023-02-20', corrected: true }]);
    expect(after.corrections.at(-1)).toMatchObject({ ref: 'citation:05/KH-UBND', newValue: '2023-02-20', author: 'lan.nguyen' });
    // The rules ran on the corrected dates: the plan dated outside its year is gone too.
    expect(await listConflicts(env.db, { rule: 'plan_dated_outside_year', status: 'open' })).toEqual([]);
  }, 60_000);
});

describe('a cited date confirmed or typed', () => {
  let env: WebEnv;
  beforeAll(async () => {
    env = await makeEnv();
  }, 120_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  it('confirming the other date, then typing a third one, each is a correction of the cited document', async () => {
    const [c] = await listConflicts(env.db, { rule: 'citation_date_conflict' });
    const ok = await applyDecision(env.db, c!.id, { kind: 'confirm', side: 0 }, 'lan.nguyen');
    expect(ok).toMatchObject({ ok: true, message: expect.stringContaining('20/02/2022') });
    expect((await getConflict(env.db, c!.id)).fields[0]).toMatchObject({ current: '2022-02-20', corrected: true });
    // The plan's date now lies outside its year: that rule still says so.
    expect((await listConflicts(env.db, { rule: 'plan_dated_outside_year', status: 'open' })).length).toBe(1);
    const [plan] = await listConflicts(env.db, { rule: 'plan_dated_outside_year', status: 'open' });
    const typed = await applyDecision(env.db, plan!.id, { kind: 'correct', ref: 'citation:05/KH-UBND', raw: '20/02/2023' }, 'lan.nguyen');
    expect(typed).toMatchObject({ ok: true });
    expect((await getConflict(env.db, c!.id)).fields[0]).toMatchObject({ current: '2023-02-20' });
    expect(await listConflicts(env.db, { rule: 'plan_dated_outside_year', status: 'open' })).toEqual([]);
  }, 60_000);
});

describe('conflictView for one field with several values (pure)', () => {
  const base = {
    id: 1, reportId: 1, fingerprint: 'x', severity: 'warning' as const, message: '', status: 'open' as const,
    resolutionHow: null, resolvedBy: null, resolvedAt: null, resolutionNote: null, firstSeen: new Date(), lastSeen: new Date(),
    unitKind: null, unitName: null, district: null, province: null, periodKind: null, periodNumber: null, periodYear: null,
  };
  const detail = (conflict: Partial<typeof base> & { rule: string; refs: string[]; values: (string | number | null)[]; evidence: unknown[]; suggestion: null }, fields: { ref: string; extracted: string | number | null; current: string | number | null; corrected: boolean }[]) =>
    ({ conflict: { ...base, ...conflict }, fields, report: {} as never, corrections: [] }) as Parameters<typeof conflictView>[0];

  it('a fact stated with two values: two sides, each confirmable as that value', () => {
    const d = detail(
      { rule: 'fact_self_contradiction', refs: ['fact:thiet_bi.may_tinh'], values: [12, 15], evidence: [{ text: 'có 12 máy tính' }, { text: 'tổng số 15 máy tính' }], suggestion: null },
      [{ ref: 'fact:thiet_bi.may_tinh', extracted: 12, current: 12, corrected: false }],
    );
    const v = conflictView(d, [], []);
    expect(v.sides.map((s) => [s.printed, s.label, s.key, s.confirm])).toEqual([
      ['12', 'có 12 máy tính', '1', '12'],
      ['15', 'tổng số 15 máy tính', '2', '15'],
    ]);
    expect(v.correctableRefs).toHaveLength(1);
  });

  it('a document number cited with two subjects: both shown, neither offered as a date', () => {
    const d = detail(
      { rule: 'citation_subject_conflict', refs: ['citation:12/KH-UBND'], values: ['kiểm soát TTHC', 'chuyển đổi số'], evidence: [{ text: 'a' }, { text: 'b' }], suggestion: null },
      [{ ref: 'citation:12/KH-UBND', extracted: '2023-02-28', current: '2023-02-28', corrected: false }],
    );
    const v = conflictView(d, [], []);
    expect(v.sides.map((s) => s.printed)).toEqual(['kiểm soát TTHC', 'chuyển đổi số']);
    expect(v.sides.map((s) => s.key)).toEqual([null, null]);
    expect(v.correctableRefs).toEqual([]);
  });
});
