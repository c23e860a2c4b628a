import type { PointsClaimView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: refuses a claim with a reason the resident sees. */
export function refuseClaim(claimId: string, reason: string): Promise<Result<PointsClaimView>> {
  return callFunction('points', 'refuse', { claimId, reason });
}
