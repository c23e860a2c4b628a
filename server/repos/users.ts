import { randomBytes } from 'node:crypto';
import type { Role } from '../../typings/account';
import { database, settle } from '../cloud';

export interface UserDoc {
  _id: string; // the openid
  role: Role;
  unitId: string | null;
  unitName: string | null;
  createdAt: Date;
  /** Set when an admin removed the binding (account.unbind): the document stays, as a resident's. */
  unboundBy?: string;
  /** The binding's opaque id, what pages and the audit log name people by (never the openid). */
  staffId?: string;
  /** The name the person gave (account.redeemInvite, account.setName). */
  name?: string;
  /** Head of their unit: may invite staff for it and read its staff list. */
  head?: boolean;
}

const COLLECTION = 'users';

/** The user bound to an openid; anyone not bound (or before setup) is a resident. */
export async function findUser(openid: string): Promise<UserDoc | null> {
  try {
    const res = await settle(database().collection(COLLECTION).where({ _id: openid }).limit(1).get());
    return (res.data[0] as UserDoc | undefined) ?? null;
  } catch (e) {
    if (isMissingCollection(e)) return null;
    throw e;
  }
}

/** How many admins are bound, counting at most `upTo` (one request); 0 before setup. */
export async function countAdmins(upTo: number): Promise<number> {
  try {
    const res = await settle(
      database().collection(COLLECTION).where({ role: 'admin' }).field({ _id: true }).limit(upTo).get()
    );
    return res.data.length;
  } catch (e) {
    if (isMissingCollection(e)) return 0;
    throw e;
  }
}

export function isMissingCollection(e: unknown): boolean {
  return (e as { errCode?: number })?.errCode === -502005;
}

// Staff act on case after case: a warm instance remembers who they are for a minute, so a staff
// action costs its case read and write only. A role change or an unbind reaches every instance within
// that minute: an entry older than USER_TTL_MS (60 s) is read again. Admin checks do not use the cache.
const USER_TTL_MS = 60_000;
const MAX_CACHED = 5000;
const cache = new Map<string, { at: number; user: UserDoc | null }>();

/** findUser, remembered per instance for a minute (role checks on hot paths). */
export async function findUserCached(openid: string, now: Date): Promise<UserDoc | null> {
  const hit = cache.get(openid);
  if (hit && now.getTime() - hit.at < USER_TTL_MS && now.getTime() >= hit.at) return hit.user;
  const user = await findUser(openid);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(openid, { at: now.getTime(), user });
  return user;
}

/** A fresh opaque binding id: 16 characters, unrelated to the openid. */
export function newStaffId(): string {
  return randomBytes(12).toString('base64url');
}

/** The bound user (staff or admin) with this binding id, or null (one request through the staff_id index). */
export async function findByStaffId(staffId: string): Promise<UserDoc | null> {
  try {
    const _ = database().command;
    const res = await settle(
      database()
        .collection(COLLECTION)
        .where({ staffId, role: _.in(['staff', 'admin']) })
        .limit(1)
        .get()
    );
    return (res.data[0] as UserDoc | undefined) ?? null;
  } catch (e) {
    if (isMissingCollection(e)) return null;
    throw e;
  }
}

/** Users by openid (one request; at most 100), for showing names. */
export async function findUsers(openids: readonly string[]): Promise<UserDoc[]> {
  if (openids.length === 0) return [];
  const _ = database().command;
  const res = await settle(
    database()
      .collection(COLLECTION)
      .where({ _id: _.in([...new Set(openids)].slice(0, 100)) })
      .limit(100)
      .get()
  );
  return res.data as UserDoc[];
}

/** Users by binding id (one request; at most 100), for showing names. */
export async function findUsersByStaffIds(staffIds: readonly string[]): Promise<UserDoc[]> {
  if (staffIds.length === 0) return [];
  const _ = database().command;
  const res = await settle(
    database()
      .collection(COLLECTION)
      .where({ staffId: _.in([...new Set(staffIds)].slice(0, 100)) })
      .limit(100)
      .get()
  );
  return res.data as UserDoc[];
}
