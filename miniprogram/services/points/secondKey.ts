import type { Page, PointsNoticeView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: the community's awards above the threshold waiting for a second key. */
export function getAwaitingAwards(cursor?: string): Promise<Result<Page<PointsNoticeView>>> {
  return callFunction('points', 'awaiting', cursor ? { cursor } : {});
}

/** Staff (not the one who proposed it): the second key; the award's 公示 starts now. */
export function confirmAward(awardId: string): Promise<Result<PointsNoticeView>> {
  return callFunction('points', 'confirmAward', { awardId });
}

/** Staff (not the one who proposed it): refuses the award with a reason; a claim is refused with it. */
export function declineAward(awardId: string, reason: string): Promise<Result<PointsNoticeView>> {
  return callFunction('points', 'declineAward', { awardId, reason });
}
