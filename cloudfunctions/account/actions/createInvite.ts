import { z } from 'zod';
import { requireAdmin } from '../../../server/admin';
import { audit } from '../../../server/audit';
import { action, AppError } from '../../../server/function';
import { mintInvite } from '../../../server/repos/invites';
import { findUnit } from '../../../server/repos/units';
import type { Invite } from '../../../typings/account';

const input = z.strictObject({
  unitId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  role: z.enum(['staff', 'admin'])
});

/** Admin only: a code that binds its redeemer to the unit and role for 7 days. Requests: 4 (with the audit entry). */
export const createInvite = action(input, async ({ unitId, role }, ctx): Promise<Invite> => {
  // Both reads at once; the admin check still decides first, so a non-admin learns nothing.
  const [admin, found] = await Promise.allSettled([requireAdmin(ctx), findUnit(unitId)]);
  if (admin.status === 'rejected') throw admin.reason;
  if (found.status === 'rejected') throw found.reason;
  const { by } = admin.value;
  const unit = found.value;
  if (!unit) throw new AppError('UNKNOWN_UNIT', unitId);
  const invite = await mintInvite({ unitId, unitName: unit.name, role, createdBy: by }, ctx.now);
  const expiresAt = invite.expiresAt.toISOString();
  // The code itself stays out of the log: whoever reads the log must not be able to redeem it.
  await audit({ by, action: 'account.createInvite', target: unitId, after: { role, unitId, expiresAt } }, ctx.now);
  return { code: invite._id, expiresAt, unitId, unitName: unit.name, role };
});
