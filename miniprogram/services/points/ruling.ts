import type { PointsNoticeView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: uphold (take the points back) or dismiss the objections to an award. */
export function ruleObjection(awardId: string, upheld: boolean, note: string): Promise<Result<PointsNoticeView>> {
  return callFunction('points', 'ruling', { awardId, upheld, note });
}
