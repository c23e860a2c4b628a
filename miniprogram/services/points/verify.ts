import type { PointsOrderView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: marks the order with this pickup code collected (核销). */
export function verifyPickup(pickupCode: string): Promise<Result<PointsOrderView>> {
  return callFunction('points', 'verify', { pickupCode });
}
