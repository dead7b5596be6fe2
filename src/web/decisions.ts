// A reviewer's decision on one conflict, turned into store calls: confirm a side, apply the
// suggestion, enter a corrected value, or keep the printed value although the source is wrong.
// Every value decision is an appended correction (who, when, old, new, reason); the store resolves
// the conflict and re-runs the report's rules.
import {
  applyCorrection,
  getConflict,
  listFacts,
  listIndicators,
  resolveConflict,
  StoreError,
  type ConflictDetail,
  type Db,
  type RefValue,
} from '../store/index.js';
import { parseCorrectionValue } from './correction-input.js';
import { sidePages, type Box } from './page-images.js';
import { fmtValue, refLabel } from './format.js';
import { conflictSides, takes, valuesAreSides } from './sides.js';

export type Decision =
  | { kind: 'confirm'; side: number }
  | { kind: 'suggestion' }
  /** readFrom: the side whose printed page the value was read from (the correction records its page and box). */
  | { kind: 'correct'; ref: string; raw: string; readFrom?: number }
  | { kind: 'keep' };

export type DecisionOutcome = { ok: true; message: string } | { ok: false; status: number; message: string };

/** Parses the action button a form sent: "confirm:0", "suggestion", "correct", "keep". */
export function parseDecision(action: unknown, fields: { ref?: unknown; value?: unknown }): Decision | null {
  if (typeof action !== 'string') return null;
  const confirm = /^confirm:(\d{1,2})$/.exec(action);
  if (confirm) return { kind: 'confirm', side: Number(confirm[1]) };
  if (action === 'suggestion') return { kind: 'suggestion' };
  if (action === 'keep') return { kind: 'keep' };
  if (action === 'correct') return { kind: 'correct', ref: typeof fields.ref === 'string' ? fields.ref : '', raw: typeof fields.value === 'string' ? fields.value : '' };
  return null;
}

function reason(base: string, comment: string): string {
  const c = comment.trim();
  return c ? `${base} — ${c}` : base;
}

/** The side a bulk "confirm" confirms: the field the rule suggests changing, else the first confirmable side. */
export function defaultConfirmSide(detail: Pick<ConflictDetail, 'conflict' | 'fields'>): number | null {
  const { conflict } = detail;
  const sides = conflictSides(detail).filter((s) => s.confirmable);
  const s = conflict.suggestion;
  if (s) {
    // One field, several values: the side whose value the rule suggests; else the suggested field.
    const bySuggestion = valuesAreSides(conflict) ? sides.find((x) => x.value === s.value) : sides.find((x) => x.ref === s.ref);
    if (bySuggestion) return bySuggestion.index;
  }
  return sides[0]?.index ?? null;
}

/**
 * The page and box a value typed "from the page" was read from: the side's own place, looked up on
 * the server (never taken from the form), and only when that side is the field being corrected.
 */
async function readFromPage(db: Db, detail: ConflictDetail, side: number, ref: string): Promise<{ page: number; box: Box | null } | undefined> {
  const sides = conflictSides(detail).filter((s) => s.index === side && s.ref === ref);
  if (sides.length === 0) return undefined;
  const [indicators, facts] = await Promise.all([listIndicators(db, detail.conflict.reportId), listFacts(db, detail.conflict.reportId)]);
  const placed = sidePages(detail, sides, indicators, facts)[0];
  return placed ? { page: placed.page, box: placed.box } : undefined;
}

export async function applyDecision(db: Db, conflictId: number, decision: Decision, author: string, comment = ''): Promise<DecisionOutcome> {
  let detail: ConflictDetail;
  try {
    detail = await getConflict(db, conflictId);
  } catch (e) {
    if (e instanceof StoreError && e.code === 'not_found') return { ok: false, status: 404, message: 'Không tìm thấy xung đột này.' };
    throw e;
  }
  const { conflict } = detail;
  if (conflict.status !== 'open') return { ok: false, status: 409, message: 'Xung đột này đã được xử lý; hãy hoàn tác trong lịch sử nếu cần làm lại.' };
  const base = { reportId: conflict.reportId, author, conflictId };
  try {
    switch (decision.kind) {
      case 'confirm': {
        const side = conflictSides(detail)[decision.side];
        if (!side || !side.confirmable || side.value === undefined) return { ok: false, status: 400, message: 'Không xác nhận được bên này.' };
        const { ref, value } = side;
        // Confirming appends a correction whose new value is the printed one: the audit shows who vouched for it.
        await applyCorrection(db, { ...base, ref, value, reason: reason(`Xác nhận ${refLabel(ref)} = ${fmtValue(value)} là đúng`, comment) });
        return { ok: true, message: `Đã xác nhận ${refLabel(ref)} = ${fmtValue(value)}.` };
      }
      case 'suggestion': {
        const s = conflict.suggestion;
        if (!s || !takes(detail, s.ref, s.value))
          return { ok: false, status: 400, message: 'Xung đột này không có gợi ý áp dụng được.' };
        await applyCorrection(db, { ...base, ref: s.ref, value: s.value, reason: reason(`Áp dụng gợi ý: ${s.why}`, comment) });
        return { ok: true, message: `Đã sửa ${refLabel(s.ref)} thành ${fmtValue(s.value)} theo gợi ý.` };
      }
      case 'correct': {
        if (!conflict.refs.includes(decision.ref) || !detail.fields.some((f) => f.ref === decision.ref))
          return { ok: false, status: 400, message: 'Chọn trường cần sửa trong danh sách.' };
        const parsed = parseCorrectionValue(decision.raw, decision.ref);
        if (!parsed.ok) return { ok: false, status: 400, message: parsed.message };
        const readFrom = decision.readFrom === undefined ? undefined : await readFromPage(db, detail, decision.readFrom, decision.ref);
        await applyCorrection(db, {
          ...base,
          ...(readFrom ? { readFrom } : {}),
          ref: decision.ref,
          value: parsed.value,
          reason: reason(`Sửa ${refLabel(decision.ref)} thành ${fmtValue(parsed.value)}`, comment),
        });
        return { ok: true, message: `Đã sửa ${refLabel(decision.ref)} thành ${fmtValue(parsed.value)}.` };
      }
      case 'keep': {
        await resolveConflict(db, {
          conflictId,
          how: 'accepted',
          by: author,
          note: reason('Nguồn ghi sai nhưng giữ nguyên như bản in', comment),
        });
        return { ok: true, message: 'Đã ghi nhận: giữ nguyên như bản in.' };
      }
    }
  } catch (e) {
    if (e instanceof StoreError) return { ok: false, status: e.code === 'not_found' ? 404 : e.code === 'conflict' ? 409 : 400, message: `Không lưu được: ${e.message}` };
    throw e;
  }
}
