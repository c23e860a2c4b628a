// Staff bindings: the `users` document (role and unit) and the unit's `staffOpenids` (see UnitDoc),
// which tells the cases function whom to notify. Every write here is idempotent.
import { database, settle } from '../cloud';
import { COLLECTIONS } from '../collections';
import type { UserDoc } from './users';

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
