// Days as a person in Dadukou reads them: Asia/Shanghai whatever the phone's time zone.
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** An instant → `2026年12月5日` (with the year) or `12月5日`, in Asia/Shanghai. */
export function shanghaiDate(at: string | Date, withYear = true): string {
  const d = new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS);
  const md = `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  return withYear ? `${d.getUTCFullYear()}年${md}` : md;
}
