// THE rule of who may reach a case. Access follows the job: the unit holding the case and the units
// above it, a department while its whistle is in force, a cadre sent on site until the visit is
// recorded, a unit while it holds an open 督办 item, the unit that registered it while it owes the first reply.
// A unit that no longer holds the case, or a department whose whistle was withdrawn, loses access
// (the timeline keeps what it did). The stored indexes (`scopeIds`, `whistledTo`) are derived from
// the same rule, so a queue never lists what its reader may not open.
import type { Actor, CaseRecord, Whistle } from './case';
import { fail, type Failure } from './errors';
import { getUnit, inScope, isSelfOrAncestor, scopePath, type Units } from './org';

/**
 * How a unit reaches a case:
 * - 'handling': it holds the case now;
 * - 'chain': it is above the holder (the town above a community, the district above all);
 * - 'whistled': a department with a whistle in force on the case;
 * - 'dispatched': the staff member (not the unit) sent on site, until the visit is recorded;
 * - 'supervisor': it holds an open 督办 item on the case (read only);
 * - 'registered': it registered the case (谁登记谁回复) and the first reply is still owed: it may read and reply.
 */
export type CaseAccess = 'handling' | 'chain' | 'whistled' | 'dispatched' | 'supervisor' | 'registered';

/** The case fields access is decided on. */
export type AccessCase = Pick<CaseRecord, 'unitId'> &
  Partial<
    Pick<CaseRecord, 'whistles' | 'supervisors' | 'dispatches' | 'registeredUnitId' | 'firstReplyAt' | 'channel'>
  >;

const activeFor = (c: Pick<AccessCase, 'whistles'>, departmentId: string): boolean =>
  (c.whistles ?? []).some((w) => w.departmentId === departmentId && w.withdrawnAt === null);

/** THE rule: how staff of `unitId` (the member `staffId`, when given) reach the case, or null when they may not read it at all. */
export function caseAccess(unitId: string, c: AccessCase, units: Units, staffId?: string): CaseAccess | null {
  if (unitId === c.unitId) return 'handling';
  const unit = getUnit(unitId, units);
  if (!unit) return null;
  if (unit.kind !== 'department' && isSelfOrAncestor(unitId, c.unitId, units)) return 'chain';
  if (unit.kind === 'department' && activeFor(c, unitId)) return 'whistled';
  if (staffId !== undefined && (c.dispatches ?? []).some((d) => d.staffOpenid === staffId && d.visit === null))
    return 'dispatched';
  if ((c.supervisors ?? []).indexOf(unitId) >= 0) return 'supervisor';
  // Staff may register a case that routes elsewhere (a 12345 call about another town): their unit owes the
  // first reply. A resident's case (channel miniprogram) is "registered" by its first holder, which moving it
  // must take away, so only staff-registered channels count.
  if (c.registeredUnitId === unitId && !c.firstReplyAt && c.channel && c.channel !== 'miniprogram') return 'registered';
  return null;
}

/** Who sends a cadre on site: the handling chain, or a department whistled and not called off. */
export function maySendOnSite(unitId: string, c: AccessCase, units: Units): boolean {
  const a = caseAccess(unitId, c, units);
  return a === 'handling' || a === 'chain' || a === 'whistled';
}

/** Whose staff may be sent on site: those of a unit that may send, or of the community where it happened (属地). */
export function mayBeSentOnSite(
  unitId: string,
  c: AccessCase & Pick<CaseRecord, 'communityId'>,
  units: Units
): boolean {
  return unitId === c.communityId || maySendOnSite(unitId, c, units);
}

/** Whether the unit holds the case or is above its holder: the units that handle it. */
export function inHandlingChain(unitId: string, c: AccessCase, units: Units): boolean {
  const a = caseAccess(unitId, c, units);
  return a === 'handling' || a === 'chain';
}

/** Whether the actor filed the case: staff never act on their own case (they file it as a resident). */
export function isOwnCase(c: Pick<CaseRecord, 'reporterId'>, actor: Actor): boolean {
  if (actor.kind === 'staff') return actor.staffId === c.reporterId;
  return actor.kind === 'resident' && actor.openid === c.reporterId;
}

/**
 * Who acts as the reporter on a case (补充材料, 催办, 撤回, rating): the resident who filed it, acting
 * as a resident (a staff member who filed as a resident calls these as one, never as staff).
 */
export function mayActAsReporter(c: Pick<CaseRecord, 'reporterId'>, actor: Actor): boolean {
  return actor.kind === 'resident' && actor.openid === c.reporterId;
}

/**
 * The gate every staff action passes before its own rules: never on one's own case, never without
 * access. Null when the actor may go on. `subjectOpenid`: a person the action puts to work on the
 * case (a dispatched cadre), who must not be its reporter either.
 */
