import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 谁吹哨谁评价：吹哨单位评价报到部门。 */
export function evaluate(req: RequestFields<'ratings', 'evaluate'>): Promise<Result<CaseDetail>> {
  return callFunction('ratings', 'evaluate', req);
}
