// approve / refuse a claim: staff of the claim's community, never the claimant, never a claim by staff.
// An approval above the threshold waits for a second staff member (confirmAward) before its 公示 starts.
import { z } from 'zod';
import { cannotDecide } from '../../../domain/points/notice';
import { DEED_RULES, deedPointsRange } from '../../../domain/points/rules';
import { needsSecondKey } from '../../../domain/points/secondKey';
import { action, AppError, type ActionContext } from '../../../server/function';
import type { Reference } from '../../../server/reference';
import { POINTS_COLLECTIONS as C, type ClaimDoc } from '../../../server/repos/points';
import { getDoc, txGet, txUpdate } from '../../../server/repos/pointsStore';
import { transact, type Tx } from '../../../server/repos/pointsTx';
import { claimView } from '../../../server/repos/pointsViews';
import type { PointsClaimView } from '../../../typings/points';
import { assertCommunityStaff, assertResidentRecipient, pointsPolicy, staffCaller } from '../common';
import { txFirstKey, txGrant, type Grant } from './grant';

const POINTS = 'AWARD_OUT_OF_RANGE';

/** Reads the claim for the staff check; the transaction re-reads it before deciding. */
async function claimFor(
  claimId: string,
  ctx: ActionContext
): Promise<{ claim: ClaimDoc; staff: string; ref: Reference }> {
  const { staff, ref } = await staffCaller(ctx);
  const claim = await getDoc<ClaimDoc>(C.claims, claimId);
  if (!claim) throw new AppError('CLAIM_NOT_FOUND', claimId);
  assertCommunityStaff(staff, claim.communityId);
  if (claim.openid === staff.openid) throw new AppError('OWN_CLAIM');
  return { claim, staff: staff.openid, ref };
}

async function txClaim(tx: Tx, claimId: string): Promise<ClaimDoc> {
  const claim = await txGet<ClaimDoc>(tx, C.claims, claimId);
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
  const { claim: first, staff, ref } = await claimFor(input.claimId, ctx);
  const range = deedPointsRange(first.deedType, ref.points.deeds);
  const points = input.points ?? range.suggested;
  if (points < range.min || points > range.max)
    throw new AppError('AWARD_OUT_OF_RANGE', `${points} ∉ [${range.min}, ${range.max}]`);
  const policy = pointsPolicy(ref);
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
      title: (ref.points.deeds[first.deedType] ?? DEED_RULES[first.deedType]).label,
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
    await txUpdate(tx, C.claims, claim._id, change);
    return { ...claim, ...change };
  });
  return claimView(decided, staff, ref.units);
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
    const { staff, ref } = await claimFor(input.claimId, ctx);
    const decided = await transact(async (tx) => {
      const claim = await txClaim(tx, input.claimId);
      if (claim.status === 'refused' && claim.decidedBy === staff && claim.reason === input.reason) return claim;
      const refused = cannotDecide(claim, staff);
      if (refused) throw new AppError(refused.code, refused.detail);
      const change = { status: 'refused' as const, decidedAt: ctx.now, decidedBy: staff, reason: input.reason };
      await txUpdate(tx, C.claims, claim._id, change);
      return { ...claim, ...change };
    });
    return claimView(decided, staff, ref.units);
  },
  { texts: (r) => [r.reason] }
);
