import type { PointsClaimView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: approves a claim, with points within its deed type's range (default when omitted). */
export function approveClaim(claimId: string, points?: number): Promise<Result<PointsClaimView>> {
  return callFunction('points', 'approve', points === undefined ? { claimId } : { claimId, points });
}
