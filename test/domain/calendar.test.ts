import fc from 'fast-check';
import {
  addWorkingDays,
  addWorkingHours,
  addWorkingMs,
  extendByPause,
  hasHolidayData,
  isWorkday,
  isYearConfigured,
  makeCalendar,
  workingDaysBetween,
  workingMsBetween
} from '../../domain/calendar';
import { calendar as cal, calendarWith, eod, sh } from './fixtures';

const H = 3600000;

describe('isWorkday (chinese-days + overrides)', () => {
  it.each([
    ['2026-03-06', true], // Friday
    ['2026-03-07', false], // Saturday
    ['2026-03-08', false], // Sunday
    ['2026-02-14', true], // Saturday, Spring Festival make-up workday
    ['2026-02-16', false], // Spring Festival
    ['2026-02-23', false], // Monday, last Spring Festival day
    ['2026-02-24', true],
    ['2026-02-28', true], // Saturday, make-up workday
    ['2026-09-20', true], // Sunday, National Day make-up workday
    ['2026-09-25', false], // Friday, Mid-autumn
    ['2026-09-27', false], // Sunday, Mid-autumn (not a make-up day)
    ['2026-10-01', false],
    ['2026-10-07', false], // Wednesday, National Day
    ['2026-10-08', true],
    ['2026-10-10', true], // Saturday, make-up workday
    ['2027-01-01', true] // chinese-days 1.5.7 has no 2027 data: a plain Friday
  ])('%s → %s', (date, expected) => {
    expect(isWorkday(date, cal)).toBe(expected);
  });

  it('reads a Date by its Shanghai date, not UTC', () => {
    expect(isWorkday(new Date('2026-10-07T16:30:00Z'), cal)).toBe(true); // 10-08 00:30 in Shanghai
    expect(isWorkday(new Date('2026-10-07T15:30:00Z'), cal)).toBe(false); // 10-07 23:30
  });

  it('applies admin overrides, later entries winning', () => {
    const c = calendarWith([
      { date: '2027-01-01', workday: false, note: '元旦' },
      { date: '2026-10-10', workday: true },
      { date: '2026-10-10', workday: false }
    ]);
    expect(isWorkday('2027-01-01', c)).toBe(false);
    expect(isWorkday('2026-10-10', c)).toBe(false);
    expect(isWorkday('2026-10-09', c)).toBe(true);
  });

  it('refuses malformed dates', () => {
    expect(() => makeCalendar([{ date: '2027-1-1', workday: false }])).toThrow(RangeError);
    expect(() => makeCalendar([{ date: '2027-02-30', workday: false }])).toThrow(RangeError);
    expect(() => isWorkday('tomorrow', cal)).toThrow(RangeError);
  });

  it('says which years lack holiday data', () => {
    expect(hasHolidayData(2026)).toBe(true);
    expect(hasHolidayData(2004)).toBe(true);
    expect(hasHolidayData(2027)).toBe(false);
    expect(isYearConfigured(2027, cal)).toBe(false);
    expect(isYearConfigured(2027, calendarWith([{ date: '2027-01-01', workday: false }]))).toBe(true);
  });
});

