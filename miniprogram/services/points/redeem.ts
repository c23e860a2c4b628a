import type { PointsOrderView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Redeems quantity × item; the same requestId (made once per confirmation) never buys twice. */
export function redeem(itemId: string, quantity: number, requestId: string): Promise<Result<PointsOrderView>> {
  return callFunction('points', 'redeem', { itemId, quantity, requestId });
}
