import type { FollowState, Result, SimilarCase, SimilarRequest } from '../../../typings';
import { callFunction } from '../cloud';

export type { SimilarCase };

/** 相似诉求: open cases nearby of the same category with similar text, before filing a new one. */
export function similarCases(q: SimilarRequest): Promise<Result<{ items: SimilarCase[] }>> {
  return callFunction('cases', 'similar', q);
}

/** 关注: follow a case instead of filing it again; its notices reach the follower too. */
export function followCase(caseId: string): Promise<Result<FollowState>> {
  return callFunction('cases', 'follow', { caseId });
}

/** 取消关注. */
export function unfollowCase(caseId: string): Promise<Result<FollowState>> {
  return callFunction('cases', 'unfollow', { caseId });
}
