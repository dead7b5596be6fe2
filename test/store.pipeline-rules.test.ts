// A record fresh from the pipeline already carries its report rules' conflicts; the store uses them
// instead of running those rules again (StoreOptions.fromPipeline), unless corrections change the
// record. These tests hold that shortcut to what running the rules gives, on real reports.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRecord } from '../schemas/record.js';
import { extractFile } from '../src/pipeline.js';
import { applyCorrection, applyRules, listConflicts, openStore, storeReport, type Db } from '../src/store/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Reports with planted conflicts of several kinds (see their .truth.json), and the main fixture.
const FILES = ['fixtures/corpus/009-phu-phung-2025-h1.pdf', 'fixtures/corpus/008-quang-kim-2020-q4.docx', 'fixtures/corpus/005-nghi-huong-2019-9m.pdf', 'fixtures/tien-dong-2023-q3.docx'];

const records = new Map<string, ReportRecord>();
beforeAll(async () => {
  for (const f of FILES) records.set(f, (await extractFile(root + f)).value);
}, 60_000);

const fingerprints = (cs: { fingerprint: string }[]) => cs.map((c) => c.fingerprint).sort();

describe('the report rules the pipeline ran', () => {
  it('are what the store would find by running them again', async () => {
    for (const [file, record] of records) {
      expect(record.conflicts.length, file).toBeGreaterThan(0);
      const rerun = await applyRules(record, []);
      const reused = await applyRules(record, [], { reportConflicts: record.conflicts });
      expect(reused, file).toEqual(rerun);
    }
  });
});

describe('storing a record from the pipeline', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-pipeline-rules-'));
    db = await openStore({ dataDir: dir });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const openOf = async (reportId: number) => fingerprints(await listConflicts(db, { reportId, status: 'open', limit: 500 }));

  it('raises the same conflicts as running the rules, and runs them again once a field is corrected', async () => {
    for (const file of FILES) {
      const record = records.get(file)!;
      const first = await storeReport(db, record, { paths: [root + file], fromPipeline: true });
      const shortcut = await openOf(first.reportId);
      expect(shortcut, file).toEqual(fingerprints(record.conflicts));
      // The same record stored again the long way: nothing opens, nothing resolves.
      const again = await storeReport(db, record, { paths: [root + file] });
      expect(again.reportId).toBe(first.reportId);
      expect(again.conflicts, file).toEqual(first.conflicts);
      expect(await openOf(first.reportId), file).toEqual(shortcut);
    }

    // A reviewer corrects the rate of a rate_mismatch; re-extraction (fromPipeline again) must not
    // bring the pipeline's uncorrected conflicts back.
    const file = FILES.find((f) => records.get(f)!.conflicts.some((c) => c.rule === 'rate_mismatch'));
    expect(file).toBeDefined();
    const record = records.get(file!)!;
    const conflict = record.conflicts.find((c) => c.rule === 'rate_mismatch')!;
    const uncorrected = await storeReport(db, record, { paths: [root + file], fromPipeline: true });
    const { reportId } = uncorrected;
    const listed = (await listConflicts(db, { reportId, status: 'open', limit: 500 })).find((c) => c.fingerprint === conflict.fingerprint)!;
    const suggestion = listed.suggestion as { ref: string; value: number } | null;
    expect(suggestion, 'rate_mismatch suggests the rate its parts give').toBeTruthy();
    await applyCorrection(db, { reportId, ref: suggestion!.ref, value: suggestion!.value, author: 'lan', reason: 'tính lại tỷ lệ', conflictId: listed.id });
    const afterCorrection = await openOf(reportId);
    expect(afterCorrection).not.toContain(conflict.fingerprint);
    // What the rules raise now (a resolved conflict raised again would stay resolved, so the open
    // list alone could not tell): one fewer than before, the same either way of storing.
    const shortcut = await storeReport(db, record, { paths: [root + file], fromPipeline: true });
    const longWay = await storeReport(db, record, { paths: [root + file] });
    expect(shortcut.conflicts).toEqual(longWay.conflicts);
    expect(shortcut.conflicts.raised).toBe(uncorrected.conflicts.raised - 1);
    expect(await openOf(reportId)).toEqual(afterCorrection);
  });
});
