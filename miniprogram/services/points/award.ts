import type { PointsActions, PointsNoticeView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: awards points directly to a resident; listed in 公示 like an approved claim. */
export function awardPoints(fields: PointsActions['award']['req']): Promise<Result<PointsNoticeView>> {
  return callFunction('points', 'award', fields);
}
