// Assessment periods (考核): whole Shanghai days, as a query asks for them and as they are counted.
import { dayToIso, isoToDay } from './time';

/** Longest period a query may ask for (a leap year). */
export const MAX_PERIOD_DAYS = 366;

/** A period of whole Shanghai days, both ends included. */
export interface Period {
  fromDay: number;
  toDay: number;
}

export type PeriodProblem = 'PERIOD_INVALID' | 'PERIOD_TOO_LONG';

/** Parses 'YYYY-MM-DD' bounds: a problem code for a non-date, from after to, or over 366 days. */
export function parsePeriod(from: string, to: string): Period | PeriodProblem {
  const fromDay = isoToDay(from);
  const toDay = isoToDay(to);
  if (fromDay === null || toDay === null || fromDay > toDay) return 'PERIOD_INVALID';
  if (toDay - fromDay + 1 > MAX_PERIOD_DAYS) return 'PERIOD_TOO_LONG';
  return { fromDay, toDay };
}

/** The counted part of a period: deadlines after today have not fallen yet, so days after `today` are left out. */
export function clampPeriod(p: Period, today: number): Period | null {
  const toDay = Math.min(p.toDay, today);
  return toDay < p.fromDay ? null : { fromDay: p.fromDay, toDay };
}

/** Month number 202611 of a day number. */
export function monthOf(day: number): number {
  const iso = dayToIso(day);
  return Number(iso.slice(0, 4)) * 100 + Number(iso.slice(5, 7));
}

/** Shanghai calendar year of a day number. */
export function yearOf(day: number): number {
  return Number(dayToIso(day).slice(0, 4));
}
