import { AppError, type ActionContext } from './function';
import { findUser, type UserDoc } from './repos/users';

/**
 * Lets through a bound admin, nobody else. A call without OPENID is NOT_LOGGED_IN: the console, WeChat's
 * HTTP API and anything reaching a function over HTTP all carry none, so its absence proves nothing.
 * The only callers accepted without one are timer events (isTimerEvent) and setup.bootstrap while no
 * admin exists. One uncached request: an admin who was unbound loses admin actions on their next call.
 */
export async function requireAdmin(ctx: ActionContext): Promise<{ by: string; user: UserDoc }> {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  const user = await findUser(ctx.openid);
  if (user?.role !== 'admin') throw new AppError('NOT_ADMIN');
  return { by: ctx.openid, user };
}

/**
 * An admin (any unit), or the head of `unitId` (staff with `head`, bound to that unit). Others: NOT_ADMIN
 * (plain staff and residents), OUTSIDE_OWN_UNIT (a head of another unit). One uncached request, so a
 * head who lost the flag or was unbound is refused on their next call.
 */
export async function requireAdminOrHead(
  ctx: ActionContext,
  unitId: string
): Promise<{ by: string; user: UserDoc; admin: boolean }> {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  const user = await findUser(ctx.openid);
  if (user?.role === 'admin') return { by: ctx.openid, user, admin: true };
  if (user?.role !== 'staff' || !user.head) throw new AppError('NOT_ADMIN');
  if (user.unitId !== unitId) throw new AppError('OUTSIDE_OWN_UNIT', unitId);
  return { by: ctx.openid, user, admin: false };
}

/**
 * requireAdmin alongside a read the action needs anyway (one round trip for both). The admin check
 * decides first whatever settles first, so a non-admin learns nothing from the read's failure.
 */
export async function adminWith<T>(ctx: ActionContext, read: Promise<T>): Promise<{ by: string; value: T }> {
  const [admin, value] = await Promise.allSettled([requireAdmin(ctx), read]);
  if (admin.status === 'rejected') throw admin.reason;
  if (value.status === 'rejected') throw value.reason;
  return { by: admin.value.by, value: value.value };
}
