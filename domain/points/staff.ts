// Who works 德分宝 for a community: its own staff, and nobody else. Admins set the platform up; like
// cases (server/identity.ts), they never act as a unit's staff, so no account outside a community can
// award, approve or rule on its points. Pure: the caller's role and unit come in, and whether a unit
// is a village/community is asked of the caller's reference data.

export type PointsRole = 'resident' | 'staff' | 'admin';

/** The caller as the points rules see them; anyone not bound to a unit is a resident. */
export interface PointsActor {
  openid: string;
  role: PointsRole;
  unitId: string | null;
}

/** Whether `actor` acts as staff of `communityId`: that community's own staff only. */
export function actsForCommunity(actor: Pick<PointsActor, 'role' | 'unitId'>, communityId: string): boolean {
  return actor.role === 'staff' && actor.unitId === communityId;
}

/**
 * The community whose 积分工作台 (claims queue, pickups, shop) `actor` runs: staff of a
 * village/community, else null. `isCommunity` tells whether a unit id names one.
 */
export function workbenchCommunity(
  actor: Pick<PointsActor, 'role' | 'unitId'>,
  isCommunity: (unitId: string) => boolean
): string | null {
  if (actor.role !== 'staff' || !actor.unitId) return null;
  return isCommunity(actor.unitId) ? actor.unitId : null;
}
