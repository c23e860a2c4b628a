// Staff invites, one document per code (`_id` = the code, so a lookup is one indexed read).
import type { InviteRole } from '../../typings/account';
import { database, settle } from '../cloud';
import { COLLECTIONS } from '../collections';
import { isMissingCollection } from './users';

export interface InviteDoc {
  _id: string; // the code
  unitId: string;
  unitName: string;
  role: InviteRole;
  /** The admin's openid; null when a server-side call (the console) created it. */
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedBy: string | null;
  usedAt: Date | null;
}

/** The invite with this code, or null (also before setup created the collection). */
export async function findInvite(code: string): Promise<InviteDoc | null> {
  try {
    const res = await settle(database().collection(COLLECTIONS.invites).where({ _id: code }).limit(1).get());
    return (res.data[0] as InviteDoc | undefined) ?? null;
  } catch (e) {
    if (isMissingCollection(e)) return null;
    throw e;
  }
}

/** Stores a new invite; false when the code is taken (the caller draws another). */
export async function insertInvite(doc: InviteDoc): Promise<boolean> {
  try {
    await settle(database().collection(COLLECTIONS.invites).add({ data: doc as unknown as Record<string, unknown> }));
    return true;
  } catch (e) {
    if (/E11000|duplicate key/i.test(String((e as { errMsg?: string })?.errMsg ?? ''))) return false;
    throw e;
  }
}

/**
 * Marks an unused invite as used by `openid`; false when someone else's claim landed first.
 * The condition on `usedBy` makes this the one step that decides who owns a code.
 */
export async function claimInvite(code: string, openid: string, now: Date): Promise<boolean> {
  const res = await settle(
    database()
      .collection(COLLECTIONS.invites)
      .where({ _id: code, usedBy: null })
      .update({ data: { usedBy: openid, usedAt: now } })
  );
  return (res as { stats?: { updated?: number } }).stats?.updated === 1;
}
