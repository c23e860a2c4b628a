import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { INVITE_TTL_MS, makeInviteCode } from '../../../domain/invites';
import { requireAdmin } from '../../../server/admin';
import { action, AppError } from '../../../server/function';
import { insertInvite } from '../../../server/repos/invites';
import { findUnit } from '../../../server/repos/units';
import type { Invite } from '../../../typings/account';

const input = z.strictObject({
  unitId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  role: z.enum(['staff', 'admin'])
});

// 31^8 codes: a clash is rare enough that three draws never all collide in practice.
const DRAWS = 3;

/** Admin only: a code that binds its redeemer to the unit and role for 7 days. Requests: 3. */
export const createInvite = action(input, async ({ unitId, role }, ctx): Promise<Invite> => {
  // Both reads at once; the admin check still decides first, so a non-admin learns nothing.
  const [admin, found] = await Promise.allSettled([requireAdmin(ctx), findUnit(unitId)]);
  if (admin.status === 'rejected') throw admin.reason;
  if (found.status === 'rejected') throw found.reason;
  const { by } = admin.value;
  const unit = found.value;
  if (!unit) throw new AppError('UNKNOWN_UNIT', unitId);
  const expiresAt = new Date(ctx.now.getTime() + INVITE_TTL_MS);
  for (let i = 0; i < DRAWS; i++) {
    const code = makeInviteCode(randomInt);
    const stored = await insertInvite({
      _id: code,
      unitId,
      unitName: unit.name,
      role,
      createdBy: by,
      createdAt: ctx.now,
      expiresAt,
      usedBy: null,
      usedAt: null
    });
    if (stored) return { code, expiresAt: expiresAt.toISOString(), unitId, unitName: unit.name, role };
  }
  throw new Error('no free invite code after several draws');
});
