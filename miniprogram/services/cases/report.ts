import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 部门反馈办理结果。 */
export function report(req: RequestFields<'cases', 'report'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'report', req);
}
