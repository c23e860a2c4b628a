import type { CaseSummary, Page, Result } from '../../../typings';
import { callFunction } from '../cloud';

export interface MineFilter {
  tab?: 'open' | 'rate' | 'ended';
  /** A 诉求编号. */
  code?: string;
}

/** The caller's own cases, newest first; pass nextCursor for the next page. */
export function getMyCases(cursor?: string, filter: MineFilter = {}): Promise<Result<Page<CaseSummary>>> {
  return callFunction('cases', 'mine', {
    ...(filter.tab ? { tab: filter.tab } : {}),
    ...(filter.code ? { code: filter.code } : {}),
    ...(cursor ? { cursor } : {})
  });
}
