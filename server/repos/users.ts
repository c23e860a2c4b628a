import type { Role } from '../../typings/account';
import { database, settle } from '../cloud';

export interface UserDoc {
  _id: string; // the openid
  role: Role;
  unitId: string | null;
  unitName: string | null;
  createdAt: Date;
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

export function isMissingCollection(e: unknown): boolean {
  return (e as { errCode?: number })?.errCode === -502005;
}
