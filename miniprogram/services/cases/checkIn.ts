import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 部门报到。 */
export function checkIn(req: RequestFields<'cases', 'checkIn'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'checkIn', req);
}
