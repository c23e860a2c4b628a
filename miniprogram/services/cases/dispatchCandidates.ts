import type { DispatchCandidate, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** 派员到场：可派的工作人员（本单位与属地村（社区）），按姓名列出，不显示账号。 */
export function dispatchCandidates(caseId: string): Promise<Result<DispatchCandidate[]>> {
  return callFunction('cases', 'dispatchCandidates', { caseId });
}
