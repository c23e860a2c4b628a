// What a member of staff may do on a case now: the buttons of the staff case page. Each action is
// offered when the domain's own decision (`decide`: authorize, TRANSITIONS, the oversight and
// whistle rules) accepts it with a well-formed placeholder payload, so the page can never offer
// what the server then refuses; only the payload the person types (a reason, scores) is left to check.
import type { Actor, CaseContext, CaseRecord } from './case';
import { decide, type AnyCaseAction } from './caseState';
import { indexUnits } from './org';
import { checkReassign } from './oversight';
import { checkTransfer } from './routing';
import { MINUTE_MS } from './time';
import { activeWhistleOf, checkWhistleTarget } from './whistles';

/** An action this viewer may take now; `targets`: the units it may name, `departmentId` / `dispatchId`: the row it acts on. */
export type StaffAction =
  | {
      type:
        | 'accept'
        | 'reply'
        | 'escalate'
        | 'resolve'
        | 'reject'
        | 'pause'
        | 'resume'
        | 'decidePause'
        | 'requestExtension'
        | 'decideExtension'
        | 'dispatch';
    }
  | { type: 'transfer' | 'reassign' | 'whistle'; targets: string[] }
  | { type: 'checkIn' | 'report' | 'evaluateWhistle' | 'withdrawWhistle' | 'evaluate'; departmentId: string }
  | { type: 'onsiteCheckIn' | 'recordVisit'; dispatchId: string };

// Placeholder payloads that the payload checks accept; nothing is persisted.
const TEXT = '-';
type Simple = 'accept' | 'reply' | 'escalate' | 'resolve' | 'reject' | 'pause' | 'resume';
const PROBES: Record<Simple, AnyCaseAction> = {
  accept: { type: 'accept' },
  reply: { type: 'reply', text: TEXT },
  escalate: { type: 'escalate', reason: TEXT },
  resolve: { type: 'resolve', summary: TEXT },
  reject: { type: 'reject', reason: TEXT },
  pause: { type: 'pause', reason: TEXT },
  resume: { type: 'resume' }
};

/** The actions `actor` may take on `c` at `now`, in the order the page shows them; none for anyone but staff. */
export function staffActions(c: CaseRecord, actor: Actor, now: Date, ctx: CaseContext): StaffAction[] {
  if (actor.kind !== 'staff') return [];
  const allows = (a: AnyCaseAction): boolean => decide(c, a, actor, now, ctx).ok;
  const units = [...indexUnits(ctx.units).values()];
  const out: StaffAction[] = [];
  const simple = (type: Simple): void => {
    if (allows(PROBES[type])) out.push({ type });
  };

  simple('accept');
  simple('reply');
  // Where a transfer, a whistle or a reassignment may go is decided by the check its decision runs on
  // the target (checkTransfer, checkWhistleTarget, checkReassign); one dry run with the first decides the rest.
  const transferTargets = units.filter((u) => checkTransfer(c.unitId, u.id, ctx.units).ok).map((u) => u.id);
  if (transferTargets.length && allows({ type: 'transfer', toUnitId: transferTargets[0], reason: TEXT }))
    out.push({ type: 'transfer', targets: transferTargets });
  simple('escalate');
  const departments = units.filter((u) => checkWhistleTarget(c, u.id, ctx.units) === null).map((u) => u.id);
  if (departments.length && allows({ type: 'whistle', departmentIds: [departments[0]], reason: TEXT }))
    out.push({ type: 'whistle', targets: departments });
  simple('resolve');
  simple('reject');

  // The whistled department's own whistle.
  const own = activeWhistleOf(c, actor.unitId);
  if (own) {
    const departmentId = own.departmentId;
    if (allows({ type: 'checkIn' })) out.push({ type: 'checkIn', departmentId });
    if (allows({ type: 'report', result: TEXT })) out.push({ type: 'report', departmentId });
    if (allows({ type: 'evaluateWhistle', reasonable: true })) out.push({ type: 'evaluateWhistle', departmentId });
  }

  simple('pause');
  simple('resume');
  if (allows({ type: 'decidePause', grant: true })) out.push({ type: 'decidePause' });
  if (allows({ type: 'requestExtension', days: 1, reason: TEXT })) out.push({ type: 'requestExtension' });
  if (allows({ type: 'decideExtension', grant: true })) out.push({ type: 'decideExtension' });
  const reassignTargets = units.filter((u) => checkReassign(c, u.id, ctx.units).ok).map((u) => u.id);
  if (reassignTargets.length && allows({ type: 'reassign', toUnitId: reassignTargets[0], reason: TEXT }))
    out.push({ type: 'reassign', targets: reassignTargets });
  // The cadre's unit is the case's own (always in scope): what is asked is whether this viewer may send anyone.
  if (
    allows({
      type: 'dispatch',
      staffOpenid: actor.staffId,
      staffUnitId: c.unitId,
      visitBy: new Date(now.getTime() + 60 * MINUTE_MS)
    })
  )
    out.push({ type: 'dispatch' });

  // The whistler's side, per department whistled.
  for (const w of c.whistles ?? []) {
    if (w.withdrawnAt || activeWhistleOf(c, w.departmentId) !== w) continue;
    const departmentId = w.departmentId;
    if (allows({ type: 'withdrawWhistle', departmentId, reason: TEXT }))
      out.push({ type: 'withdrawWhistle', departmentId });
    if (allows({ type: 'evaluate', departmentId, responseScore: 5, resultScore: 5 }))
      out.push({ type: 'evaluate', departmentId });
  }
  // The dispatched cadre's on-site check-in, then the visit record.
  for (const d of c.dispatches ?? []) {
    if (allows({ type: 'onsiteCheckIn', dispatchId: d.id, at: { latitude: 0, longitude: 0 } }))
      out.push({ type: 'onsiteCheckIn', dispatchId: d.id });
    if (allows({ type: 'recordVisit', dispatchId: d.id, note: TEXT }))
      out.push({ type: 'recordVisit', dispatchId: d.id });
  }
  return out;
}
