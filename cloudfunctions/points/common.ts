// What every points action shares: the policy, who the caller is, and small read helpers.
import { z } from 'zod';
import { policyFromEnv, type PointsPolicy } from '../../domain/points/rules';
import { cannotReceive } from '../../domain/points/secondKey';
import { actsForCommunity, workbenchCommunity, type PointsActor } from '../../domain/points/staff';
import { AppError } from '../../server/function';
import { findUser, findUserCached, type UserDoc } from '../../server/repos/users';
import { communityOf } from '../../server/repos/points';
import { pointsDb, retrying } from '../../server/repos/pointsTx';

/** The deployment's rules (environment variables over the defaults). */
export function pointsPolicy(): PointsPolicy {
  return policyFromEnv(process.env);
}

/** The caller as staff, or NOT_STAFF: admins are not a unit's staff here either (remembered per instance for a minute, as cases does). */
export async function requireStaff(openid: string, now: Date): Promise<UserDoc> {
  const user = await retrying(() => findUserCached(openid, now));
  if (!user || user.role !== 'staff') throw new AppError('NOT_STAFF');
  return user;
}

/** The caller with their role and unit, for the rules; a resident when not bound (no throw). */
export async function actorOf(openid: string, now: Date): Promise<PointsActor> {
  const user = await retrying(() => findUserCached(openid, now));
  return { openid, role: user?.role ?? 'resident', unitId: user?.unitId ?? null };
}

/** RECIPIENT_IS_STAFF when `openid` is bound as staff or admin of any unit: read now, not from the minute's cache. */
export async function assertResidentRecipient(openid: string): Promise<void> {
  const user = await retrying(() => findUser(openid));
  const refused = cannotReceive(user?.role);
  if (refused) throw new AppError(refused.code, refused.detail);
}

/** Staff act for their own community only. */
export function assertCommunityStaff(user: UserDoc, communityId: string): void {
  if (!actsForCommunity(user, communityId))
    throw new AppError('NOT_COMMUNITY_STAFF', `${user.unitId} ≠ ${communityId}`);
}

/** The community whose 积分工作台 the caller runs, or null (home shows the entry from this too). */
export function workbenchOf(user: Pick<UserDoc, 'role' | 'unitId'>): string | null {
  return workbenchCommunity(user, (unitId) => communityOf(unitId) !== null);
}

/** The community a staff member works for (its shop, claims and 公示), or NOT_COMMUNITY_STAFF. */
export function ownCommunity(user: UserDoc): string {
  const communityId = workbenchOf(user);
  if (!communityId) throw new AppError('NOT_COMMUNITY_STAFF', String(user.unitId));
  return communityId;
}

/** One document by id, or null. */
export async function getDoc<T>(collection: string, id: string): Promise<T | null> {
  const res = await retrying<{ data: unknown }>(() => pointsDb().collection(collection).doc(id).get());
  return (res.data as T | null) ?? null;
}

export const PAGE_SIZE = 20;

/** Cursors are offsets into a stable order, opaque to clients. */
export const cursorSchema = z
  .string()
  .regex(/^\d{1,5}$/)
  .optional();

export function offsetOf(cursor: string | undefined): number {
  return cursor ? Number(cursor) : 0;
}

/** The next cursor after a page of `got` items fetched at `offset` (one extra item was asked for). */
export function nextCursor(offset: number, got: number): string | null {
  return got > PAGE_SIZE ? String(offset + PAGE_SIZE) : null;
}

/** Client request ids: long enough to be unique per device, short enough to hash cheaply. */
export const requestIdSchema = z.string().min(8).max(64);
