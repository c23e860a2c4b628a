import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 到场工作人员现场签到（记录与诉求地点的距离）。 */
export function onsiteCheckIn(req: RequestFields<'cases', 'onsiteCheckIn'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'onsiteCheckIn', req);
}
