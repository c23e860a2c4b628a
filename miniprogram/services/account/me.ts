import type { Me, Result } from '../../../typings';
import { callFunction } from '../cloud';
import { remembered } from '../remember';

/** Who the current user is: openid, role and unit (asked once per visit, see services/remember). */
export const getMe: () => Promise<Result<Me>> = remembered(() => callFunction('account', 'me'));

/**
 * Why the admin pages cannot open for this user, or '' (when it is not known, the page tries: each
 * admin action is refused by the server anyway).
 */
export async function adminPagesRefusal(): Promise<string> {
  const me = await getMe();
  return me.ok && me.data.role !== 'admin' ? '管理后台仅供管理员使用' : '';
}
