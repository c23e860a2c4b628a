import { z } from 'zod';
import { inviteProblem, mintRevoked, normaliseInviteCode } from '../../../domain/invites';
import { action, AppError } from '../../../server/function';
import { findInvite } from '../../../server/repos/invites';
import { findUnit } from '../../../server/repos/units';
import { countAdmins, findUser } from '../../../server/repos/users';
import type { InviteInfo } from '../../../typings/admin';

const input = z.strictObject({ code: z.string().max(32) });

/**
 * What a code would bind the caller to, shown on the redeem page before binding: the unit and role.
 * Anyone signed in; writes nothing. A used, expired, unknown or revoked code (its unit deactivated, its
 * minter's rights gone) gets its code, as redeeming would.
 * Requests: 3 (the invite, then its unit and its minter at once), +1 for the first admin's bootstrap invite.
 */
export const inviteInfo = action(input, async ({ code: typed }, ctx): Promise<InviteInfo> => {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  const code = normaliseInviteCode(typed);
  if (!code) throw new AppError('INVITE_INVALID');
  const invite = await findInvite(code);
  const problem = inviteProblem(invite, ctx.now);
  if (problem || !invite) throw new AppError(problem ?? 'INVITE_INVALID');
  const [unit, admins, minter] = await Promise.all([
    findUnit(invite.unitId),
    invite.bootstrap ? countAdmins(1) : 0,
    invite.createdBy ? findUser(invite.createdBy) : null
  ]);
  if (admins > 0) throw new AppError('ALREADY_BOOTSTRAPPED');
  if (!unit) throw new AppError('UNKNOWN_UNIT', invite.unitId);
  const revoked = mintRevoked(invite, minter, unit);
  if (revoked) throw new AppError(revoked);
  return {
    unitId: invite.unitId,
    unitName: unit.name,
    unitKind: unit.kind,
    role: invite.role,
    expiresAt: invite.expiresAt.toISOString()
  };
});
