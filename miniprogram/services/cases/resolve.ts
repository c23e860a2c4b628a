import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: 办结, with the result the resident sees and optional photos (uploaded cloud file ids). */
export function resolveCase(caseId: string, result: string, photos?: string[]): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'resolve', photos?.length ? { caseId, result, photos } : { caseId, result });
}
