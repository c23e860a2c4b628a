// The second key on awards above the threshold: awaiting (the community's list), confirmAward (another
// staff member of the community; the 公示 and its notice period start now), declineAward (nothing is
// awarded; a claim is refused with the reason). The first staff member can do neither (SAME_APPROVER).
import { z } from 'zod';
import { cannotConfirm } from '../../../domain/points/secondKey';
import type { PointsActor } from '../../../domain/points/staff';
import { action, AppError, type ActionContext } from '../../../server/function';
import type { Reference } from '../../../server/reference';
import { POINTS_COLLECTIONS as C, type AwardDoc, type ClaimDoc, type SecondKeyDoc } from '../../../server/repos/points';
import { getDoc, listPage, txGet, txUpdate } from '../../../server/repos/pointsStore';
import { transact, type Tx } from '../../../server/repos/pointsTx';
import { noticeView, secondKeyView } from '../../../server/repos/pointsViews';
import type { Page } from '../../../typings/cases';
import type { PointsNoticeView } from '../../../typings/points';
import {
  assertResidentRecipient,
  cursorSchema,
  ownCommunity,
  PAGE_SIZE,
  pointsActor,
  pointsPolicy,
  requireOpenid,
  staffCaller
} from '../common';
import { txGrant } from './grant';

export const awaiting = action(
  z.object({ cursor: cursorSchema }).strict(),
  async (input, ctx): Promise<Page<PointsNoticeView>> => {
    const { staff, ref } = await staffCaller(ctx);
    const communityId = ownCommunity(staff, ref.units);
    const actor = pointsActor(staff);
    const page = await listPage<SecondKeyDoc>({
      collection: C.secondKeys,
      where: { communityId, status: 'awaiting' },
      key: 'requestedAt',
      cursor: input.cursor,
      limit: PAGE_SIZE
    });
    return {
      items: page.items.map((k) => ({
        ...secondKeyView(k, staff.openid, ref.units),
        canConfirm: cannotConfirm(k, actor) === null
      })),
      nextCursor: page.nextCursor
    };
  }
);

/** Either names the award: a claim's award is `claim-<claimId>`. */
const target = { awardId: z.string().min(1).max(80).optional(), claimId: z.string().min(1).max(64).optional() };

function awardIdOf(input: { awardId?: string; claimId?: string }): string {
  if (input.awardId && !input.claimId) return input.awardId;
  if (input.claimId && !input.awardId) return `claim-${input.claimId}`;
  throw new AppError('FIELD_REQUIRED', 'awardId | claimId');
}

/** The caller as the rules see them, and the award read for the checks (the transaction reads it again). */
async function secondKeyFor(
  awardId: string,
  ctx: ActionContext
): Promise<{ actor: PointsActor; first: SecondKeyDoc; ref: Reference }> {
  const { staff, ref } = await staffCaller(ctx);
  const first = await getDoc<SecondKeyDoc>(C.secondKeys, awardId);
  if (!first) throw new AppError('AWARD_NOT_FOUND', awardId);
  return { actor: pointsActor(staff), first, ref };
}

async function txSecondKey(tx: Tx, awardId: string): Promise<SecondKeyDoc> {
  const doc = await txGet<SecondKeyDoc>(tx, C.secondKeys, awardId);
  if (!doc) throw new AppError('AWARD_NOT_FOUND', awardId);
  return doc;
}

/** A claim the award decides must still be waiting for this key. */
async function txAwaitingClaim(tx: Tx, k: SecondKeyDoc): Promise<ClaimDoc | null> {
  if (!k.claimId) return null;
  const claim = await txGet<ClaimDoc>(tx, C.claims, k.claimId);
  if (!claim || claim.status !== 'awaiting') throw new AppError('CLAIM_DECIDED', k.claimId);
  return claim;
}

export const confirmAward = action(z.object(target).strict(), async (input, ctx): Promise<PointsNoticeView> => {
  requireOpenid(ctx);
  const awardId = awardIdOf(input);
  const { actor, first, ref } = await secondKeyFor(awardId, ctx);
  const staff = actor.openid;
  const early = first.status === 'confirmed' && first.decidedBy === staff ? null : cannotConfirm(first, actor);
  if (early) throw new AppError(early.code, early.detail);
  // The resident may have been bound as staff since the first key.
  await assertResidentRecipient(first.openid);
  const policy = pointsPolicy();
  const award = await transact(async (tx) => {
    const k = await txSecondKey(tx, awardId);
    // A retry after a commit whose answer was lost: our key already turned.
    if (k.status === 'confirmed' && k.decidedBy === staff) {
      const done = await txGet<AwardDoc>(tx, C.awards, awardId);
      if (done) return done;
    }
    const refused = cannotConfirm(k, actor);
    if (refused) throw new AppError(refused.code, refused.detail);
    const claim = await txAwaitingClaim(tx, k);
    // The caps are checked again here: the points are credited now, and the notice period starts now.
    const doc = await txGrant(
      tx,
      {
        awardId,
        openid: k.openid,
        communityId: k.communityId,
        points: k.points,
        source: k.source,
        title: k.title,
        text: k.text,
        awardedBy: k.requestedBy,
        confirmedBy: staff
      },
      ctx.now,
      policy
    );
    await txUpdate(tx, C.secondKeys, awardId, { status: 'confirmed', decidedBy: staff, decidedAt: ctx.now });
    if (claim) await txUpdate(tx, C.claims, claim._id, { status: 'approved', confirmedBy: staff });
    return doc;
  });
  return noticeView(award, staff, ctx.now, ref.units);
});

export const declineAward = action(
  z.object({ ...target, reason: z.string().trim().min(1).max(200) }).strict(),
  async (input, ctx): Promise<PointsNoticeView> => {
    requireOpenid(ctx);
    const awardId = awardIdOf(input);
    const { actor, first, ref } = await secondKeyFor(awardId, ctx);
    const staff = actor.openid;
    const mine = (k: SecondKeyDoc): boolean =>
      k.status === 'declined' && k.decidedBy === staff && k.reason === input.reason;
    const early = mine(first) ? null : cannotConfirm(first, actor);
    if (early) throw new AppError(early.code, early.detail);
    const declined = await transact(async (tx) => {
      const k = await txSecondKey(tx, awardId);
      if (mine(k)) return k;
      const refused = cannotConfirm(k, actor);
      if (refused) throw new AppError(refused.code, refused.detail);
      const claim = await txAwaitingClaim(tx, k);
      const change = { status: 'declined' as const, decidedBy: staff, decidedAt: ctx.now, reason: input.reason };
      await txUpdate(tx, C.secondKeys, awardId, change);
      // The claimant sees the claim refused, with the second staff member's reason.
      if (claim)
        await txUpdate(tx, C.claims, claim._id, { status: 'refused', reason: input.reason, confirmedBy: staff });
      return { ...k, ...change };
    });
    return secondKeyView(declined, staff, ref.units);
  },
  { texts: (r) => [r.reason] }
);
