import type { Page, Result, WhistleTask } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 部门的吹哨待办（含报到倒计时）。 */
export function whistles(req: RequestFields<'cases', 'whistles'>): Promise<Result<Page<WhistleTask>>> {
  return callFunction('cases', 'whistles', req);
}
