// Pure helpers for showing times: no `wx`, so tests can import them.

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** ISO time → `2026-11-27 09:05` in Asia/Shanghai (China keeps no daylight saving), '' if empty or invalid. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** ISO time → `20261127` in Asia/Shanghai, for storage paths. */
export function shanghaiDay(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** 'YYYY-MM' of the Shanghai month containing ms. */
export function shanghaiMonth(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** A fresh request id (matches the server's /^[A-Za-z0-9_-]{8,64}$/), made once per form. */
export function newRequestId(now = Date.now(), random: () => number = Math.random): string {
  let tail = '';
  for (let i = 0; i < 4; i++)
    tail += Math.floor(random() * 36 ** 4)
      .toString(36)
      .padStart(4, '0');
  return `r${now.toString(36)}${tail}`;
}
