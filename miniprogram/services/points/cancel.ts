import type { PointsOrderView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Cancels an uncollected order: points back, stock back. */
export function cancelOrder(orderId: string): Promise<Result<PointsOrderView>> {
  return callFunction('points', 'cancel', { orderId });
}
