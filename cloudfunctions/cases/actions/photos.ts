import { z } from 'zod';
import type { PhotoUrl } from '../../../typings/cases';
import { mayReadCase, seesHiddenPhotos } from '../../../domain/access';
import { action, AppError } from '../../../server/function';
import { readerOf, requireOpenid, viewerOf, type Viewer } from '../../../server/identity';
import { photoViews } from '../../../server/photos';
import { loadReference } from '../../../server/reference';
import { getCase } from '../../../server/repos/cases';
import { caseId } from '../../../server/schemas';

/**
 * A case's photos as temporary URLs (storage is private), after the same read check as `detail`.
 * A photo reported risky is hidden from everyone but the handling unit's staff.
 * Requests: the case (1), the caller's binding (0–1, cached), the URLs (1).
 */
export const photoUrls = action(z.object({ caseId }).strict(), async (req, ctx): Promise<PhotoUrl[]> => {
  const openid = requireOpenid(ctx);
  const ref = await loadReference(ctx.now);
  const doc = await getCase(req.caseId);
  if (!doc) throw new AppError('NOT_FOUND', req.caseId);
  const viewer: Viewer = doc.reporterId === openid ? { kind: 'resident', openid } : await viewerOf(ctx, ref);
  const reader = readerOf(viewer);
  if (!mayReadCase(doc, reader, ref.units)) throw new AppError('NOT_FOUND', req.caseId);
  return photoViews(doc.photos ?? [], doc.hiddenPhotos, seesHiddenPhotos(doc, reader));
});
