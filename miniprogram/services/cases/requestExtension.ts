import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 承办单位申请延期。 */
export function requestExtension(req: RequestFields<'cases', 'requestExtension'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'requestExtension', req);
}
