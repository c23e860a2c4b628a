import type { Me, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Who the current user is: openid, role and unit. */
export function getMe(): Promise<Result<Me>> {
  return callFunction('account', 'me');
}
