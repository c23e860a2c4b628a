// Reply duties of a case: 谁登记谁回复 (first response by the registering unit), 谁受理谁回复
// (a reply at acceptance and at resolution by the handling unit), the resident's rating window,
// and the staff visit (回访) owed when the resident does not rate.
import { RATING_WINDOW_MS, type CaseRecord } from './case';
import { ratesByCall, type Channel } from './channel';
import type { DutyKind } from './enums';
import { DAY_MS } from './time';

/** Natural days staff have for the visit once the rating window has passed (our default). */
export const FOLLOW_UP_DAYS = 3;

export interface Duty {
  kind: DutyKind;
  owner: 'unit' | 'reporter';
  unitId: string | null; // null when the reporter owes it
  dueAt: Date;
  doneAt: Date | null;
  overdue: boolean; // not done and past due now
  late: boolean; // done, but after dueAt
}

export type DutyCase = Pick<
  CaseRecord,
  | 'status'
  | 'unitId'
  | 'registeredUnitId'
  | 'firstResponseDueAt'
  | 'responseDueAt'
  | 'resolveDueAt'
  | 'firstReplyAt'
  | 'acceptedAt'
  | 'resolvedAt'
  | 'ratedAt'
  | 'ratedBy'
> & { pausedAt?: Date | null; channel?: Channel | null; withdrawnAt?: Date | null };

function makeDuty(
  kind: DutyKind,
  unitId: string | null,
  dueAt: Date,
  doneAt: Date | null,
  now: Date,
  paused: boolean
): Duty {
  return {
    kind,
    owner: unitId === null ? 'reporter' : 'unit',
    unitId,
    dueAt,
    doneAt,
    overdue: !paused && doneAt === null && now.getTime() > dueAt.getTime(),
    late: doneAt !== null && doneAt.getTime() > dueAt.getTime()
  };
}

/** The case's current duties (this round, this unit), in the order they arise. */
export function listDuties(c: DutyCase, now: Date): Duty[] {
  // While paused (挂起) the clock stops: nothing falls overdue; resuming pushes the due times back.
  const paused = !!c.pausedAt;
  const duty = (kind: DutyKind, unitId: string | null, dueAt: Date, doneAt: Date | null, at: Date) =>
    makeDuty(kind, unitId, dueAt, doneAt, at, paused && unitId !== null);
  const out = [duty('firstResponse', c.registeredUnitId, c.firstResponseDueAt, c.firstReplyAt, now)];
  if (c.status === 'rejected') return out; // the refusal was the reply
  if (c.withdrawnAt) return c.firstReplyAt ? out : []; // withdrawn by the reporter: nothing more is owed
  out.push(duty('acceptReply', c.unitId, c.responseDueAt, c.acceptedAt, now));
  if (c.acceptedAt) out.push(duty('resolveReply', c.unitId, c.resolveDueAt, c.resolvedAt, now));
  if (c.resolvedAt && ratesByCall(c)) {
    // Filed outside the mini-program: no rating in the app; the handling unit calls back (回访).
    const due = new Date(c.resolvedAt.getTime() + FOLLOW_UP_DAYS * DAY_MS);
    out.push(duty('followUp', c.unitId, due, c.ratedBy === 'followUp' ? c.ratedAt : null, now));
  } else if (c.resolvedAt) {
    const rateDue = new Date(c.resolvedAt.getTime() + RATING_WINDOW_MS);
    const residentRated = c.ratedBy === 'resident' ? c.ratedAt : null;
    out.push(duty('rate', null, rateDue, residentRated, now));
    const visited = c.ratedBy === 'followUp';
    if (visited || (c.ratedAt === null && now.getTime() > rateDue.getTime())) {
      const due = new Date(rateDue.getTime() + FOLLOW_UP_DAYS * DAY_MS);
      out.push(duty('followUp', c.unitId, due, visited ? c.ratedAt : null, now));
    }
  }
  return out;
}

export interface OverdueFlags {
  firstResponse: boolean;
  accept: boolean;
  resolve: boolean;
  followUp: boolean;
  any: boolean; // any unit duty overdue now (the resident's rating never counts)
}

/** Which unit duties are overdue now, for case detail and queue badges. */
export function overdueFlags(c: DutyCase, now: Date): OverdueFlags {
  const f = { firstResponse: false, accept: false, resolve: false, followUp: false, any: false };
  for (const d of listDuties(c, now)) {
    if (!d.overdue || d.owner !== 'unit') continue;
    if (d.kind === 'firstResponse') f.firstResponse = true;
    else if (d.kind === 'acceptReply') f.accept = true;
    else if (d.kind === 'resolveReply') f.resolve = true;
    else if (d.kind === 'followUp') f.followUp = true;
    f.any = true;
  }
  return f;
}

/** The earliest due date among open unit duties (queue sort key), or null. */
export function nextDueAt(c: DutyCase, now: Date): Date | null {
  let best: Date | null = null;
  for (const d of listDuties(c, now)) {
    if (d.owner === 'unit' && d.doneAt === null && (!best || d.dueAt.getTime() < best.getTime())) best = d.dueAt;
  }
  return best;
}
