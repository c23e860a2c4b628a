// Staff bindings: the `users` document (role and unit) and the unit's `staffOpenids` (see UnitDoc),
// which tells the cases function whom to notify. Every write here is idempotent.
import { database, settle } from '../cloud';
import { COLLECTIONS } from '../collections';
import type { Cursor } from './cases';
import { newStaffId, type UserDoc } from './users';

/** A user document as an invite writes it: `inviteCode` marks which redemption it completes. */
export type BoundUser = UserDoc & { inviteCode?: string };

/** Writes the user's binding as a whole (one request). */
export async function saveUser(user: BoundUser): Promise<void> {
  const { _id, ...data } = user;
  await settle(database().collection(COLLECTIONS.users).doc(_id).set({ data }));
}

/** Adds a staff member to a unit (one request). */
export async function addStaff(unitId: string, openid: string): Promise<void> {
  const db = database();
  await settle(
    db
      .collection(COLLECTIONS.units)
      .doc(unitId)
      .update({ data: { staffOpenids: db.command.addToSet(openid) } })
  );
}

/** Removes a staff member from a unit they left (one request). */
export async function removeStaff(unitId: string, openid: string): Promise<void> {
  const db = database();
  await settle(
    db
      .collection(COLLECTIONS.units)
      .doc(unitId)
      .update({ data: { staffOpenids: db.command.pull(openid) } })
  );
}

/** One page of a unit's staff and admins, earliest joined first, keyset-paged on (createdAt, staffId). */
export async function listUnitStaff(
  unitId: string,
  cursor: Cursor | null,
  limit: number
): Promise<{ items: UserDoc[]; next: Cursor | null }> {
  const db = database();
  const _ = db.command;
  const bound = { unitId, role: _.in(['staff', 'admin']) };
  const where = cursor
    ? _.and([
        bound,
        _.or([{ createdAt: _.gt(new Date(cursor.key)) }, { createdAt: new Date(cursor.key), staffId: _.gt(cursor.id) }])
      ])
    : bound;
  const res = await settle(
    db
      .collection(COLLECTIONS.users)
      .where(where)
      .orderBy('createdAt', 'asc')
      .orderBy('staffId', 'asc')
      .limit(limit + 1)
      .get()
  );
  const docs = res.data as UserDoc[];
  const items = docs.slice(0, limit);
  const last = items[items.length - 1];
  const next = docs.length > limit && last ? { key: new Date(last.createdAt).getTime(), id: last.staffId ?? '' } : null;
  return { items, next };
}

/** Gives a binding written before staff ids existed its id (one conditional request); answers the id in force. */
export async function ensureStaffId(user: UserDoc): Promise<string> {
  if (user.staffId) return user.staffId;
  const db = database();
  const staffId = newStaffId();
  await settle(
    db
      .collection(COLLECTIONS.users)
      .where({ _id: user._id, staffId: db.command.exists(false) })
      .update({ data: { staffId } })
  );
  const again = await settle(db.collection(COLLECTIONS.users).where({ _id: user._id }).limit(1).get());
  return (again.data[0] as UserDoc | undefined)?.staffId ?? staffId;
}

/** Changes fields of one binding (one request). */
export async function updateUser(openid: string, data: Partial<Omit<UserDoc, '_id'>>): Promise<void> {
  await settle(database().collection(COLLECTIONS.users).doc(openid).update({ data }));
}
