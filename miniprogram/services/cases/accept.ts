import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: 受理, with an optional note to the resident. */
export function acceptCase(caseId: string, note?: string): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'accept', note ? { caseId, note } : { caseId });
}
