// Response and resolution deadlines, configurable per category and level (admin-edited rules).
import { addWorkingDays, addWorkingHours, type Calendar } from './calendar';
import { LEVELS, type Level } from './enums';

/**
 * One rule. '*' matches any category/level. Each field is taken from the most specific rule that
 * sets it (category beats level; on a tie the later rule wins, so an appended admin rule overrides
 * a seeded one). responseHours, if set, wins over responseWorkingDays in the same rule.
 */
export interface DeadlineRule {
  category: string; // a category code, or '*' for any
  level: '*' | Level;
  responseHours?: number; // working hours: the clock runs 24 h on working days, stops on rest days
  responseWorkingDays?: number;
  resolveWorkingDays?: number;
}

/**
 * Default rules — DEFAULTS of ours, not published Dadukou rules: first response within 1 working
 * day; resolved within 5/10/15 working days at community/town/district; medical disputes 30
 * working days (医疗纠纷预防和处理条例第三十三条: 医调委自受理之日起30个工作日内完成调解).
 */
export const DEFAULT_DEADLINE_RULES: readonly DeadlineRule[] = [
  { category: '*', level: '*', responseWorkingDays: 1, resolveWorkingDays: 15 },
  { category: '*', level: 'community', resolveWorkingDays: 5 },
  { category: '*', level: 'town', resolveWorkingDays: 10 },
  { category: '*', level: 'district', resolveWorkingDays: 15 },
  { category: 'medical', level: '*', resolveWorkingDays: 30 }
];

// Used only when no rule at all sets a field, so a bad rule set never leaves a case without deadlines.
const FALLBACK = { responseWorkingDays: 1, resolveWorkingDays: 15 };

export interface DeadlineTerms {
  responseHours?: number;
  responseWorkingDays?: number;
  resolveWorkingDays: number;
}

export interface Deadlines {
  responseDueAt: Date;
  resolveDueAt: Date;
  terms: DeadlineTerms; // what was applied, for display ("5个工作日内办结")
}

function specificity(r: DeadlineRule): number {
  return (r.category === '*' ? 0 : 2) + (r.level === '*' ? 0 : 1);
}

/** The terms that apply to a category at a level. */
export function termsFor(category: string, level: Level, rules: readonly DeadlineRule[]): DeadlineTerms {
  let resp: DeadlineRule | undefined;
  let resolve: DeadlineRule | undefined;
  for (const r of rules) {
    if ((r.category !== '*' && r.category !== category) || (r.level !== '*' && r.level !== level)) continue;
    const s = specificity(r);
    if ((r.responseHours !== undefined || r.responseWorkingDays !== undefined) && (!resp || s >= specificity(resp)))
      resp = r;
    if (r.resolveWorkingDays !== undefined && (!resolve || s >= specificity(resolve))) resolve = r;
  }
  const terms: DeadlineTerms = { resolveWorkingDays: resolve?.resolveWorkingDays ?? FALLBACK.resolveWorkingDays };
  if (resp?.responseHours !== undefined) terms.responseHours = resp.responseHours;
  else terms.responseWorkingDays = resp?.responseWorkingDays ?? FALLBACK.responseWorkingDays;
  return terms;
}

/**
 * Deadlines for a case that reaches a unit at `at` (filing, transfer, escalation); the caller
 * recomputes resolveDueAt at acceptance (期限自受理之日起算). Working days end at 24:00 Shanghai
 * of the N-th working day after `at`'s date (see calendar.ts).
 */
export function computeDeadlines(
  input: { category: string; level: Level; at: Date },
  rules: readonly DeadlineRule[],
  cal: Calendar
): Deadlines {
  const terms = termsFor(input.category, input.level, rules);
  const responseDueAt =
    terms.responseHours !== undefined
      ? addWorkingHours(input.at, terms.responseHours, cal)
      : addWorkingDays(input.at, terms.responseWorkingDays ?? FALLBACK.responseWorkingDays, cal);
  return { responseDueAt, resolveDueAt: addWorkingDays(input.at, terms.resolveWorkingDays, cal), terms };
}

/** Why a rule is unusable (for the admin editor), or null when it is fine. */
export function deadlineRuleProblem(r: DeadlineRule): string | null {
  if (typeof r.category !== 'string' || r.category === '') return '类别不能为空';
  if (r.level !== '*' && LEVELS.indexOf(r.level) < 0) return '层级不正确';
  const days = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 0 && n <= 365);
  if (!days(r.responseWorkingDays) || !days(r.resolveWorkingDays)) return '工作日数应为0到365之间的整数';
  if (
    r.responseHours !== undefined &&
    !(Number.isFinite(r.responseHours) && r.responseHours > 0 && r.responseHours <= 24 * 60)
  )
    return '回复时限（小时）应大于0';
  if (r.responseHours === undefined && r.responseWorkingDays === undefined && r.resolveWorkingDays === undefined)
    return '至少设置一项时限';
  return null;
}