export function staffGate(
  c: Pick<CaseRecord, 'reporterId'> & AccessCase,
  actor: Actor,
  units: Units,
  subjectOpenid?: string
): Failure | null {
  if (actor.kind !== 'staff') return null;
  if (isOwnCase(c, actor) || subjectOpenid === c.reporterId) return fail('OWN_CASE');
  if (!caseAccess(actor.unitId, c, units, actor.staffId))
    return fail('OUT_OF_SCOPE', `${actor.unitId} on case of ${c.unitId}`);
  return null;
}

/** Who may whistle: a town or the district in the handling chain (a former holder may not). Null when it may. */
export function checkWhistler(unitId: string, c: AccessCase, units: Units): Failure | null {
  const unit = getUnit(unitId, units);
  if (!unit || (unit.kind !== 'town' && unit.kind !== 'district')) return fail('WHISTLE_NOT_ALLOWED', unitId);
  if (!inHandlingChain(unitId, c, units)) return fail('OUT_OF_SCOPE', `${unitId} on case of ${c.unitId}`);
  return null;
}

/**
 * The unit that answers for a whistle (withdraws it, evaluates the department): its whistler while
 * the whistler still handles the case, else the case's holder, so a whistle never outlives its owner.
 */
export function whistleOwner(c: AccessCase, w: Pick<Whistle, 'byUnitId'>, units: Units): string {
  return inHandlingChain(w.byUnitId, c, units) ? w.byUnitId : c.unitId;
}

/** Withdrawal: the handling chain, except a unit below a whistler that still handles the case. */
export function mayWithdrawWhistle(unitId: string, c: AccessCase, w: Pick<Whistle, 'byUnitId'>, units: Units): boolean {
  return inHandlingChain(unitId, c, units) && isSelfOrAncestor(unitId, whistleOwner(c, w, units), units);
}

/** Someone reading a case: an actor, or an admin (who reads every case and acts on none). */
export type Reader = Actor | { kind: 'admin'; openid: string };

const readerFiled = (c: Pick<CaseRecord, 'reporterId'>, r: Reader): boolean =>
  r.kind === 'admin' ? r.openid === c.reporterId : isOwnCase(c, r);

/**
 * Whether the reader may open the case at all: its reporter, an admin, staff whose unit reaches it, or
 * a resident who follows it (关注, or joined by a merge): they get its notices, so they read what the
 * notices point to. A follower reads as any resident not its reporter does: no phone, no actions.
 */
export function mayReadCase(
  c: Pick<CaseRecord, 'reporterId'> & AccessCase & { followerIds?: readonly string[] },
  r: Reader,
  units: Units
): boolean {
  if (r.kind === 'admin' || readerFiled(c, r)) return true;
  if (r.kind === 'resident') return (c.followerIds ?? []).includes(r.openid);
  return r.kind === 'staff' && caseAccess(r.unitId, c, units, r.staffId) !== null;
}

/** Who sees the reporter's phone in clear: the reporter; the handling unit's staff unless the case is anonymous. */
export function seesPhone(c: Pick<CaseRecord, 'reporterId' | 'unitId'> & { anonymous?: boolean }, r: Reader): boolean {
  if (readerFiled(c, r)) return true;
  return c.anonymous !== true && r.kind === 'staff' && r.unitId === c.unitId;
}

/** Who sees how a case is handled (whistles, visits, extensions, 督办 items): staff and admins; residents read the timeline. */
export function seesHandling(r: Reader): boolean {
  return r.kind === 'staff' || r.kind === 'admin';
}

/** Who gets a photo the media check reported risky: the handling unit's staff only (it must act on it). */
export function seesHiddenPhotos(c: Pick<CaseRecord, 'unitId'>, r: Reader): boolean {
  return r.kind === 'staff' && r.unitId === c.unitId;
}

/** The queue indexes, from the same rule: the holder's path (`scopeIds`) and the departments whistled in force (`whistledTo`). */
export function accessIndex(
  c: Pick<CaseRecord, 'unitId' | 'whistles'>,
  units: Units
): { scopeIds: string[]; whistledTo: string[] } {
  const whistledTo: string[] = [];
  for (const w of c.whistles ?? [])
    if (w.withdrawnAt === null && whistledTo.indexOf(w.departmentId) < 0) whistledTo.push(w.departmentId);
  return { scopeIds: scopePath(c.unitId, units), whistledTo };
}

/** Whether a viewer in `viewerUnitId` may see the figures of `unitId`: itself and the units below it; the district all. */
export function canSeeFiguresOf(viewerUnitId: string, unitId: string, units: Units): boolean {
  const viewer = getUnit(viewerUnitId, units);
  if (!viewer || !getUnit(unitId, units)) return false;
  return viewer.id === unitId || inScope(viewer, unitId, units);
}

/** 每月一题: the district's 综治中心 (its staff) picks the month's topic and publishes its outcome. */
export function mayPickMonthlyTopic(viewerUnitId: string, units: Units): boolean {
  return getUnit(viewerUnitId, units)?.kind === 'district';
}
