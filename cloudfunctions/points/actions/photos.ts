// photoUrls: claims' photos and items' pictures as temporary URLs (storage is private).
// Claims: their claimant and the community's staff (the 公示 shows an award's text, never the claim's
// photos). Items: anyone, they are shop items. A picture reported risky only the community's own staff see.
import { z } from 'zod';
import { actsForCommunity } from '../../../domain/points/staff';
import { action, AppError } from '../../../server/function';
import { photoViews } from '../../../server/photos';
import { POINTS_COLLECTIONS as C, type ClaimDoc, type ItemDoc } from '../../../server/repos/points';
import { getDocs } from '../../../server/repos/pointsStore';
import type { PhotoUrl } from '../../../typings/cases';
import { caller, PAGE_SIZE, pointsActor, requireOpenid } from '../common';

const id = z.string().min(1).max(64);
/** A shop shows at most 200 items. */
const MAX_ITEMS = 200;

const schema = z.union([
  z.object({ claimIds: z.array(id).min(1, 'FIELD_REQUIRED').max(PAGE_SIZE) }).strict(),
  z.object({ itemIds: z.array(id).min(1, 'FIELD_REQUIRED').max(MAX_ITEMS) }).strict()
]);

/** Requests: the caller (0–1, cached), the documents (1), the URLs (1 per 50 photos). */
export const photoUrls = action(schema, async (input, ctx): Promise<PhotoUrl[]> => {
  requireOpenid(ctx);
  const [{ viewer }, docs] = await Promise.all([
    caller(ctx),
    getDocs<ClaimDoc | ItemDoc>(
      'claimIds' in input ? C.claims : C.items,
      'claimIds' in input ? input.claimIds : input.itemIds
    )
  ]);
  const openid = viewer.openid;
  const actor = pointsActor(viewer);
  const staffOf = (communityId: string) => actor.role === 'staff' && actor.unitId === communityId;
  if ('claimIds' in input) {
    const claims = input.claimIds.map((claimId) => {
      const claim = docs.get(claimId) as ClaimDoc | undefined;
      // Someone else's claim answers as no claim: ids are not probed.
      if (!claim || (claim.openid !== openid && !actsForCommunity(actor, claim.communityId)))
        throw new AppError('CLAIM_NOT_FOUND', claimId);
      return claim;
    });
    return flatViews(
      claims.map((c) => ({ fileIds: c.photos, hidden: c.hiddenPhotos, seesHidden: staffOf(c.communityId) }))
    );
  }
  const items = input.itemIds
    .map((itemId) => docs.get(itemId) as ItemDoc | undefined)
    .filter((i): i is ItemDoc => !!i && !!i.picture);
  return flatViews(
    items.map((i) => ({ fileIds: [i.picture], hidden: i.hiddenPhotos, seesHidden: staffOf(i.communityId) }))
  );
});

/** One storage request for all of them: documents whose hidden photos this viewer may see ask for those too. */
async function flatViews(
  groups: Array<{ fileIds: string[]; hidden: string[] | undefined; seesHidden: boolean }>
): Promise<PhotoUrl[]> {
  const fileIds = groups.flatMap((g) => g.fileIds);
  const hidden = groups.flatMap((g) => (g.seesHidden ? [] : (g.hidden ?? [])));
  const views = await photoViews(fileIds, hidden, false);
  // `hidden` says what the media check found, whoever looks.
  const risky = new Set(groups.flatMap((g) => g.hidden ?? []));
  return views.map((v) => ({ ...v, hidden: risky.has(v.fileId) }));
}
