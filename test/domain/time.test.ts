import {
  dayToIso,
  isIsoDate,
  isoToDay,
  shanghaiDay,
  shanghaiInstant,
  shanghaiIsoDate,
  shanghaiMsOfDay,
  weekdayOf
} from '../../domain/time';

describe('Shanghai time helpers', () => {
  it('puts 16:00 UTC on the next Shanghai day', () => {
    expect(shanghaiIsoDate(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(shanghaiIsoDate(new Date('2026-09-30T16:00:00.000Z'))).toBe('2026-10-01');
  });

  it('round-trips day numbers and wall times', () => {
    const day = isoToDay('2026-10-01')!;
    expect(dayToIso(day)).toBe('2026-10-01');
    expect(shanghaiInstant(day, 9 * 3600000).toISOString()).toBe('2026-10-01T01:00:00.000Z');
    const t = new Date('2026-10-01T10:30:00+08:00');
    expect(shanghaiDay(t)).toBe(day);
    expect(shanghaiMsOfDay(t)).toBe(10.5 * 3600000);
  });

  it('rejects impossible dates', () => {
    expect(isoToDay('2026-02-29')).toBeNull();
    expect(isoToDay('2026-13-01')).toBeNull();
    expect(isoToDay('2026-1-01')).toBeNull();
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate(20260101)).toBe(false);
  });

  it('knows weekdays, including before 1970', () => {
    expect(weekdayOf(isoToDay('2026-10-01')!)).toBe(4); // Thursday
    expect(weekdayOf(isoToDay('2026-10-10')!)).toBe(6); // Saturday
    expect(weekdayOf(isoToDay('1969-12-31')!)).toBe(3); // Wednesday
  });
});
