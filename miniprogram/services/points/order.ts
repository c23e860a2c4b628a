import type { PointsOrderView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** One of the caller's orders. */
export function getOrder(orderId: string): Promise<Result<PointsOrderView>> {
  return callFunction('points', 'order', { orderId });
}
