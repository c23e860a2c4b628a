import type { CaseStatus } from '../../../domain/enums';
import type { CaseSummary, Page, Result } from '../../../typings';
import { callFunction } from '../cloud';

export interface QueueFilter {
  status?: CaseStatus;
  overdue?: boolean;
  /** 待办: open unit duties, soonest due first. */
  todo?: boolean;
  /** 回访: resolved cases unrated after the rating window. */
  followUp?: boolean;
  /** A 诉求编号 or a keyword. */
  search?: string;
}

/** Staff: the cases in the caller's scope, filtered; pass nextCursor for the next page. */
export function getQueue(filter: QueueFilter, cursor?: string): Promise<Result<Page<CaseSummary>>> {
  return callFunction('cases', 'queue', {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.overdue ? { overdue: true } : {}),
    ...(filter.todo ? { todo: true } : {}),
    ...(filter.followUp ? { followUp: true } : {}),
    ...(filter.search ? { search: filter.search } : {}),
    ...(cursor ? { cursor } : {})
  });
}
