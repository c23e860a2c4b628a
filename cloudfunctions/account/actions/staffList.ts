import { z } from 'zod';
import { requireAdminOrHead } from '../../../server/admin';
import { action, AppError } from '../../../server/function';
import { decodeCursor, encodeCursor } from '../../../server/repos/cases';
import { ensureStaffId, listUnitStaff } from '../../../server/repos/staff';
import { findUnit } from '../../../server/repos/units';
import type { StaffMember } from '../../../typings/admin';
import type { Page } from '../../../typings/cases';
import { staffMember } from '../views';

const PAGE = 30;

const input = z.strictObject({
  unitId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  cursor: z.string().max(200).optional()
});

/**
 * One page of a unit's staff and admins, earliest joined first (keyset on joinedAt, staffId). Admins:
 * any unit; a unit's head: their own (OUTSIDE_OWN_UNIT otherwise). Requests: 3 (the caller and the
 * unit at once, the page); +2 per binding written before staff ids existed (it gets its id).
 */
export const staffList = action(input, async ({ unitId, cursor }, ctx): Promise<Page<StaffMember>> => {
  const [who, unit] = await Promise.allSettled([requireAdminOrHead(ctx, unitId), findUnit(unitId)]);
  if (who.status === 'rejected') throw who.reason;
  if (unit.status === 'rejected') throw unit.reason;
  if (!unit.value) throw new AppError('UNKNOWN_UNIT', unitId);
  const { items, next } = await listUnitStaff(unitId, decodeCursor(cursor), PAGE);
  const members = await Promise.all(items.map(async (u) => staffMember({ ...u, staffId: await ensureStaffId(u) })));
  return { items: members, nextCursor: next ? encodeCursor(next) : null };
});
