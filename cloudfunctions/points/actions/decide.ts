// approve / refuse a claim: staff of the claim's community, never the claimant, never a claim by staff.
// An approval above the threshold waits for a second staff member (confirmAward) before its 公示 starts.
import { z } from 'zod';
import { cannotDecide } from '../../../domain/points/notice';
import { DEED_RULES, deedPointsRange } from '../../../domain/points/rules';
import { needsSecondKey } from '../../../domain/points/secondKey';
import { action, AppError } from '../../../server/function';
import { claimView, POINTS_COLLECTIONS as C, requireOpenid, type ClaimDoc } from '../../../server/repos/points';
import { transact, type Tx } from '../../../server/repos/pointsTx';
import type { PointsClaimView } from '../../../typings/points';
import { assertCommunityStaff, assertResidentRecipient, getDoc, pointsPolicy, requireStaff } from '../common';
import { txFirstKey, txGrant, type Grant } from './grant';

const POINTS = 'AWARD_OUT_OF_RANGE';

/** Reads the claim for the staff check; the transaction re-reads it before deciding. */
async function claimFor(claimId: string, staff: string, now: Date): Promise<ClaimDoc> {
  const user = await requireStaff(staff, now);
  const claim = await getDoc<ClaimDoc>(C.claims, claimId);
  if (!claim) throw new AppError('CLAIM_NOT_FOUND', claimId);
  assertCommunityStaff(user, claim.communityId);
  if (claim.openid === staff) throw new AppError('OWN_CLAIM');
  return claim;
}

async function txClaim(tx: Tx, claimId: string): Promise<ClaimDoc> {
  const claim = (await tx.collection(C.claims).doc(claimId).get()).data as ClaimDoc | null;
  if (!claim) throw new AppError('CLAIM_NOT_FOUND', claimId);
  return claim;
}

const approveSchema = z
  .object({
    claimId: z.string().min(1).max(64),
    points: z
      .number({ error: POINTS })
      .int({ error: POINTS })
      .min(1, { error: POINTS })
      .max(1_000_000, { error: POINTS })
      .optional()
  })
  .strict();

export const approve = action(approveSchema, async (input, ctx): Promise<PointsClaimView> => {
  const staff = requireOpenid(ctx.openid);
  const first = await claimFor(input.claimId, staff, ctx.now);
  const range = deedPointsRange(first.deedType);
  const points = input.points ?? range.suggested;
  if (points < range.min || points > range.max)
    throw new AppError('AWARD_OUT_OF_RANGE', `${points} ∉ [${range.min}, ${range.max}]`);
  const policy = pointsPolicy();
  await assertResidentRecipient(first.openid);
  const awardId = `claim-${input.claimId}`;
  const twoKeys = needsSecondKey(points, policy);
  const decided = await transact(async (tx) => {
    const claim = await txClaim(tx, input.claimId);
    // A retry after a commit whose answer was lost: the claim already carries our decision.
    if (
      (claim.status === 'approved' || claim.status === 'awaiting') &&
      claim.decidedBy === staff &&
      claim.awardId === awardId
    )
      return claim;
    const refused = cannotDecide(claim, staff);
    if (refused) throw new AppError(refused.code, refused.detail);
    const grant: Grant = {
      awardId,
      openid: claim.openid,
      communityId: claim.communityId,
      points,
      source: 'claim',
      title: DEED_RULES[first.deedType].label,
      text: claim.text,
      awardedBy: staff
    };
    if (twoKeys) await txFirstKey(tx, grant, claim._id, ctx.now, policy);
    else await txGrant(tx, grant, ctx.now, policy);
    const change = {
      status: twoKeys ? ('awaiting' as const) : ('approved' as const),
      decidedAt: ctx.now,
      decidedBy: staff,
      points,
      awardId
    };
    await tx.collection(C.claims).doc(claim._id).update({ data: change });
    return { ...claim, ...change };
  });
  return claimView(decided, staff);
});

const refuseSchema = z
  .object({
    claimId: z.string().min(1).max(64),
    reason: z.string().trim().min(1).max(200)
  })
  .strict();

export const refuse = action(
  refuseSchema,
  async (input, ctx): Promise<PointsClaimView> => {
    const staff = requireOpenid(ctx.openid);
    await claimFor(input.claimId, staff, ctx.now);
    const decided = await transact(async (tx) => {
      const claim = await txClaim(tx, input.claimId);
      if (claim.status === 'refused' && claim.decidedBy === staff && claim.reason === input.reason) return claim;
      const refused = cannotDecide(claim, staff);
      if (refused) throw new AppError(refused.code, refused.detail);
      const change = { status: 'refused' as const, decidedAt: ctx.now, decidedBy: staff, reason: input.reason };
      await tx.collection(C.claims).doc(claim._id).update({ data: change });
      return { ...claim, ...change };
    });
    return claimView(decided, staff);
  },
  { texts: (r) => [r.reason] }
);
