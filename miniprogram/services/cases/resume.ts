import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 恢复办理，时限顺延。 */
export function resume(req: RequestFields<'cases', 'resume'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'resume', req);
}
