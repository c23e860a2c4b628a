import type { PointsActions, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** A community's shop; `all` (its staff only) includes items off the shelf or past their date. */
export function getShop(communityId: string, all = false): Promise<Result<PointsActions['shop']['res']>> {
  return callFunction('points', 'shop', all ? { communityId, all } : { communityId });
}
