import type { Actor } from '../domain/case';
import type { Reader } from '../domain/access';
import type { Unit } from '../domain/org';
import type { Reference } from './reference';
import { findUserCached, type UserDoc } from './repos/users';
import { AppError, type ActionContext } from './function';

/** Who is calling, as the rules see it. */
export type Viewer =
  | { kind: 'resident'; openid: string }
  | { kind: 'staff'; openid: string; unit: Unit; user: UserDoc }
  | { kind: 'admin'; openid: string; user: UserDoc };

export function requireOpenid(ctx: ActionContext): string {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  return ctx.openid;
}

/** Looks the caller up (one request, none on a warm instance): staff and admins are bound in `users`; anyone else is a resident. */
export async function viewerOf(ctx: ActionContext, ref: Reference): Promise<Viewer> {
  const openid = requireOpenid(ctx);
  const user = await findUserCached(openid, ctx.now);
  if (user?.role === 'admin') return { kind: 'admin', openid, user };
  if (user?.role === 'staff' && user.unitId) {
    const unit = ref.units.get(user.unitId);
    if (unit) return { kind: 'staff', openid, unit, user };
  }
  return { kind: 'resident', openid };
}

export async function requireStaff(ctx: ActionContext, ref: Reference): Promise<Extract<Viewer, { kind: 'staff' }>> {
  const viewer = await viewerOf(ctx, ref);
  if (viewer.kind !== 'staff') throw new AppError('NOT_STAFF');
  return viewer;
}

export function actorOf(viewer: Viewer): Actor {
  return viewer.kind === 'staff'
    ? { kind: 'staff', staffId: viewer.openid, unitId: viewer.unit.id }
    : { kind: 'resident', openid: viewer.openid };
}

/** The viewer as the access rule reads them (domain/access.ts): an actor, or an admin. */
export function readerOf(viewer: Viewer): Reader {
  return viewer.kind === 'admin' ? { kind: 'admin', openid: viewer.openid } : actorOf(viewer);
}
