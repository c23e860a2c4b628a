import type { PointsActions, PointsClaimView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Submits a good-deed claim; requestId is made once per form, so a resubmission stores it once. */
export function submitClaim(fields: PointsActions['claim']['req']): Promise<Result<PointsClaimView>> {
  return callFunction('points', 'claim', fields);
}
