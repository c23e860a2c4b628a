import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 补充材料：诉求等待补充材料时提交，提交后恢复办理。 */
export function supplement(req: RequestFields<'cases', 'supplement'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'supplement', req);
}
