import type { PointsNoticeView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Objects to an award during its 公示. */
export function objectToAward(awardId: string, reason: string): Promise<Result<PointsNoticeView>> {
  return callFunction('points', 'object', { awardId, reason });
}
