/**
 * What an <image> or wx.previewImage can load for stored photos. Storage is private: pages never show
 * cloud:// ids; a function checks the caller may read the case (or claim, or item) and answers
 * temporary URLs, one per photo, '' for one hidden from this viewer (reported risky) or gone.
 * Local cloud (develop only): its URLs are moved onto the address this device reaches it by.
 */
import type { PhotoUrl, PointsItemView, Result } from '../../../typings';
import { onLocalCloud } from '../../utils/localCloudUrl';
import { callFunction } from '../cloud';
import { activeLocalCloud } from '../local-cloud';

/** A case's photos, for whoever may read the case. */
export async function casePhotoUrls(caseId: string): Promise<Result<PhotoUrl[]>> {
  return loadable(await callFunction('cases', 'photoUrls', { caseId }));
}

/** Claims' photos (their claimant and the community's staff), in one call. */
export async function claimPhotoUrls(claimIds: string[]): Promise<Result<PhotoUrl[]>> {
  if (claimIds.length === 0) return { ok: true, data: [] };
  return loadable(await callFunction('points', 'photoUrls', { claimIds }));
}

/** Shop items with `picture` replaced by a loadable URL ('' when none can be shown), in one call. */
export async function withPictureUrls(items: PointsItemView[]): Promise<PointsItemView[]> {
  const itemIds = items.filter((i) => i.picture).map((i) => i.itemId);
  if (itemIds.length === 0) return items;
  const res = loadable(await callFunction('points', 'photoUrls', { itemIds }));
  const urls = res.ok ? byFileId(res.data) : new Map<string, string>();
  if (!res.ok) console.warn('[photos] item pictures', res.code);
  return items.map((i) => ({ ...i, picture: i.picture ? (urls.get(i.picture) ?? '') : '' }));
}

/** URL by fileID ('' for hidden or gone). */
export function byFileId(photos: readonly PhotoUrl[]): Map<string, string> {
  return new Map(photos.map((p) => [p.fileId, p.url]));
}

function loadable(res: Result<PhotoUrl[]>): Result<PhotoUrl[]> {
  const local = activeLocalCloud();
  if (!res.ok || !local) return res;
  // The local cloud's path comes raw, as COS gives it (the SDK encodes it before downloading); an <image> needs it encoded.
  return {
    ok: true,
    data: res.data.map((p) => ({ ...p, url: p.url ? encodeURI(onLocalCloud(local.url, p.url)) : '' }))
  };
}
