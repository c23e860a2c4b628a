// The workbench's search and counts: a 诉求编号 finds its case exactly; other text matches the
// description (a scan of the caller's scope, bounded by the page size).
import { FOLLOW_UP_DAYS } from '../domain/duties';
import { DAY_MS } from '../domain/time';
import { COLLECTIONS } from './collections';
import { database, settle } from './cloud';

const CODE = /^[A-Za-z]{3}-\d{8}-\d{4}$/;
/** Later than any due time: "has a unit duty due at all" (dueAt is null while paused or when nothing is owed). */
export const NEVER = new Date(8.64e15);

/** 待办 holds open cases only: a resolved one's unit duty (回访) waits for the reporter's rating window. */
export function openCondition(): Record<string, unknown> {
  return { status: database().command.in(['submitted', 'accepted']) };
}

/**
 * 回访 is owed once the rating window passed: the follow-up falls due FOLLOW_UP_DAYS after it
 * (duties.ts), so the resolved cases due before now + FOLLOW_UP_DAYS.
 */
export function followUpDueBefore(now: Date): Date {
  return new Date(now.getTime() + FOLLOW_UP_DAYS * DAY_MS);
}

/** The query condition of a search text. */
export function searchCondition(text: string): Record<string, unknown> {
  const q = text.trim();
  if (CODE.test(q)) return { code: q.toUpperCase() };
  const escaped = q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { description: database().RegExp({ regexp: escaped, options: 'i' }) };
}

/** How many cases each workbench tab holds in the scope of `unitId` (four count requests at once). */
export async function queueCounts(
  unitId: string,
  now: Date
): Promise<{ todo: number; overdue: number; submitted: number; accepted: number }> {
  const _ = database().command;
  const cases = database().collection(COLLECTIONS.cases);
  const count = (where: Record<string, unknown>): Promise<number> =>
    settle(cases.where({ scopeIds: unitId, ...where }).count()).then((r) => (r as { total: number }).total);
  const [todo, overdue, submitted, accepted] = await Promise.all([
    count({ ...openCondition(), dueAt: _.lt(NEVER) }),
    count({ dueAt: _.lt(now) }),
    count({ status: 'submitted' }),
    count({ status: 'accepted' })
  ]);
  return { todo, overdue, submitted, accepted };
}
