import type { PointsBalance, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** The caller's spendable, pending and soon-expiring points. */
export function getPointsBalance(): Promise<Result<PointsBalance>> {
  return callFunction('points', 'balance');
}
