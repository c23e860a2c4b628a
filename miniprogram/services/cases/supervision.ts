import type { Page, Result, SupervisedCase } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 督办清单。 */
export function supervision(req: RequestFields<'cases', 'supervision'>): Promise<Result<Page<SupervisedCase>>> {
  return callFunction('cases', 'supervision', req);
}
