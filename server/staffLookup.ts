import { AppError, type ActionContext } from './function';
import { requireOpenid, type Viewer } from './identity';
import type { Reference } from './reference';
import { database, settle } from './cloud';
import type { UserDoc } from './repos/users';

/**
 * The calling staff member and another person, in one request (`users` is keyed by openid): a
 * dispatch needs both, and so stays within three requests. `otherUnitId` is null when the other
 * person is not bound as staff. Same rules as identity.viewerOf.
 */
export async function staffPair(ctx: ActionContext, ref: Reference, otherOpenid: string): Promise<{ viewer: Extract<Viewer, { kind: 'staff' }>; otherUnitId: string | null }> {
  const openid = requireOpenid(ctx);
  const _ = database().command;
  const res = await settle(database().collection('users').where({ _id: _.in([openid, otherOpenid]) }).limit(2).get());
  const users = res.data as UserDoc[];
  const me = users.find((u) => u._id === openid);
  const unit = me?.role === 'staff' && me.unitId ? ref.units.get(me.unitId) : undefined;
  if (!me || !unit) throw new AppError('NOT_STAFF');
  const other = users.find((u) => u._id === otherOpenid);
  const otherUnitId = other?.role === 'staff' && other.unitId && ref.units.has(other.unitId) ? other.unitId : null;
  return { viewer: { kind: 'staff', openid, unit, user: me }, otherUnitId };
}
