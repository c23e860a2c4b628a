import type { ResidentTodo, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** 消息中心: the caller's own cases that wait for them (待补充, 待评价), with the counts for the badges. */
export function getTodo(): Promise<Result<ResidentTodo>> {
  return callFunction('cases', 'todo', {});
}
