import { AppError, type ActionContext } from './function';
import { findUser } from './repos/users';

/**
 * Lets through a bound admin, nobody else. A call without OPENID is NOT_LOGGED_IN: the console, WeChat's
 * HTTP API and anything reaching a function over HTTP all carry none, so its absence proves nothing.
 * The only callers accepted without one are timer events (isTimerEvent) and setup.bootstrap while no
 * admin exists. One uncached request: an admin who was unbound loses admin actions on their next call.
 */
export async function requireAdmin(ctx: ActionContext): Promise<{ by: string }> {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  const user = await findUser(ctx.openid);
  if (user?.role !== 'admin') throw new AppError('NOT_ADMIN');
  return { by: ctx.openid };
}
