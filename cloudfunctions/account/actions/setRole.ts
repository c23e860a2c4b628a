import { z } from 'zod';
import { requireAdmin } from '../../../server/admin';
import { audit } from '../../../server/audit';
import { action, AppError } from '../../../server/function';
import { addStaff, removeStaff, updateUser } from '../../../server/repos/staff';
import { countAdmins } from '../../../server/repos/users';
import type { StaffMember } from '../../../typings/admin';
import { boundByStaffId, staffIdSchema, staffMember } from '../views';

const input = z.strictObject({ staffId: staffIdSchema, role: z.enum(['staff', 'admin']) });

/**
 * Admin only: staff ⇄ admin, in the same unit. Admins are nobody's staff, so the unit's staff list
 * (whom new cases notify) loses or gains them first; then the user document, which every role check
 * reads (admin checks at once, staff checks within the users cache's 60 s). The last admin cannot be
 * made staff (LAST_ADMIN). The same role again writes nothing. Requests: 5 (6 when demoting an admin).
 */
export const setRole = action(input, async ({ staffId, role }, ctx): Promise<StaffMember> => {
  const [admin, found] = await Promise.allSettled([requireAdmin(ctx), boundByStaffId(staffId)]);
  if (admin.status === 'rejected') throw admin.reason;
  if (found.status === 'rejected') throw found.reason;
  const { by } = admin.value;
  const user = found.value;
  const before = staffMember(user);
  if (user.role === role) return before;
  if (role === 'staff' && (await countAdmins(2)) < 2) throw new AppError('LAST_ADMIN');
  if (user.unitId) await (role === 'admin' ? removeStaff(user.unitId, user._id) : addStaff(user.unitId, user._id));
  await updateUser(user._id, { role, head: false });
  const after = staffMember({ ...user, role, head: false });
  await audit({ by, action: 'account.setRole', target: staffId, before, after }, ctx.now);
  return after;
});
