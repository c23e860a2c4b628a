// Shared fixtures for domain tests: the real org data, the default rules, fixed Shanghai times.
import org from '../../data/dadukou-org.json';
import { makeCalendar, type CalendarOverride } from '../../domain/calendar';
import type { CaseContext } from '../../domain/case';
import { DEFAULT_DEADLINE_RULES } from '../../domain/deadlines';
import { buildUnits } from '../../domain/org';
import { defaultRoutingRules } from '../../domain/routing';

export { org };
export const units = buildUnits(org);
export const routingRules = defaultRoutingRules(org.disputeCategories);
export const calendar = makeCalendar();
export const ctx: CaseContext = { units, deadlineRules: DEFAULT_DEADLINE_RULES, calendar };

/** Calendar with admin overrides. */
export function calendarWith(overrides: CalendarOverride[]) {
  return makeCalendar(overrides);
}

/** An instant given as Shanghai wall time: sh('2026-10-01 09:30') or sh('2026-10-01'). */
export function sh(wall: string): Date {
  const [date, time = '00:00'] = wall.split(' ');
  const t = time.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${t}+08:00`);
}

/** End of a Shanghai day: 23:59:59.999 +08:00. */
export function eod(date: string): Date {
  return new Date(`${date}T23:59:59.999+08:00`);
}

// Well-known units of data/dadukou-org.json.
export const DISTRICT = '500104000000';
export const XINSHANCUN = '500104001000'; // 新山村街道
export const PINGAN = '500104001001'; // 平安社区 (新山村街道)
export const GANGHUA = '500104001004'; // 钢花社区 (新山村街道)
export const YUEJINCUN = '500104002000'; // 跃进村街道
export const YUEXIN = '500104002007'; // 跃新社区 (跃进村街道)
export const BAQIAO = '500104101000'; // 八桥镇
export const DEPT_JUSTICE = 'dept-justice';
export const FENGYANG_VILLAGE = '500104101201'; // 凤阳村 (八桥镇), kind village
