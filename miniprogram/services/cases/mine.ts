import type { CaseSummary, Page, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** The caller's own cases, newest first; pass nextCursor for the next page. */
export function getMyCases(cursor?: string): Promise<Result<Page<CaseSummary>>> {
  return callFunction('cases', 'mine', cursor ? { cursor } : {});
}