describe('addWorkingDays: end of the N-th working day after the start date', () => {
  it.each([
    // [start (Shanghai wall time), days, due date]
    ['2026-03-09 10:00', 1, '2026-03-10'], // Monday → Tuesday
    ['2026-03-09 23:59', 1, '2026-03-10'],
    ['2026-03-09 10:00', 5, '2026-03-16'],
    ['2026-03-06 17:00', 1, '2026-03-09'], // Friday → Monday
    ['2026-03-07 10:00', 1, '2026-03-09'], // Saturday counts from Monday: same as Friday
    ['2026-03-08 22:00', 1, '2026-03-09'], // Sunday
    ['2026-03-07 10:00', 0, '2026-03-09'], // 0 days on a rest day: the next working day
    ['2026-03-09 10:00', 0, '2026-03-09'],
    // Spring Festival 2026: 02-14 (Sat) make-up, 02-15..23 off, 02-28 (Sat) make-up
    ['2026-02-13 16:00', 1, '2026-02-14'],
    ['2026-02-13 16:00', 2, '2026-02-24'],
    ['2026-02-16 09:00', 1, '2026-02-24'],
    ['2026-02-24 09:00', 4, '2026-02-28'],
    ['2026-02-24 09:00', 5, '2026-03-02'],
    // Mid-autumn 09-25..27 and National Day 10-01..07; 09-20 (Sun) and 10-10 (Sat) make-up
    ['2026-09-18 10:00', 1, '2026-09-20'],
    ['2026-09-24 10:00', 1, '2026-09-28'],
    ['2026-09-30 10:00', 1, '2026-10-08'],
    ['2026-09-30 10:00', 3, '2026-10-10'],
    ['2026-09-30 10:00', 4, '2026-10-12'],
    ['2026-10-03 10:00', 1, '2026-10-08'],
    ['2026-09-28 10:00', 15, '2026-10-23'],
    // 2027 without data: 01-01 counts as a workday
    ['2026-12-31 10:00', 1, '2027-01-01']
  ])('%s + %i → end of %s', (start, days, due) => {
    expect(addWorkingDays(sh(start), days, cal)).toEqual(eod(due));
  });

  it('skips 2027-01-01 once an admin marks it a holiday', () => {
    const c = calendarWith([{ date: '2027-01-01', workday: false }]);
    expect(addWorkingDays(sh('2026-12-31 10:00'), 1, c)).toEqual(eod('2027-01-04'));
    expect(workingDaysBetween(sh('2026-12-31 10:00'), sh('2027-01-04 09:00'), c)).toBe(1);
  });

  it('is computed in Shanghai whatever the UTC date', () => {
    // 2026-10-07T16:30Z is 10-08 00:30 in Shanghai (a Thursday, working).
    expect(addWorkingDays(new Date('2026-10-07T16:30:00Z'), 1, cal)).toEqual(new Date('2026-10-09T15:59:59.999Z'));
  });

  it('refuses negative or fractional days', () => {
    expect(() => addWorkingDays(sh('2026-03-09'), -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays(sh('2026-03-09'), 1.5, cal)).toThrow(RangeError);
  });

  it('gives up instead of looping forever when nothing is a working day', () => {
    const never = makeCalendar([], () => false);
    expect(() => addWorkingDays(sh('2026-03-09'), 1, never)).toThrow(/overrides/);
  });

  it('is the inverse of workingDaysBetween (property)', () => {
    const start = Date.parse('2024-01-01T00:00:00+08:00');
    const span = 3 * 365 * 24 * H;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: 40 }), (offset, n) => {
        const t = new Date(start + offset);
        const due = addWorkingDays(t, n, cal);
        expect(isWorkday(due, cal)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(t.getTime());
        if (n > 0) expect(workingDaysBetween(t, due, cal)).toBe(n);
        expect(workingDaysBetween(due, t, cal) + workingDaysBetween(t, due, cal)).toBe(0);
      })
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the first date up to the second', () => {
    expect(workingDaysBetween(sh('2026-09-30 10:00'), sh('2026-10-12 08:00'), cal)).toBe(4);
    expect(workingDaysBetween(sh('2026-10-12 08:00'), sh('2026-09-30 10:00'), cal)).toBe(-4);
    expect(workingDaysBetween(sh('2026-10-08 08:00'), sh('2026-10-08 20:00'), cal)).toBe(0);
    expect(workingDaysBetween(sh('2026-02-13 08:00'), sh('2026-02-24 08:00'), cal)).toBe(2);
  });
});

describe('working time (clock runs 24 h on working days, stops on rest days)', () => {
  it('adds hours across a weekend', () => {
    expect(addWorkingHours(sh('2026-03-06 20:00'), 24, cal)).toEqual(sh('2026-03-09 20:00'));
    expect(addWorkingHours(sh('2026-03-07 10:00'), 24, cal)).toEqual(sh('2026-03-10 00:00'));
    expect(addWorkingHours(sh('2026-03-09 10:00'), 2, cal)).toEqual(sh('2026-03-09 12:00'));
    expect(addWorkingMs(sh('2026-03-07 10:00'), 0, cal)).toEqual(sh('2026-03-07 10:00'));
  });

  it('measures working time in an interval', () => {
    expect(workingMsBetween(sh('2026-03-05 10:00'), sh('2026-03-09 10:00'), cal)).toBe(48 * H);
    expect(workingMsBetween(sh('2026-03-07 01:00'), sh('2026-03-08 23:00'), cal)).toBe(0);
    expect(workingMsBetween(sh('2026-03-09 10:00'), sh('2026-03-09 12:30'), cal)).toBe(2.5 * H);
    expect(workingMsBetween(sh('2026-03-09 12:30'), sh('2026-03-09 10:00'), cal)).toBe(-2.5 * H);
    expect(workingMsBetween(sh('2026-09-30 00:00'), sh('2026-10-09 00:00'), cal)).toBe(2 * 24 * H);
  });

  it('addWorkingMs and workingMsBetween are inverse (property)', () => {
    const start = Date.parse('2026-01-01T00:00:00+08:00');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 24 * H }), fc.integer({ min: 1, max: 30 * 24 * H }), (offset, ms) => {
        const t = new Date(start + offset);
        const end = addWorkingMs(t, ms, cal);
        expect(workingMsBetween(t, end, cal)).toBe(ms);
      })
    );
  });
});

describe('extendByPause', () => {
  it('pushes a deadline back by the working time of the pause, not its calendar length', () => {
    // Due end of Friday 03-13; paused Thu 10:00 → Mon 10:00 = 48 working hours = 2 working days.
    const due = eod('2026-03-13');
    expect(extendByPause(due, sh('2026-03-12 10:00'), sh('2026-03-16 10:00'), cal)).toEqual(eod('2026-03-17'));
  });

  it('does nothing for a pause inside a weekend or an empty pause', () => {
    const due = eod('2026-03-13');
    expect(extendByPause(due, sh('2026-03-07 09:00'), sh('2026-03-08 18:00'), cal)).toBe(due);
    expect(extendByPause(due, sh('2026-03-09 09:00'), sh('2026-03-09 09:00'), cal)).toBe(due);
  });

  it('spans the National Day holiday by working time only', () => {
    // Paused 09-30 12:00 → 10-09 12:00: 12 h + 10-08 + 12 h = 48 working hours.
    expect(extendByPause(eod('2026-10-12'), sh('2026-09-30 12:00'), sh('2026-10-09 12:00'), cal)).toEqual(
      eod('2026-10-14')
    );
  });
});
