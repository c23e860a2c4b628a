import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: 上报 one level up (community → town → district). */
export function escalateCase(caseId: string, reason: string): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'escalate', { caseId, reason });
}
