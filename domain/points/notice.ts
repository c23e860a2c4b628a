// 公示: every award is listed publicly for the notice period. Anyone but the awardee may object
// while it runs; an objection holds the points until staff rule on it.
import { fail, type Failure } from '../errors';
import { actsForCommunity, type PointsActor } from './staff';

/** Stored award states; 'notice' reads as 'confirmed' once the notice period is over. */
export const AWARD_STATES = ['notice', 'objected', 'revoked'] as const;
export type AwardState = (typeof AWARD_STATES)[number];

/** What residents see; awaiting and declined (the second key) only reach staff, never the 公示 list. */
export const NOTICE_STATUSES = ['notice', 'objected', 'confirmed', 'revoked', 'awaiting', 'declined'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** awaiting: approved by one staff member, waiting for a second (an award above the threshold). */
export const CLAIM_STATUSES = ['pending', 'awaiting', 'approved', 'refused'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface AwardNotice {
  openid: string;
  state: AwardState;
  noticeEndsAt: Date;
}

/** The status shown at `now`: an unobjected award is confirmed as soon as its notice has ended. */
export function noticeStatus(a: Pick<AwardNotice, 'state' | 'noticeEndsAt'>, now: Date): NoticeStatus {
  if (a.state === 'notice' && a.noticeEndsAt.getTime() <= now.getTime()) return 'confirmed';
  return a.state;
}

/** Why `openid` may not object to the award at `now` (OBJECT_OWN, NOTICE_ENDED), or null. */
export function cannotObject(a: AwardNotice, openid: string, now: Date): Failure | null {
  if (a.openid === openid) return fail('OBJECT_OWN');
  if (a.state === 'revoked') return fail('NOTICE_ENDED');
  if (a.noticeEndsAt.getTime() <= now.getTime()) return fail('NOTICE_ENDED');
  return null;
}

/** Why `actor` may not rule on an award's objections (NOT_STAFF, NOT_COMMUNITY_STAFF, OWN_AWARD, NO_OBJECTION), or null. */
export function cannotRule(
  a: Pick<AwardNotice, 'openid' | 'state'> & { communityId: string },
  actor: PointsActor
): Failure | null {
  if (actor.role === 'resident') return fail('NOT_STAFF');
  if (!actsForCommunity(actor, a.communityId)) return fail('NOT_COMMUNITY_STAFF', `${actor.unitId} ≠ ${a.communityId}`);
  if (a.openid === actor.openid) return fail('OWN_AWARD');
  if (a.state !== 'objected') return fail('NO_OBJECTION', a.state);
  return null;
}

/**
 * What `actor` may do with an award of a 公示 list at `now`: object (see cannotObject; `objected`:
 * they already have, which the store refuses as ALREADY_OBJECTED) and rule (see cannotRule).
 */
export function noticeRights(
  a: AwardNotice & { communityId: string },
  actor: PointsActor,
  now: Date,
  objected: boolean
): { canObject: boolean; canRule: boolean } {
  return {
    canObject: !objected && cannotObject(a, actor.openid, now) === null,
    canRule: cannotRule(a, actor) === null
  };
}

/** When held points become spendable after a dismissed objection: the notice end, or now if later. */
export function releaseAt(a: Pick<AwardNotice, 'noticeEndsAt'>, now: Date): Date {
  return new Date(Math.max(a.noticeEndsAt.getTime(), now.getTime()));
}

/** Why staff `reviewer` may not decide a claim (OWN_CLAIM, CLAIM_DECIDED), or null. */
export function cannotDecide(claim: { openid: string; status: ClaimStatus }, reviewer: string): Failure | null {
  if (claim.openid === reviewer) return fail('OWN_CLAIM');
  if (claim.status !== 'pending') return fail('CLAIM_DECIDED');
  return null;
}
