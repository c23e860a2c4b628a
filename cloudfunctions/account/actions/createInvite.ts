import { z } from 'zod';
import { inviteRefusal } from '../../../domain/invites';
import { rosterInviteRefusal } from '../../../domain/deliberationAccess';
import { audit } from '../../../server/audit';
import { action, AppError } from '../../../server/function';
import { mintInvite } from '../../../server/repos/invites';
import { findUnit } from '../../../server/repos/units';
import { findUser } from '../../../server/repos/users';
import type { Invite } from '../../../typings/account';

const input = z.strictObject({
  unitId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  role: z.enum(['staff', 'admin', 'representative', 'supervisor'])
});

/**
 * A code that binds its redeemer to the unit and role for 7 days. Admins: any unit and role; a unit's
 * head: staff of their own unit (domain/invites.ts inviteRefusal). Nothing is written on a refusal.
 * Requests: 4 (the caller and the unit read at once, the invite, the audit entry).
 */
export const createInvite = action(input, async ({ unitId, role }, ctx): Promise<Invite> => {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  // Both reads at once; who the caller is still decides first, so an outsider learns nothing of the unit.
  const [inviter, found] = await Promise.allSettled([findUser(ctx.openid), findUnit(unitId)]);
  if (inviter.status === 'rejected') throw inviter.reason;
  // Deliberation rosters: the community's own staff invite its representatives and supervisory committee.
  const roster = role === 'representative' || role === 'supervisor';
  const refused = roster ? rosterInviteRefusal(inviter.value, unitId) : inviteRefusal(inviter.value, unitId, role);
  if (refused) throw new AppError(refused, unitId);
  if (found.status === 'rejected') throw found.reason;
  const by = ctx.openid;
  const unit = found.value;
  if (!unit) throw new AppError('UNKNOWN_UNIT', unitId);
  if (unit.inactive) throw new AppError('UNIT_INACTIVE', unitId);
  if (roster && unit.kind !== 'community') throw new AppError('UNKNOWN_COMMUNITY', unitId);
  const invite = await mintInvite({ unitId, unitName: unit.name, role, createdBy: by }, ctx.now);
  const expiresAt = invite.expiresAt.toISOString();
  // The code itself stays out of the log: whoever reads the log must not be able to redeem it.
  await audit({ by, action: 'account.createInvite', target: unitId, after: { role, unitId, expiresAt } }, ctx.now);
  return { code: invite._id, expiresAt, unitId, unitName: unit.name, role };
});
