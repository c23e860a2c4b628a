import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** 催办：超过受理时限或临近办结时限后，每个工作日一次。 */
export function urge(caseId: string): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'urge', { caseId });
}
