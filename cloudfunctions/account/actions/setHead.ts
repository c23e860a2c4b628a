import { z } from 'zod';
import { requireAdmin } from '../../../server/admin';
import { audit } from '../../../server/audit';
import { action, AppError } from '../../../server/function';
import { updateUser } from '../../../server/repos/staff';
import type { StaffMember } from '../../../typings/admin';
import { boundByStaffId, staffIdSchema, staffMember } from '../views';

const input = z.strictObject({ staffId: staffIdSchema, head: z.boolean() });

/**
 * Admin only: makes a staff member their unit's head (who may invite staff for it and read its staff
 * list), or not. A unit may have several heads. Head checks read uncached, so it applies on the next
 * call. The same value again writes nothing. Requests: 4 (the admin and the person at once, the write, the audit entry).
 */
export const setHead = action(input, async ({ staffId, head }, ctx): Promise<StaffMember> => {
  const [admin, found] = await Promise.allSettled([requireAdmin(ctx), boundByStaffId(staffId)]);
  if (admin.status === 'rejected') throw admin.reason;
  if (found.status === 'rejected') throw found.reason;
  const { by } = admin.value;
  const user = found.value;
  if (user.role !== 'staff' || !user.unitId) throw new AppError('HEAD_MUST_BE_STAFF');
  const before = staffMember(user);
  if ((user.head === true) === head) return before;
  await updateUser(user._id, { head });
  const after = staffMember({ ...user, head });
  await audit({ by, action: 'account.setHead', target: staffId, before, after }, ctx.now);
  return after;
});
