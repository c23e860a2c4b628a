import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 吹哨单位撤回对某部门的吹哨。 */
export function withdrawWhistle(req: RequestFields<'cases', 'withdrawWhistle'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'withdrawWhistle', req);
}
