// Working-day arithmetic in Asia/Shanghai. Holidays and make-up workdays come from `chinese-days`;
// admins add overrides for what it lacks (1.5.7 has no 2027 data) or gets wrong.
//
// Deadline semantics (民法典 第二百零一条、第二百零三条): the day an event happens is not counted;
// N working days after instant T end at 24:00 (stored as 23:59:59.999 +08:00) of the N-th working
// day after T's Shanghai date. A filing on a rest day therefore starts counting on the next working
// day: Saturday + 1 working day = end of Monday, as is Friday 17:00 + 1.
import cnDays from 'chinese-days/dist/chinese-days.json';
import { dayToIso, DAY_MS, isoToDay, shanghaiDay, shanghaiInstant, shanghaiMsOfDay, weekdayOf } from './time';

/** An admin's correction of one date, kept in the database. */
export interface CalendarOverride {
  date: string; // 'YYYY-MM-DD', Shanghai
  workday: boolean;
  note?: string;
}

/** Answers "is this Shanghai day number a working day?"; build it with makeCalendar. */
export interface Calendar {
  workday(day: number): boolean;
  readonly overrides: ReadonlyMap<number, boolean>;
}

// Ends a forward search even if overrides mark every day as a rest day.
const MAX_SCAN_DAYS = 3660;
const END_OF_DAY_MS = DAY_MS - 1;

// The library's published data ('YYYY-MM-DD' → name), read directly: its functions build their
// tables with local-time getters and are wrong on hosts west of UTC. A test checks both agree.
const CN = cnDays as unknown as { holidays: Record<string, string>; workdays: Record<string, string> };

/** Whether chinese-days (no overrides) calls a Shanghai day number a working day. */
export function chineseDaysWorkday(day: number): boolean {
  const iso = dayToIso(day);
  if (CN.workdays[iso] !== undefined) return true; // make-up workday (调休上班)
  const wd = weekdayOf(day);
  return wd >= 1 && wd <= 5 && CN.holidays[iso] === undefined;
}

/** Builds a calendar from admin overrides (later entries win); throws RangeError on a bad date. */
export function makeCalendar(
  overrides: readonly CalendarOverride[] = [],
  base: (day: number) => boolean = chineseDaysWorkday
): Calendar {
  const map = new Map<number, boolean>();
  for (const o of overrides) {
    const day = isoToDay(o.date);
    if (day === null) throw new RangeError(`calendar override has an invalid date: ${String(o.date)}`);
    map.set(day, o.workday === true);
  }
  return {
    overrides: map,
    workday: (day) => {
      const o = map.get(day);
      return o === undefined ? base(day) : o;
    }
  };
}

/** Whether a Date (its Shanghai date) or a 'YYYY-MM-DD' string is a working day. */
export function isWorkday(date: Date | string, cal: Calendar): boolean {
  if (typeof date === 'string') {
    const day = isoToDay(date);
    if (day === null) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
    return cal.workday(day);
  }
  return cal.workday(shanghaiDay(date));
}

/** Day number of the first working day strictly after `day`. */
export function nextWorkdayAfter(day: number, cal: Calendar): number {
  for (let d = day + 1; d <= day + MAX_SCAN_DAYS; d++) if (cal.workday(d)) return d;
  throw new RangeError('no working day within ten years: check calendar overrides');
}

/** End (23:59:59.999 Shanghai) of the N-th working day after start's date; N = 0: that day, or the next working day. */
export function addWorkingDays(start: Date, days: number, cal: Calendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${days}`);
  let day = shanghaiDay(start);
  if (days === 0 && !cal.workday(day)) day = nextWorkdayAfter(day, cal);
  for (let i = 0; i < days; i++) day = nextWorkdayAfter(day, cal);
  return shanghaiInstant(day, END_OF_DAY_MS);
}

/** Working days d with date(from) < d ≤ date(to); negative when `to` is earlier (inverse of addWorkingDays). */
export function workingDaysBetween(from: Date, to: Date, cal: Calendar): number {
  const a = shanghaiDay(from);
  const b = shanghaiDay(to);
  if (b < a) return 0 - workingDaysBetween(to, from, cal); // 0 - x: never -0
  let n = 0;
  for (let d = a + 1; d <= b; d++) if (cal.workday(d)) n++;
  return n;
}

/** Milliseconds of [from, to) that fall on working days (whole 24 h of each); negative when reversed. */
export function workingMsBetween(from: Date, to: Date, cal: Calendar): number {
  if (to.getTime() < from.getTime()) return 0 - workingMsBetween(to, from, cal);
  const a = shanghaiDay(from);
  const b = shanghaiDay(to);
  if (a === b) return cal.workday(a) ? to.getTime() - from.getTime() : 0;
  let ms = cal.workday(a) ? DAY_MS - shanghaiMsOfDay(from) : 0;
  for (let d = a + 1; d < b; d++) if (cal.workday(d)) ms += DAY_MS;
  if (cal.workday(b)) ms += shanghaiMsOfDay(to);
  return ms;
}

/** The instant after running `ms` of working time from `start`; the clock stops on rest days. */
export function addWorkingMs(start: Date, ms: number, cal: Calendar): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`working time must be ≥ 0 ms: ${ms}`);
  if (ms === 0) return start;
  let day = shanghaiDay(start);
  let offset = shanghaiMsOfDay(start);
  let rest = ms;
  const limit = MAX_SCAN_DAYS + Math.ceil(ms / DAY_MS);
  for (let i = 0; i <= limit; i++, day++, offset = 0) {
    if (!cal.workday(day)) continue;
    const available = DAY_MS - offset;
    if (rest <= available) return shanghaiInstant(day, offset + rest);
    rest -= available;
  }
  throw new RangeError('no working day within ten years: check calendar overrides');
}

/** `hours` of working time after `start` (24 h per working day, rest days skipped). */
export function addWorkingHours(start: Date, hours: number, cal: Calendar): Date {
  return addWorkingMs(start, hours * 3600000, cal);
}

/** A deadline pushed back by the working time elapsed while the case was paused (waiting for the resident). */
export function extendByPause(due: Date, pausedFrom: Date, pausedTo: Date, cal: Calendar): Date {
  const paused = workingMsBetween(pausedFrom, pausedTo, cal);
  return paused > 0 ? addWorkingMs(due, paused, cal) : due;
}

const dataYears = new Set(Object.keys(CN.holidays).map((iso) => iso.slice(0, 4)));

/** Whether chinese-days has the official holidays of `year` (1.5.7: 2004–2026, not 2027). */
export function hasHolidayData(year: number): boolean {
  return dataYears.has(String(year));
}

/** Whether `year` has holiday data from the library or at least one admin override (warn admins otherwise). */
export function isYearConfigured(year: number, cal: Calendar): boolean {
  if (hasHolidayData(year)) return true;
  for (const day of cal.overrides.keys()) if (dayToIso(day).slice(0, 4) === String(year)) return true;
  return false;
}
