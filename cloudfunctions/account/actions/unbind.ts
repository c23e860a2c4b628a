import { z } from 'zod';
import { requireAdmin } from '../../../server/admin';
import { audit } from '../../../server/audit';
import { action, AppError } from '../../../server/function';
import { removeStaff, saveUser } from '../../../server/repos/staff';
import { countAdmins } from '../../../server/repos/users';
import type { UnbindResult } from '../../../typings/account';
import { boundByStaffId, staffIdSchema, staffMember } from '../views';

const input = z.strictObject({ staffId: staffIdSchema });

/**
 * Admin only: removes a staff or admin binding; the person is a resident from then on. Writes, in order:
 *  1. leave the unit's staff list (idempotent; no more case notices);
 *  2. overwrite the user document with a resident's, stamped with who unbound them. That document is
 *     what every role check reads, and it makes any invite this person redeemed before spent for good.
 * Admin checks read it uncached, so admin actions stop on the next call; staff checks within the users
 * cache window (60 s, server/repos/users.ts). Requests: 5 (6 when an admin unbinds an admin).
 */
export const unbind = action(input, async ({ staffId }, ctx): Promise<UnbindResult> => {
  const [admin, found] = await Promise.allSettled([requireAdmin(ctx), boundByStaffId(staffId)]);
  if (admin.status === 'rejected') throw admin.reason;
  if (found.status === 'rejected') throw new AppError('NOT_BOUND');
  const { by } = admin.value;
  const user = found.value;
  // The last admin would leave nobody to invite anyone (bootstrap reopens only with no admin at all).
  if (user.role === 'admin' && (await countAdmins(2)) < 2) throw new AppError('LAST_ADMIN');

  if (user.role === 'staff' && user.unitId) await removeStaff(user.unitId, user._id);
  // The old staffId and name stay for the audit log's sake; the role checks read only `role`.
  await saveUser({
    _id: user._id,
    role: 'resident',
    unitId: null,
    unitName: null,
    createdAt: ctx.now,
    unboundBy: by,
    staffId,
    ...(user.name ? { name: user.name } : {})
  });
  const removed = { role: user.role, unitId: user.unitId, unitName: user.unitName };
  await audit(
    { by, action: 'account.unbind', target: staffId, before: staffMember(user), after: { role: 'resident' } },
    ctx.now
  );
  return { staffId, removed };
});
