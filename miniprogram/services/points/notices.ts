import type { Page, PointsNoticeView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** A community's 公示 list, newest first. */
export function getNotices(communityId: string, cursor?: string): Promise<Result<Page<PointsNoticeView>>> {
  return callFunction('points', 'notices', cursor ? { communityId, cursor } : { communityId });
}
