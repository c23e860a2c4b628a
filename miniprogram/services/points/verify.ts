import type { PointsPickupView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff, step 1: the order this pickup code names (item, quantity, the buyer's tag); collects nothing. */
export function previewPickup(pickupCode: string): Promise<Result<PointsPickupView>> {
  return callFunction('points', 'verify', { pickupCode });
}

/** Staff, step 2: collects the order (核销), once. */
export function collectPickup(pickupCode: string): Promise<Result<PointsPickupView>> {
  return callFunction('points', 'verify', { pickupCode, confirm: true });
}
