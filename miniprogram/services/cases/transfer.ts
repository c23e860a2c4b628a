import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: 转办 to another unit at the same level. */
export function transferCase(caseId: string, toUnitId: string, reason: string): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'transfer', { caseId, toUnitId, reason });
}
