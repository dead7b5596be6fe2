// Vietnamese words for a number's scope (schemas/record.ts FactScope), shown beside each open fact.
import type { FactScope } from '../../schemas/record.js';

const LEVEL: Record<FactScope['level'], string> = {
  all: 'toàn đơn vị',
  tinh: 'cấp tỉnh',
  huyen: 'cấp huyện',
  xa: 'cấp xã',
  'huyen+xa': 'cấp huyện và xã',
  bo: 'các bộ, ngành',
  unit: 'một đơn vị',
};
const TIME: Record<NonNullable<FactScope['time']>, string> = {
  carried_over: 'kỳ trước chuyển sang',
  cumulative: 'lũy kế',
  ytd: 'từ đầu năm',
  compare: 'so với kỳ khác',
};
const STATE: Record<NonNullable<FactScope['state']>, string> = { done: 'đã giải quyết', in_progress: 'đang giải quyết' };
const TIMELINESS: Record<NonNullable<FactScope['timeliness']>, string> = {
  early: 'trước hạn',
  on_time: 'đúng hạn',
  early_or_on_time: 'đúng và trước hạn',
  late: 'quá hạn',
  not_due: 'chưa đến hạn',
  due: 'đến hạn',
};

/** "cấp huyện · đang giải quyết · quá hạn"; a named body by its name ("Sở Tư pháp"). */
export function scopeLabel(s: FactScope): string {
  const level = s.level === 'unit' && s.body ? s.body : LEVEL[s.level];
  return [level, s.time ? TIME[s.time] : null, s.state ? STATE[s.state] : null, s.timeliness ? TIMELINESS[s.timeliness] : null]
    .filter((x): x is string => x !== null)
    .join(' · ');
}
