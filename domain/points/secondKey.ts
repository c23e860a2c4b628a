// Two keys on points: staff never award staff, and an award above the threshold waits for a second
// staff member of the community before its 公示 starts (the notice period runs from the second key).
import { fail, type Failure } from '../errors';
import type { PointsPolicy } from './rules';
import { actsForCommunity, type PointsActor, type PointsRole } from './staff';

/** awaiting: the first key turned; confirmed: the second too (the 公示 started); declined: the second refused. */
export const SECOND_KEY_STATES = ['awaiting', 'confirmed', 'declined'] as const;
export type SecondKeyState = (typeof SECOND_KEY_STATES)[number];

/** Whether an award of `points` needs a second key (more than the policy's threshold). */
export function needsSecondKey(points: number, policy: Pick<PointsPolicy, 'secondKeyAbove'>): boolean {
  return points > policy.secondKeyAbove;
}

/** Why nobody may award points to someone with `role` (RECIPIENT_IS_STAFF: any staff or admin, of any unit), or null. */
export function cannotReceive(role: PointsRole | null | undefined): Failure | null {
  return role === 'staff' || role === 'admin' ? fail('RECIPIENT_IS_STAFF') : null;
}

/** An award waiting for its second key, as the rules see it. */
export interface AwaitingAward {
  communityId: string;
  /** Who turned the first key. */
  requestedBy: string;
  /** The resident to be awarded. */
  openid: string;
  status: SecondKeyState;
}

/**
 * Why `actor` may not turn (or refuse) the second key (NOT_STAFF, NOT_COMMUNITY_STAFF, SAME_APPROVER,
 * OWN_AWARD, AWARD_NOT_AWAITING), or null: another staff member of the community (or an admin).
 */
export function cannotConfirm(a: AwaitingAward, actor: PointsActor): Failure | null {
  if (actor.role === 'resident') return fail('NOT_STAFF');
  if (!actsForCommunity(actor, a.communityId)) return fail('NOT_COMMUNITY_STAFF', `${actor.unitId} ≠ ${a.communityId}`);
  if (a.requestedBy === actor.openid) return fail('SAME_APPROVER');
  if (a.openid === actor.openid) return fail('OWN_AWARD');
  if (a.status !== 'awaiting') return fail('AWARD_NOT_AWAITING', a.status);
  return null;
}
