import type { Page, PointsOrderView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** The caller's redemptions, newest first. */
export function getMyOrders(cursor?: string): Promise<Result<Page<PointsOrderView>>> {
  return callFunction('points', 'orders', cursor ? { cursor } : {});
}
