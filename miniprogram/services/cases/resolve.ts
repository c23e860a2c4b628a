import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: 办结, with the result the resident sees. */
export function resolveCase(caseId: string, result: string): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'resolve', { caseId, result });
}
