import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 吹哨：镇街或区级调度部门报到（默认30分钟内）。 */
export function whistle(req: RequestFields<'cases', 'whistle'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'whistle', req);
}
