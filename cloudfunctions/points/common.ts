// What every points action shares: the policy, the reference data, who the caller is (server/identity's
// rule: admins are nobody's staff, in points as in cases), and paging.
import { z } from 'zod';
import type { Units } from '../../domain/org';
import { DEED_RULES, policyFromEnv, type PointsPolicy, type PointsRules } from '../../domain/points/rules';
import { cannotReceive } from '../../domain/points/secondKey';
import { actsForCommunity, workbenchCommunity, type PointsActor } from '../../domain/points/staff';
import { AppError, type ActionContext } from '../../server/function';
import { requireStaff, viewerOf, type Viewer } from '../../server/identity';
import { loadReference, type Reference } from '../../server/reference';
import { findUser } from '../../server/repos/users';
import { communityOf } from '../../server/repos/pointsViews';
import { retrying } from '../../server/repos/pointsTx';

export { requireOpenid } from '../../server/identity';

/**
 * The rules in force: what admins stored (setup.setRules points, read with the reference data and
 * cached with it for a minute) over the environment variables over the defaults. Without `ref`, the
 * instance's last reference read (or the environment, before any).
 */
export function pointsPolicy(ref?: Pick<Reference, 'points'>): PointsPolicy {
  return (ref ?? lastRef)?.points.policy ?? policyFromEnv(process.env);
}

let lastRef: Pick<Reference, 'points'> | null = null;

/** Each deed type's label and points range in force (as pointsPolicy: the last reference read). */
export function deedRules(): PointsRules['deeds'] {
  return lastRef?.points.deeds ?? DEED_RULES;
}

/** The organisation and rules, as cases read them (cached a minute per instance). */
export async function reference(ctx: ActionContext): Promise<Reference> {
  const ref = await retrying(() => loadReference(ctx.now));
  lastRef = ref;
  return ref;
}

/** The caller as server/identity sees them (a resident when not bound), with the reference data. */
export async function caller(ctx: ActionContext): Promise<{ viewer: Viewer; ref: Reference }> {
  const ref = await reference(ctx);
  return { viewer: await retrying(() => viewerOf(ctx, ref)), ref };
}

export type Staff = Extract<Viewer, { kind: 'staff' }>;

/** The caller as staff of some unit, or NOT_STAFF (admins included: they are nobody's staff). */
export async function staffCaller(ctx: ActionContext): Promise<{ staff: Staff; ref: Reference }> {
  const ref = await reference(ctx);
  return { staff: await retrying(() => requireStaff(ctx, ref)), ref };
}

/** The caller as the points rules see them. */
export function pointsActor(viewer: Viewer): PointsActor {
  return {
    openid: viewer.openid,
    role: viewer.kind,
    unitId: viewer.kind === 'staff' ? viewer.unit.id : null
  };
}

/** UNKNOWN_COMMUNITY unless the id names a village/community of the reference data. */
export function assertCommunity(units: Units, communityId: string): void {
  if (!communityOf(units, communityId)) throw new AppError('UNKNOWN_COMMUNITY', communityId);
}

/** RECIPIENT_IS_STAFF when `openid` is bound as staff or admin of any unit: read now, not from the minute's cache. */
export async function assertResidentRecipient(openid: string): Promise<void> {
  const user = await retrying(() => findUser(openid));
  const refused = cannotReceive(user?.role);
  if (refused) throw new AppError(refused.code, refused.detail);
}

/** Staff act for their own community only. */
export function assertCommunityStaff(staff: Staff, communityId: string): void {
  if (!actsForCommunity(pointsActor(staff), communityId))
    throw new AppError('NOT_COMMUNITY_STAFF', `${staff.unit.id} ≠ ${communityId}`);
}

/** The community whose 积分工作台 the caller runs, or null (home shows the entry from this too). */
export function workbenchOf(viewer: Viewer, units: Units): string | null {
  return workbenchCommunity(pointsActor(viewer), (unitId) => communityOf(units, unitId) !== null);
}

/** The community a staff member works for (its shop, claims and 公示), or NOT_COMMUNITY_STAFF. */
export function ownCommunity(staff: Staff, units: Units): string {
  const communityId = workbenchOf(staff, units);
  if (!communityId) throw new AppError('NOT_COMMUNITY_STAFF', staff.unit.id);
  return communityId;
}

export const PAGE_SIZE = 20;

/** Opaque keyset cursors (see server/repos/pointsStore listPage). */
export const cursorSchema = z.string().max(200).optional();

/** Client request ids: long enough to be unique per device, short enough to hash cheaply. */
export const requestIdSchema = z.string().min(8).max(64);
