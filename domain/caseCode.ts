// Human case numbers DDK-YYYYMMDD-NNNN: the Shanghai date of filing and a per-day sequence, handed out
// from blocks reserved on the day's counter document (keyed by caseDayKey; server/repos/cases.ts).
import { shanghaiDay, dayToIso, isoToDay } from './time';

const CODE_RE = /^DDK-(\d{4})(\d{2})(\d{2})-(\d{4})$/;
/** The format has four digits: at most 9999 cases a day. */
export const MAX_DAILY_SEQ = 9999;

/** 'YYYYMMDD' Shanghai date of an instant: the id of that day's counter. */
export function caseDayKey(at: Date): string {
  return dayToIso(shanghaiDay(at)).replace(/-/g, '');
}

/** Formats DDK-YYYYMMDD-NNNN; throws RangeError unless 1 ≤ seq ≤ 9999. */
export function formatCaseCode(at: Date, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_DAILY_SEQ)
    throw new RangeError(`case sequence out of range: ${seq}`);
  return `DDK-${caseDayKey(at)}-${String(seq).padStart(4, '0')}`;
}

/** Parses a case number (case-insensitive, trimmed), or null if malformed or not a real date. */
export function parseCaseCode(code: string): { date: string; seq: number } | null {
  const m = CODE_RE.exec(code.trim().toUpperCase());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const seq = Number(m[4]);
  if (isoToDay(date) === null || seq < 1) return null;
  return { date, seq };
}
