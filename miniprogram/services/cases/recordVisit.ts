import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 记录到场处置情况。 */
export function recordVisit(req: RequestFields<'cases', 'recordVisit'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'recordVisit', req);
}
