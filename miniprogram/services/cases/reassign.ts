import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 区综治中心改派。 */
export function reassign(req: RequestFields<'cases', 'reassign'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'reassign', req);
}
