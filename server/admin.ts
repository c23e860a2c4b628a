import { AppError, type ActionContext } from './function';
import { findUser } from './repos/users';

/**
 * Lets through an admin, or a caller without OPENID: in WeChat every mini-program call carries one,
 * so its absence means a server-side caller (the DevTools console test, the HTTP API, another function).
 * One request for a mini-program caller, none for a server-side one.
 */
export async function requireAdmin(ctx: ActionContext): Promise<{ by: string | null }> {
  if (!ctx.openid) return { by: null };
  const user = await findUser(ctx.openid);
  if (user?.role !== 'admin') throw new AppError('NOT_ADMIN');
  return { by: ctx.openid };
}
