// claim: a resident reports a good deed; claims: their own list, or a community's queue for staff.
import { z } from 'zod';
import type { Units } from '../../../domain/org';
import { deedPointsRange, DEED_TYPES, isDeedType } from '../../../domain/points/rules';
import { CLAIM_STATUSES } from '../../../domain/points/notice';
import { action } from '../../../server/function';
import { POINTS_COLLECTIONS as C, requestKey, type ClaimDoc } from '../../../server/repos/points';
import { addOnce, getDoc, listPage } from '../../../server/repos/pointsStore';
import { claimView } from '../../../server/repos/pointsViews';
import type { Page } from '../../../typings/cases';
import type { PointsClaimView } from '../../../typings/points';
import {
  assertCommunity,
  cursorSchema,
  deedRules,
  ownCommunity,
  PAGE_SIZE,
  reference,
  requestIdSchema,
  requireOpenid,
  staffCaller
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
    const openid = requireOpenid(ctx);
    const { units } = await reference(ctx);
    assertCommunity(units, input.communityId);
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
    if ((await addOnce(C.claims, doc)) === 'added') return claimView(doc, openid, units);
    // The same request again (or a retry whose first try landed): answer with the stored claim.
    const existing = await getDoc<ClaimDoc>(C.claims, doc._id);
    return claimView(existing ?? doc, openid, units);
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

/** Newest first, by key: a community's queue pages to its oldest pending claim. */
export const claims = action(claimsSchema, async (input, ctx): Promise<Page<PointsClaimView>> => {
  const openid = requireOpenid(ctx);
  let where: Record<string, unknown>;
  let units: Units;
  if (input.scope === 'community') {
    const { staff, ref } = await staffCaller(ctx);
    units = ref.units;
    where = { communityId: ownCommunity(staff, units), status: input.status ?? 'pending' };
  } else {
    units = (await reference(ctx)).units;
    where = input.status ? { openid, status: input.status } : { openid };
  }
  const page = await listPage<ClaimDoc>({
    collection: C.claims,
    where,
    key: 'createdAt',
    cursor: input.cursor,
    limit: PAGE_SIZE
  });
  const items = page.items.map((c) => ({
    ...claimView(c, openid, units),
    ...(isDeedType(c.deedType) ? { pointsRange: deedPointsRange(c.deedType, deedRules()) } : {})
  }));
  return { items, nextCursor: page.nextCursor };
});
