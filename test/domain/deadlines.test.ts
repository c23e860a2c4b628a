import {
  computeDeadlines,
  DEFAULT_DEADLINE_RULES,
  deadlineRuleProblem,
  termsFor,
  type DeadlineRule
} from '../../domain/deadlines';
import { calendar as cal, eod, sh } from './fixtures';

describe('termsFor', () => {
  it('uses the defaults: 1 working day to respond, 5/10/15 to resolve by level', () => {
    expect(termsFor('neighbor', 'community', DEFAULT_DEADLINE_RULES)).toEqual({
      responseWorkingDays: 1,
      resolveWorkingDays: 5
    });
    expect(termsFor('neighbor', 'town', DEFAULT_DEADLINE_RULES)).toEqual({
      responseWorkingDays: 1,
      resolveWorkingDays: 10
    });
    expect(termsFor('neighbor', 'district', DEFAULT_DEADLINE_RULES)).toEqual({
      responseWorkingDays: 1,
      resolveWorkingDays: 15
    });
    expect(termsFor('medical', 'district', DEFAULT_DEADLINE_RULES)).toEqual({
      responseWorkingDays: 1,
      resolveWorkingDays: 30
    });
  });

  it('takes each field from the most specific rule that sets it', () => {
    const rules: DeadlineRule[] = [
      ...DEFAULT_DEADLINE_RULES,
      { category: 'labor', level: 'town', resolveWorkingDays: 12 },
      { category: 'labor', level: '*', responseHours: 4, resolveWorkingDays: 20 },
      { category: '*', level: 'town', responseWorkingDays: 2 }
    ];
    expect(termsFor('labor', 'town', rules)).toEqual({ responseHours: 4, resolveWorkingDays: 12 });
    expect(termsFor('labor', 'community', rules)).toEqual({ responseHours: 4, resolveWorkingDays: 20 });
    expect(termsFor('neighbor', 'town', rules)).toEqual({ responseWorkingDays: 2, resolveWorkingDays: 10 });
  });

  it('lets a later rule of equal specificity win', () => {
    const rules: DeadlineRule[] = [
      ...DEFAULT_DEADLINE_RULES,
      { category: '*', level: 'community', resolveWorkingDays: 7 }
    ];
    expect(termsFor('neighbor', 'community', rules).resolveWorkingDays).toBe(7);
  });

  it('never leaves a case without deadlines', () => {
    expect(termsFor('neighbor', 'town', [])).toEqual({ responseWorkingDays: 1, resolveWorkingDays: 15 });
  });
});

describe('computeDeadlines', () => {
  it('counts working days from the day after arrival, ending at 24:00 Shanghai', () => {
    const d = computeDeadlines(
      { category: 'neighbor', level: 'community', at: sh('2026-09-29 15:00') },
      DEFAULT_DEADLINE_RULES,
      cal
    );
    expect(d.responseDueAt).toEqual(eod('2026-09-30'));
    expect(d.resolveDueAt).toEqual(eod('2026-10-12')); // 09-30, 10-08, 10-09, 10-10 (Sat, make-up), 10-12
    expect(d.terms).toEqual({ responseWorkingDays: 1, resolveWorkingDays: 5 });
  });

  it('supports response limits in working hours', () => {
    const rules: DeadlineRule[] = [...DEFAULT_DEADLINE_RULES, { category: 'labor', level: '*', responseHours: 4 }];
    const d = computeDeadlines({ category: 'labor', level: 'town', at: sh('2026-03-06 22:00') }, rules, cal);
    expect(d.responseDueAt).toEqual(sh('2026-03-09 02:00'));
    expect(d.resolveDueAt).toEqual(eod('2026-03-20'));
  });
});

describe('deadlineRuleProblem', () => {
  it.each([
    [{ category: '*', level: '*', resolveWorkingDays: 5 }, null],
    [{ category: 'medical', level: 'district', responseHours: 2 }, null],
    [{ category: '', level: '*', resolveWorkingDays: 5 }, '类别不能为空'],
    [{ category: '*', level: 'city', resolveWorkingDays: 5 }, '层级不正确'],
    [{ category: '*', level: '*', resolveWorkingDays: 2.5 }, '工作日数应为0到365之间的整数'],
    [{ category: '*', level: '*', responseWorkingDays: -1 }, '工作日数应为0到365之间的整数'],
    [{ category: '*', level: '*', responseHours: 0 }, '回复时限（小时）应大于0'],
    [{ category: '*', level: '*' }, '至少设置一项时限']
  ])('%j → %s', (rule, problem) => {
    expect(deadlineRuleProblem(rule as DeadlineRule)).toBe(problem);
  });
});
