// How bindings look to pages: by their opaque staffId and the name the person gave, never the openid.
import { z } from 'zod';
import { AppError } from '../../server/function';
import { ensureStaffId } from '../../server/repos/staff';
import { findByStaffId, type UserDoc } from '../../server/repos/users';
import type { StaffMember } from '../../typings/admin';
import type { Me } from '../../typings/account';

/** A staffId as pages send it back. */
export const staffIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** A person's name as colleagues see it: 1–20 characters once trimmed. */
export const nameSchema = z
  .string()
  .max(40)
  .transform((s) => s.trim())
  .refine((s) => s.length >= 1 && [...s].length <= 20, { error: 'NAME_INVALID' });

/** A bound user as the staff list shows them (the user must carry a staffId: see ensureStaffId). */
export function staffMember(user: UserDoc & { staffId: string }): StaffMember {
  return {
    staffId: user.staffId,
    name: user.name ?? null,
    role: user.role === 'admin' ? 'admin' : 'staff',
    head: user.head === true,
    joinedAt: new Date(user.createdAt).toISOString(),
    unitId: user.unitId,
    unitName: user.unitName
  };
}

/** The bound user (staff or admin) with this staffId, or STAFF_NOT_FOUND. */
export async function boundByStaffId(staffId: string): Promise<UserDoc & { staffId: string }> {
  const user = await findByStaffId(staffId);
  if (!user || user.role === 'resident') throw new AppError('STAFF_NOT_FOUND', staffId);
  return { ...user, staffId };
}

/** The caller's identity; a binding written before staff ids existed gets its id now. */
export async function meOf(openid: string, user: UserDoc | null): Promise<Me> {
  const bound = user !== null && user.role !== 'resident';
  return {
    openid,
    role: user?.role ?? 'resident',
    unitId: user?.unitId ?? null,
    unitName: user?.unitName ?? null,
    staffId: bound && user ? await ensureStaffId(user) : null,
    name: bound ? (user?.name ?? null) : null,
    head: bound && user?.role === 'staff' && user.head === true
  };
}
