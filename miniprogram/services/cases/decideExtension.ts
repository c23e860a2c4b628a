import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 上级督办单位审批延期。 */
export function decideExtension(req: RequestFields<'cases', 'decideExtension'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'decideExtension', req);
}
