import { z } from 'zod';
import { inviteProblem, normaliseInviteCode } from '../../../domain/invites';
import { action, AppError } from '../../../server/function';
import { findInvite } from '../../../server/repos/invites';
import { findUnit } from '../../../server/repos/units';
import { countAdmins } from '../../../server/repos/users';
import type { InviteInfo } from '../../../typings/admin';

const input = z.strictObject({ code: z.string().max(32) });

/**
 * What a code would bind the caller to, shown on the redeem page before binding: the unit and role.
 * Anyone signed in; writes nothing. A used, expired or unknown code gets its code, as redeeming would.
 * Requests: 2 (the invite, then its unit), +1 for the first admin's bootstrap invite.
 */
export const inviteInfo = action(input, async ({ code: typed }, ctx): Promise<InviteInfo> => {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  const code = normaliseInviteCode(typed);
  if (!code) throw new AppError('INVITE_INVALID');
  const invite = await findInvite(code);
  const problem = inviteProblem(invite, ctx.now);
  if (problem || !invite) throw new AppError(problem ?? 'INVITE_INVALID');
  const [unit, admins] = await Promise.all([findUnit(invite.unitId), invite.bootstrap ? countAdmins(1) : 0]);
  if (admins > 0) throw new AppError('ALREADY_BOOTSTRAPPED');
  if (!unit) throw new AppError('UNKNOWN_UNIT', invite.unitId);
  return {
    unitId: invite.unitId,
    unitName: unit.name,
    unitKind: unit.kind,
    role: invite.role,
    expiresAt: invite.expiresAt.toISOString()
  };
});
