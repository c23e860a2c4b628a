// award { openid, points, reason, requestId }: community staff give points directly to a resident (never
// to staff); listed in 公示 at once, or above the threshold once a second staff member confirms it.
import { z } from 'zod';
import { action, AppError } from '../../../server/function';
import { needsSecondKey } from '../../../domain/points/secondKey';
import { isPointsCode } from '../../../domain/points/code';
import { openidOfPointsCode } from '../../../server/repos/pointsCodes';
import { POINTS_COLLECTIONS as C, requestKey, type AwardDoc, type SecondKeyDoc } from '../../../server/repos/points';
import { txGet } from '../../../server/repos/pointsStore';
import { transact } from '../../../server/repos/pointsTx';
import { noticeView, secondKeyView } from '../../../server/repos/pointsViews';
import type { PointsNoticeView } from '../../../typings/points';
import {
  assertCommunity,
  assertCommunityStaff,
  assertResidentRecipient,
  ownCommunity,
  pointsPolicy,
  requestIdSchema,
  staffCaller
} from '../common';
import { txFirstKey, txGrant, type Grant } from './grant';

const POINTS = 'POINTS_INVALID';

const schema = z
  .object({
    // The resident's 积分码 as scanned (pages); the openid only from server-side callers.
    code: z
      .string()
      .transform((s) => s.replace(/\s/g, ''))
      .refine(isPointsCode, { message: 'POINTS_CODE_INVALID' })
      .optional(),
    openid: z.string().min(1).max(128).optional(),
    points: z
      .number({ error: POINTS })
      .int({ error: POINTS })
      .min(1, { error: POINTS })
      .max(1_000_000, { error: POINTS }),
    reason: z.string().trim().min(1).max(200),
    requestId: requestIdSchema,
    /** Staff award in their own community; naming another is refused. */
    communityId: z
      .string()
      .regex(/^\d{12}$/)
      .optional()
  })
  .strict()
  .refine((r) => (r.code === undefined) !== (r.openid === undefined), { message: 'FIELD_REQUIRED', path: ['code'] });

export const award = action(
  schema,
  async (input, ctx): Promise<PointsNoticeView> => {
    const [{ staff: user, ref }, byCode] = await Promise.all([
      staffCaller(ctx),
      input.code ? openidOfPointsCode(input.code, ctx.now) : Promise.resolve(input.openid ?? null)
    ]);
    if (!byCode) throw new AppError('POINTS_CODE_INVALID');
    const recipient = byCode;
    const staff = user.openid;
    const communityId = input.communityId ?? ownCommunity(user, ref.units);
    assertCommunity(ref.units, communityId);
    assertCommunityStaff(user, communityId);
    if (recipient === staff) throw new AppError('OWN_AWARD');
    const policy = pointsPolicy();
    if (input.points > policy.maxAward) throw new AppError('AWARD_OUT_OF_RANGE', `${input.points}>${policy.maxAward}`);
    await assertResidentRecipient(recipient);
    const awardId = requestKey('award', staff, input.requestId);
    const grant: Grant = {
      awardId,
      openid: recipient,
      communityId,
      points: input.points,
      source: 'award',
      title: '工作人员奖励',
      text: input.reason,
      awardedBy: staff
    };
    return transact(async (tx) => {
      // The same request again answers with the award it made, whatever the caps say now.
      const existing = await txGet<AwardDoc>(tx, C.awards, awardId);
      if (existing) return noticeView(existing, staff, ctx.now, ref.units);
      const waiting = await txGet<SecondKeyDoc>(tx, C.secondKeys, awardId);
      if (waiting) return secondKeyView(waiting, staff, ref.units);
      if (needsSecondKey(input.points, policy))
        return secondKeyView(await txFirstKey(tx, grant, null, ctx.now, policy), staff, ref.units);
      return noticeView(await txGrant(tx, grant, ctx.now, policy), staff, ctx.now, ref.units);
    });
  },
  { texts: (r) => [r.reason] }
);
