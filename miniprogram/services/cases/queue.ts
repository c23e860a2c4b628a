import type { CaseStatus } from '../../../domain/enums';
import type { CaseSummary, Page, Result } from '../../../typings';
import { callFunction } from '../cloud';

export interface QueueFilter {
  status?: CaseStatus;
  overdue?: boolean;
}

/** Staff: the cases in the caller's scope, filtered; pass nextCursor for the next page. */
export function getQueue(filter: QueueFilter, cursor?: string): Promise<Result<Page<CaseSummary>>> {
  return callFunction('cases', 'queue', {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.overdue ? { overdue: true } : {}),
    ...(cursor ? { cursor } : {})
  });
}
