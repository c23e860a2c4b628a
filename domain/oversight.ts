// Handling under supervision: one decide function per action, in the file of its seam. Delays
// (extensions and pauses, delays.ts), on-site dispatch (网上吹哨网下报到, onSite.ts), and here the
// reassignment of a case by the district 综治中心.
import {
  arrivalPatch,
  cleanText,
  decided,
  hallOf,
  type Actor,
  type CaseContext,
  type CaseRecord,
  type Decision,
  type StaffActor
} from './case';
import {
  decideExtensionRequest,
  decidePause,
  decidePauseRequest,
  decideRequestExtension,
  decideResume,
  NOT_PAUSED,
  type DelayAction
} from './delays';
import { fail, type Failure } from './errors';
import { decideDispatch, decideOnsiteCheckIn, decideRecordVisit, type OnSiteAction } from './onSite';
import { getUnit, type Unit, type Units } from './org';

export type OversightAction = DelayAction | OnSiteAction | { type: 'reassign'; toUnitId: string; reason: string };

/** Decides a supervision action at `now`; nothing changes on a refusal. */
export function decideOversight(
  c: CaseRecord,
  action: OversightAction,
  actor: Actor,
  now: Date,
  ctx: CaseContext
): Decision {
  if (actor.kind !== 'staff') return fail('NOT_STAFF');
  switch (action.type) {
    case 'requestExtension':
      return decideRequestExtension(c, action, actor, now, ctx);
    case 'decideExtension':
      return decideExtensionRequest(c, action, actor, now, ctx);
    case 'pause':
      return decidePause(c, action, actor, now, ctx);
    case 'resume':
      return decideResume(c, action, actor, now, ctx);
    case 'decidePause':
      return decidePauseRequest(c, action, actor, now, ctx);
    case 'reassign':
      return decideReassign(c, action, actor, now, ctx);
    case 'dispatch':
      return decideDispatch(c, action, actor, now, ctx);
    case 'onsiteCheckIn':
      return decideOnsiteCheckIn(c, action, actor, now, ctx);
    case 'recordVisit':
      return decideRecordVisit(c, action, actor, now, ctx);
  }
}

/** Whether a case may be reassigned to this unit: any handling unit (not a department) but the current one. */
export function checkReassign(
  c: Pick<CaseRecord, 'unitId'>,
  toUnitId: string,
  units: Units
): { ok: true; to: Unit } | Failure {
  const to = getUnit(toUnitId, units);
  if (!to) return fail('UNKNOWN_UNIT', toUnitId);
  if (to.level === null) return fail('REASSIGN_TARGET_INVALID', to.id);
  if (to.inactive) return fail('UNIT_INACTIVE', to.id);
  if (to.id === c.unitId) return fail('TRANSFER_SAME_UNIT');
  return { ok: true, to };
}

/** 改派: the district 综治中心 sends an open case to another handling unit; a pause ends with it. */
function decideReassign(
  c: CaseRecord,
  action: Extract<OversightAction, { type: 'reassign' }>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  if (getUnit(actor.unitId, ctx.units)?.kind !== 'district') return fail('DISTRICT_ONLY');
  if (c.status !== 'submitted' && c.status !== 'accepted') return fail('ILLEGAL_TRANSITION', `${c.status} → reassign`);
  const target = checkReassign(c, action.toUnitId, ctx.units);
  if (!target.ok) return target;
  const to = target.to;
  const reason = cleanText(action.reason);
  if (!reason) return fail('FIELD_REQUIRED', 'reason');
  return decided(
    c,
    'reassign',
    actor,
    now,
    { ...arrivalPatch(c, to, now, ctx), ...NOT_PAUSED },
    `区综治中心将本案由${hallOf(c.unitId, ctx)}改派${hallOf(to.id, ctx)}办理，原因：${reason}`,
    [
      { to: 'reporter', event: 'transferred' },
      { to: 'unit', unitId: to.id, event: 'assigned' }
    ],
    { fromUnitId: c.unitId, toUnitId: to.id }
  );
}
