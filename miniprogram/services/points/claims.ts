import type { Page, PointsClaimStatus, PointsClaimView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** The caller's claims ('mine'), or for staff their community's queue ('community', pending by default). */
export function getClaims(
  scope: 'mine' | 'community',
  status?: PointsClaimStatus,
  cursor?: string
): Promise<Result<Page<PointsClaimView>>> {
  return callFunction('points', 'claims', { scope, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
}
