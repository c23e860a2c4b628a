// What the mediation function's hourly timer owes each open mediation: 督办 after a month, and
// reminders of sessions and agreed terms a day ahead. Pure, clock injected.
import { SUPERVISE_AFTER_MS, type MediationRecord } from './mediation';

/** An open mediation older than a month is 督办'd once. */
export function needsSupervision(m: MediationRecord, now: Date): boolean {
  return (
    (m.stage === 'inviting' || m.stage === 'choosing' || m.stage === 'mediating') &&
    !m.supervisedAt &&
    now.getTime() - m.openedAt.getTime() >= SUPERVISE_AFTER_MS
  );
}

/** How far ahead the hourly timer reminds of a session or a term's due date: a day, so one pass always catches it. */
export const REMIND_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * Reminders the hourly timer owes the parties: each session starting within a day, and each unperformed
 * term of an effective agreement due within a day. A key per reminder (kept in `reminded`) sends each once.
 */
export function dueReminders(
  m: Pick<MediationRecord, 'stage' | 'sessions' | 'draft' | 'performance'> & { reminded?: string[] },
  now: Date
): Array<{ key: string; note: string; at: Date }> {
  const sent = new Set(m.reminded ?? []);
  const soon = (at: Date) => at.getTime() > now.getTime() && at.getTime() - now.getTime() <= REMIND_AHEAD_MS;
  const out: Array<{ key: string; note: string; at: Date }> = [];
  if (m.stage === 'ended') return out;
  m.sessions.forEach((s, i) => {
    if (soon(s.at))
      out.push({ key: `session:${i}`, note: s.video ? '明日视频调解' : `调解提醒：${s.place}`, at: s.at });
  });
  if (m.stage === 'effective' && m.draft)
    m.draft.terms.forEach((t, i) => {
      if (m.performance[i]?.done !== true && soon(t.by))
        out.push({ key: `term:${i}`, note: `协议履行提醒：${t.what}`, at: t.by });
    });
  return out.filter((r) => !sent.has(r.key));
}
