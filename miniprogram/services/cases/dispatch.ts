import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 网上吹哨网下报到：派工作人员到场。 */
export function dispatch(req: RequestFields<'cases', 'dispatch'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'dispatch', req);
}
