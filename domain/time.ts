// Shanghai civil time with a fixed +08:00 offset: China has had no DST since 1991, and cloud
// functions run in UTC, so never use the host's local-time getters for dates.

/** UTC+8, all year. */
export const SHANGHAI_OFFSET_MS = 8 * 3600000;
export const DAY_MS = 24 * 3600000;
export const MINUTE_MS = 60000;

/** Day number (days since 1970-01-01 in Shanghai) of an instant. */
export function shanghaiDay(at: Date): number {
  return Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** Milliseconds elapsed since Shanghai midnight of the instant's day. */
export function shanghaiMsOfDay(at: Date): number {
  const t = at.getTime() + SHANGHAI_OFFSET_MS;
  return t - Math.floor(t / DAY_MS) * DAY_MS;
}

/** The instant at `msOfDay` after Shanghai midnight of day number `day`. */
export function shanghaiInstant(day: number, msOfDay = 0): Date {
  return new Date(day * DAY_MS + msOfDay - SHANGHAI_OFFSET_MS);
}

/** 'YYYY-MM-DD' of a Shanghai day number. */
export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Shanghai day number of 'YYYY-MM-DD', or null when it is not a real calendar date. */
export function isoToDay(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = t / DAY_MS;
  return dayToIso(day) === iso ? day : null;
}

/** True for a real 'YYYY-MM-DD' date (validate admin input with this). */
export function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && isoToDay(s) !== null;
}

/** 'YYYY-MM-DD' of an instant in Shanghai. */
export function shanghaiIsoDate(at: Date): string {
  return dayToIso(shanghaiDay(at));
}

/** Weekday of a Shanghai day number, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}
