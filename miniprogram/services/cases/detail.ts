import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** One case with its timeline, replies and rating. */
export function getCaseDetail(caseId: string): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'detail', { caseId });
}
