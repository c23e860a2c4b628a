import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 挂起：等待群众补充材料，办理时限暂停。 */
export function pause(req: RequestFields<'cases', 'pause'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'pause', req);
}
