// Checks on rule sets admins save (setup.setRules) beyond their shape: what only the organisation
// and the other rules can tell. Each answers why a set is unusable, or null.
import { isYearConfigured, makeCalendar, type CalendarOverride } from './calendar';
import { getUnit, type Units } from './org';
import type { SupervisionRules } from './supervision';
import { SHANGHAI_OFFSET_MS } from './time';

/** A category as admins edit it. */
export interface CategoryInput {
  id: string;
  name: string;
  defaultDepartment: string | null;
  alsoInvolved: string[];
}

/** The departments a category names must be district departments; ids are unique in one save. */
export function categoriesProblem(list: readonly CategoryInput[], units: Units): string | null {
  const seen = new Set<string>();
  for (const [i, c] of list.entries()) {
    if (seen.has(c.id)) return `categories.${i}.id: 重复的类别 ${c.id}`;
    seen.add(c.id);
    for (const dep of [c.defaultDepartment, ...c.alsoInvolved]) {
      if (dep !== null && getUnit(dep, units)?.kind !== 'department') return `categories.${i}: ${dep} 不是区级部门`;
    }
  }
  return null;
}

/** One escalation rule per level, and none at the district (there is nothing above it). */
export function supervisionProblem(r: SupervisionRules): string | null {
  const levels = new Set<string>();
  for (const [i, e] of r.escalations.entries()) {
    if (e.level === 'district') return `escalations.${i}.level: 区级没有上级可上报`;
    if (levels.has(e.level)) return `escalations.${i}.level: 同一层级只能有一条规则`;
    if (e.kinds.length === 0) return `escalations.${i}.kinds: 至少选择一项`;
    levels.add(e.level);
  }
  return null;
}

/** Whether the holiday schedule is known for this (Shanghai) year and the next. */
export interface CalendarStatus {
  thisYear: number;
  thisYearConfigured: boolean;
  nextYear: number;
  nextYearConfigured: boolean;
  banner: boolean;
}

/**
 * A year is configured when chinese-days has it or an admin override names one of its days. From
 * October on (Shanghai), a missing next year raises the admin's banner; a missing current year always does.
 */
export function calendarStatus(overrides: readonly CalendarOverride[], now: Date): CalendarStatus {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const thisYear = local.getUTCFullYear();
  const cal = makeCalendar(overrides);
  const thisYearConfigured = isYearConfigured(thisYear, cal);
  const nextYearConfigured = isYearConfigured(thisYear + 1, cal);
  return {
    thisYear,
    thisYearConfigured,
    nextYear: thisYear + 1,
    nextYearConfigured,
    banner: !thisYearConfigured || (local.getUTCMonth() >= 9 && !nextYearConfigured)
  };
}
