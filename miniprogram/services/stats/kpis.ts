import type { KpisRequest, KpisResponse, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** 考核指标 of a unit (default: the caller's) over a period of Shanghai dates. */
export function getKpis(req: KpisRequest): Promise<Result<KpisResponse>> {
  return callFunction('stats', 'kpis', req);
}
