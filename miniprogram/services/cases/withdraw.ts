import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 撤回：受理前可撤回自己的诉求。 */
export function withdraw(req: RequestFields<'cases', 'withdraw'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'withdraw', req);
}
