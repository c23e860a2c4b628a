import type { QueueCounts, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** 工作台：各页签的诉求数；部门据此进入吹哨待办。 */
export function getQueueCounts(): Promise<Result<QueueCounts>> {
  return callFunction('cases', 'queueCounts', {});
}
