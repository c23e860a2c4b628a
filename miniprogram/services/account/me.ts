import type { Me, Result } from '../../../typings';
import { callFunction } from '../cloud';
import { remembered } from '../remember';

/** Who the current user is: openid, role and unit (asked once per visit, see services/remember). */
export const getMe: () => Promise<Result<Me>> = remembered(() => callFunction('account', 'me'));
