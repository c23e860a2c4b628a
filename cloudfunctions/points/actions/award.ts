// award { openid, points, reason, requestId }: community staff give points directly to a resident (never
// to staff); listed in 公示 at once, or above the threshold once a second staff member confirms it.
import { z } from 'zod';
import { action, AppError } from '../../../server/function';
import { needsSecondKey } from '../../../domain/points/secondKey';
import {
  communityOf,
  noticeView,
  POINTS_COLLECTIONS as C,
  requestKey,
  requireOpenid,
  secondKeyView,
  type AwardDoc,
  type SecondKeyDoc
} from '../../../server/repos/points';
import { transact } from '../../../server/repos/pointsTx';
import type { PointsNoticeView } from '../../../typings/points';
import {
  assertCommunityStaff,
  assertResidentRecipient,
  ownCommunity,
  pointsPolicy,
  requestIdSchema,
  requireStaff
} from '../common';
import { txFirstKey, txGrant, type Grant } from './grant';

const POINTS = 'POINTS_INVALID';

const schema = z
  .object({
    openid: z.string().min(1).max(128),
    points: z
      .number({ error: POINTS })
      .int({ error: POINTS })
      .min(1, { error: POINTS })
      .max(1_000_000, { error: POINTS }),
    reason: z.string().trim().min(1).max(200),
    requestId: requestIdSchema,
    /** Admins name the community; staff award in their own. */
    communityId: z
      .string()
      .regex(/^\d{12}$/)
      .optional()
  })
  .strict();

export const award = action(
  schema,
  async (input, ctx): Promise<PointsNoticeView> => {
    const staff = requireOpenid(ctx.openid);
    const user = await requireStaff(staff, ctx.now);
    const communityId = input.communityId ?? ownCommunity(user);
    if (!communityOf(communityId)) throw new AppError('UNKNOWN_COMMUNITY', communityId);
    assertCommunityStaff(user, communityId);
    if (input.openid === staff) throw new AppError('OWN_AWARD');
    const policy = pointsPolicy();
    if (input.points > policy.maxAward) throw new AppError('AWARD_OUT_OF_RANGE', `${input.points}>${policy.maxAward}`);
    await assertResidentRecipient(input.openid);
    const awardId = requestKey('award', staff, input.requestId);
    const grant: Grant = {
      awardId,
      openid: input.openid,
      communityId,
      points: input.points,
      source: 'award',
      title: '工作人员奖励',
      text: input.reason,
      awardedBy: staff
    };
    return transact(async (tx) => {
      // The same request again answers with the award it made, whatever the caps say now.
      const existing = (await tx.collection(C.awards).doc(awardId).get()).data as AwardDoc | null;
      if (existing) return noticeView(existing, staff, ctx.now);
      const waiting = (await tx.collection(C.secondKeys).doc(awardId).get()).data as SecondKeyDoc | null;
      if (waiting) return secondKeyView(waiting, staff);
      if (needsSecondKey(input.points, policy))
        return secondKeyView(await txFirstKey(tx, grant, null, ctx.now, policy), staff);
      return noticeView(await txGrant(tx, grant, ctx.now, policy), staff, ctx.now);
    });
  },
  { texts: (r) => [r.reason] }
);
