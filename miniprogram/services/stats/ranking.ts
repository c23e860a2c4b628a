import type { RankingRequest, RankingResponse, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** 排名 of towns, departments or communities; the caller sees those in its scope. */
export function getRanking(req: RankingRequest): Promise<Result<RankingResponse>> {
  return callFunction('stats', 'ranking', req);
}
