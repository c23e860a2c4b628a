import type { TimelineEntry } from '../domain/case';
import { accessIndex, mayReadCase } from '../domain/access';
import { decide, type AnyCaseAction } from '../domain/caseState';
import { nextDueAt } from '../domain/duties';
import { isOneOf } from '../domain/enums';
import { MAX_CASE_PHOTOS } from '../domain/residentActions';
import { deriveClock } from '../domain/supervision';
import { pendingWhistles } from '../domain/whistles';
import type { CaseDetail } from '../typings/cases';
import { toDetail } from './caseViews';
import { AppError, type ActionContext } from './function';
import { actorOf, readerOf, type Viewer } from './identity';
import { notifyReporter, notifyUnits } from './notify';
import { loadReference, type Reference } from './reference';
import { getCase, updateCaseIfVersion, type CaseDoc, type SweepDoc } from './repos/cases';
import { recordCaseChange } from './counters';
import { sendTaken } from './outbox';
import { enqueueCaseEvent } from './repos/partners';
import { postProactiveResolution } from './proactiveResolution';

// Two people acting on one case at once: re-read and decide again a few times, then give up cleanly.
const MAX_ATTEMPTS = 3;
// What a whistled department does on a case.
const DEPARTMENT_ACTIONS = ['checkIn', 'report', 'evaluateWhistle'] as const;

const FAR_FUTURE = new Date(8.64e15);

/** The earliest unit duty that can still fall due, whatever the time: what `dueAt` indexes (none while paused). */
function dueAtOf(c: Parameters<typeof nextDueAt>[0]): Date | null {
  return c.pausedAt ? null : nextDueAt(c, FAR_FUTURE);
}

/** The fields every stored case derives from the rest: the overdue index, the sweeper's index and memory, the 督办 list. */
export function withDerived<T extends SweepDoc>(next: T, ref: Pick<Reference, 'supervision' | 'ctx'>, now: Date): T {
  // The queue indexes follow access (access.ts): the holder's chain, and the whistles in force.
  const index = accessIndex(next, ref.ctx.units);
  const derived: T = {
    ...next,
    scopeIds: index.scopeIds,
    dueAt: dueAtOf(next),
    ...deriveClock(next, now, ref.supervision, ref.ctx)
  };
  // Departments still owing a check-in or a result: their "pending" whistle queue (only set once whistled).
  if (next.whistles) {
    derived.whistledTo = index.whistledTo;
    derived.whistlePending = pendingWhistles(next).map((w) => w.departmentId);
  }
  return derived;
}

/**
 * THE place where a change to an existing case is persisted, for staff and resident actions and for
 * the deadline sweeper alike (assessment counters hook here): derive, then write the changed fields
 * and append the timeline in one request, only if nobody changed the case since `before` was read.
 * Answers the new document, or null when the version moved on.
 */
export async function persistChange<T extends SweepDoc>(
  before: T,
  patch: Partial<CaseDoc>,
  entries: TimelineEntry[],
  ref: Reference,
  now: Date
): Promise<T | null> {
  const next = withDerived({ ...before, ...patch, updatedAt: now }, ref, now);
  // What the update below removes with the change.
  delete next.outbox;
  delete next.outboxAt;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(next) as Array<keyof T & string>) {
    if (key === '_id' || key === 'timeline') continue;
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key]))
      changed[key] = next[key] === undefined ? null : next[key];
  }
  // The case's first change within a minute of filing takes its waiting outbox along (server/outbox.ts).
  const outbox = Boolean(before.outboxAt);
  if (!(await updateCaseIfVersion(before._id, before.version, changed, entries, outbox))) return null;
  const timeline = (before as Partial<CaseDoc>).timeline;
  const after = timeline ? { ...next, timeline: [...timeline, ...entries] } : next;
  await Promise.all([
    recordCaseChange(before, after, now),
    outbox ? sendTaken(before, ref, now) : null,
    enqueueCaseEvent(after, ref, now, before),
    postProactiveResolution(before, after, entries, ref, now)
  ]);
  return after;
}

/**
 * Every change to a case: load → decide (domain) → persist if unchanged since read → notify.
 * `who` resolves the caller (one request for staff, none for the reporter).
 */
export async function actOnCase(
  caseId: string,
  action: AnyCaseAction,
  ctx: ActionContext,
  who: (ref: Reference) => Promise<Viewer>
): Promise<CaseDetail> {
  const ref = await loadReference(ctx.now);
  const viewer = await who(ref);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const doc = await getCase(caseId);
    if (!doc || !mayReadCase(doc, readerOf(viewer), ref.units)) {
      // A department acting on a case it was never whistled onto gets the clear reason.
      const department = viewer.kind === 'staff' && viewer.unit.kind === 'department';
      if (doc && department && action.type === 'whistle') throw new AppError('WHISTLE_NOT_ALLOWED', caseId);
      if (doc && department && isOneOf(DEPARTMENT_ACTIONS, action.type)) throw new AppError('NOT_WHISTLED', caseId);
      throw new AppError('NOT_FOUND', caseId);
    }
    const decision = decide(doc, action, actorOf(viewer), ctx.now, ref.ctx);
    if (!decision.ok) throw new AppError(decision.code, decision.detail);
    const patch: Partial<CaseDoc> = { ...decision.patch };
    if (action.type === 'reject') patch.rejectReason = action.reason.trim();
    // The reporter's material joins the case's photos (checked like the first ones: function.ts).
    if (action.type === 'supplement' && action.photos?.length) patch.photos = [...(doc.photos ?? []), ...action.photos];
    // 办结 photos (staff's own uploads, checked in function.ts) join the case the resident reads.
    if (action.type === 'resolve' && action.photos?.length) {
      const all = [...(doc.photos ?? []), ...action.photos];
      if (all.length > MAX_CASE_PHOTOS) throw new AppError('TOO_MANY_PHOTOS', String(all.length));
      patch.photos = all;
    }
    const next = await persistChange(doc, patch, [decision.timeline], ref, ctx.now);
    if (next) {
      await Promise.all([
        notifyReporter(next, decision.notify, decision.timeline.text, ref.templates, ctx.now),
        notifyUnits(next, decision.notify, ref.staffOf, ref.templates, ctx.now)
      ]);
      return toDetail(next, viewer, ref, ctx.now);
    }
  }
  throw new AppError('CONCURRENT_UPDATE', caseId);
}
