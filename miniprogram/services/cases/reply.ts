import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Staff: a reply the resident sees. */
export function replyToCase(caseId: string, text: string): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'reply', { caseId, text });
}
