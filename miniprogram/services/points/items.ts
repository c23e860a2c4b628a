import type { PointsActions, PointsItemsRequest, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: add, edit or restock an item of their community's shop. */
export function manageItem(request: PointsItemsRequest): Promise<Result<PointsActions['items']['res']>> {
  return callFunction('points', 'items', request);
}
