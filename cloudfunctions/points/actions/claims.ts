// claim: a resident reports a good deed; claims: their own list, or a community's queue for staff.
import { z } from 'zod';
import { deedPointsRange, DEED_TYPES, isDeedType } from '../../../domain/points/rules';
import { CLAIM_STATUSES } from '../../../domain/points/notice';
import { action, AppError } from '../../../server/function';
import {
  claimView,
  communityOf,
  POINTS_COLLECTIONS as C,
  requestKey,
  requireOpenid,
  type ClaimDoc
} from '../../../server/repos/points';
import { duplicateOf, pointsDb, retrying } from '../../../server/repos/pointsTx';
import type { Page } from '../../../typings/cases';
import type { PointsClaimView } from '../../../typings/points';
import {
  cursorSchema,
  getDoc,
  nextCursor,
  offsetOf,
  ownCommunity,
  PAGE_SIZE,
  requestIdSchema,
  requireStaff
} from '../common';
import { SCENE } from '../../../server/contentCheck';

export const MAX_CLAIM_TEXT = 500;
export const MAX_CLAIM_PHOTOS = 6;

const claimSchema = z
  .object({
    deedType: z.enum(DEED_TYPES, { error: 'UNKNOWN_DEED_TYPE' }),
    communityId: z.string().regex(/^\d{12}$/, { error: 'UNKNOWN_COMMUNITY' }),
    text: z.string().trim().min(1).max(MAX_CLAIM_TEXT, { error: 'DESCRIPTION_TOO_LONG' }),
    photos: z.array(z.string().min(1).max(512)).max(MAX_CLAIM_PHOTOS, { error: 'TOO_MANY_PHOTOS' }).optional(),
    requestId: requestIdSchema
  })
  .strict();

export const claim = action(
  claimSchema,
  async (input, ctx): Promise<PointsClaimView> => {
    const openid = requireOpenid(ctx.openid);
    if (!communityOf(input.communityId)) throw new AppError('UNKNOWN_COMMUNITY', input.communityId);
    const doc: ClaimDoc = {
      _id: requestKey('claim', openid, input.requestId),
      openid,
      communityId: input.communityId,
      deedType: input.deedType,
      text: input.text,
      photos: input.photos ?? [],
      status: 'pending',
      createdAt: ctx.now,
      decidedAt: null,
      decidedBy: null,
      points: null,
      reason: null,
      awardId: null
    };
    try {
      await retrying(() => pointsDb().collection(C.claims).add({ data: doc }));
      return claimView(doc, openid);
    } catch (e) {
      // The same request again (or a retry whose first try landed): answer with the stored claim.
      if (!duplicateOf(e)) throw e;
      const existing = await getDoc<ClaimDoc>(C.claims, doc._id);
      if (!existing) throw e;
      return claimView(existing, openid);
    }
  },
  { texts: (r) => [r.text], scene: SCENE.forum, photos: (r) => r.photos }
);

const claimsSchema = z
  .object({
    scope: z.enum(['mine', 'community']).optional(),
    status: z.enum(CLAIM_STATUSES).optional(),
    cursor: cursorSchema
  })
  .strict();

export const claims = action(claimsSchema, async (input, ctx): Promise<Page<PointsClaimView>> => {
  const openid = requireOpenid(ctx.openid);
  const offset = offsetOf(input.cursor);
  let where: Record<string, unknown>;
  if (input.scope === 'community') {
    const communityId = ownCommunity(await requireStaff(openid, ctx.now));
    where = { communityId, status: input.status ?? 'pending' };
  } else {
    where = input.status ? { openid, status: input.status } : { openid };
  }
  const res = await retrying<{ data: unknown[] }>(() =>
    pointsDb()
      .collection(C.claims)
      .where(where)
      .orderBy('createdAt', 'desc')
      .skip(offset)
      .limit(PAGE_SIZE + 1)
      .get()
  );
  const docs = res.data as ClaimDoc[];
  const items = docs.slice(0, PAGE_SIZE).map((c) => ({
    ...claimView(c, openid),
    ...(isDeedType(c.deedType) ? { pointsRange: deedPointsRange(c.deedType) } : {})
  }));
  return { items, nextCursor: nextCursor(offset, docs.length) };
});
