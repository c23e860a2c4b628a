import type { Result, TrendRequest, TrendResponse } from '../../../typings';
import { callFunction } from '../cloud';

/** Monthly trend of the three rates, up to a month ('YYYY-MM'). */
export function getTrend(req: TrendRequest): Promise<Result<TrendResponse>> {
  return callFunction('stats', 'trend', req);
}
