import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 部门评价本次吹哨是否合理。 */
export function evaluateWhistle(req: RequestFields<'ratings', 'evaluateWhistle'>): Promise<Result<CaseDetail>> {
  return callFunction('ratings', 'evaluateWhistle', req);
}
