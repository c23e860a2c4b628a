import type { Page, PointsEntryView, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** The caller's ledger entries, newest first; pass nextCursor for more. */
export function getLedger(cursor?: string): Promise<Result<Page<PointsEntryView>>> {
  return callFunction('points', 'ledger', cursor ? { cursor } : {});
}
