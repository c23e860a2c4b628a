import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: 不予受理, with the reason shown to the resident. */
export function rejectCase(caseId: string, reason: string): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'reject', { caseId, reason });
}
