import { z } from 'zod';
import { mintRevoked, normaliseInviteCode, redeemStep } from '../../../domain/invites';
import { SCENE } from '../../../server/contentCheck';
import { action, AppError } from '../../../server/function';
import { claimInvite, findInvite, type InviteDoc } from '../../../server/repos/invites';
import { findUnit } from '../../../server/repos/units';
import { addStaff, removeStaff, saveUser, type BoundUser } from '../../../server/repos/staff';
import { countAdmins, findUser, newStaffId } from '../../../server/repos/users';
import { redeemRosterInvite } from '../../../server/repos/rosters';
import type { Me } from '../../../typings/account';
import { meOf, nameSchema } from '../views';

const input = z.strictObject({ code: z.string().max(32), name: nameSchema.optional() });

/** The name audit entries and staff lists show for the first admin when the console's redemption gave none. */
export const FIRST_ADMIN_NAME = '首位管理员';

/** INVITE_REVOKED when the invite's unit was deactivated or its minter may no longer mint it. Requests: 2, at once. */
async function refuseRevoked(invite: InviteDoc): Promise<void> {
  const [minter, unit] = await Promise.all([
    invite.createdBy ? findUser(invite.createdBy) : null,
    findUnit(invite.unitId)
  ]);
  const revoked = mintRevoked(invite, minter, unit);
  if (revoked) throw new AppError(revoked);
}

/**
 * Binds the caller to the invite's unit and role. Writes, in this order:
 *  1. claim the invite (conditional on it being unused and unexpired: the only step that can lose a race);
 *  2. move the caller's unit membership (idempotent);
 *  3. write the user document, which marks the binding complete.
 * A failure after 1 leaves the code claimed by the caller, so their retry (before expiry) redoes 2–3;
 * nobody else can take the code meanwhile. Once the binding is written, the code is spent: after an
 * unbind it never binds again (domain/invites.ts redeemStep). Requests: 5 (6 when leaving another
 * unit, +1 for the first admin's bootstrap invite, +1 text check when a name is given); 2 on a repeat.
 * The binding gets a fresh opaque staffId (kept when an already bound person moves), and the name
 * the person gave, which staff lists show (the first admin, from the console's bootstrap code, is
 * named FIRST_ADMIN_NAME unless they give one). An invite whose unit was deactivated or whose minter lost
 * the right to mint it since is refused before anything is written (INVITE_REVOKED; +1 request: the
 * unit and the minter at once).
 */
export const redeemInvite = action(
  input,
  async ({ code: typed, name }, ctx): Promise<Me> => {
    if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
    const openid = ctx.openid;
    const code = normaliseInviteCode(typed);
    if (!code) throw new AppError('INVITE_INVALID');

    const [found, user] = await Promise.all([findInvite(code), findUser(openid) as Promise<BoundUser | null>]);
    // A roster seat (deliberation): the caller stays a resident; server/repos/rosters.ts seats them.
    if (found && (found.role === 'representative' || found.role === 'supervisor')) {
      if (found.usedBy === null) await refuseRevoked(found);
      await redeemRosterInvite(code, found, openid, name, user?.role ?? 'resident', ctx.now);
      return meOf(openid, user);
    }
    const step = redeemStep(code, found, openid, user && user.createdAt instanceof Date ? user : null, ctx.now);
    if (step.kind === 'refuse' || !found) throw new AppError(step.kind === 'refuse' ? step.code : 'INVITE_INVALID');
    if (step.kind === 'answer' && user) return meOf(openid, user);
    await refuseRevoked(found);
    // The console's first-admin code binds only while there is no admin: a leaked or second one is dead after.
    if (found.bootstrap && (await countAdmins(1)) > 0) throw new AppError('ALREADY_BOOTSTRAPPED');

    let invite: InviteDoc = found;
    if (step.kind === 'claim') {
      if (await claimInvite(code, openid, ctx.now)) invite = { ...invite, usedBy: openid, usedAt: ctx.now };
      else {
        // Claimed between our read and our write: by someone else, or by this user's other tap.
        const now = await findInvite(code);
        if (!now || now.usedBy !== openid)
          throw new AppError(now && now.usedBy === null ? 'INVITE_EXPIRED' : 'INVITE_USED');
        invite = now;
      }
    }

    const moves: Array<Promise<void>> = [];
    const leaving =
      user?.role === 'staff' && user.unitId !== null && (invite.role !== 'staff' || user.unitId !== invite.unitId);
    if (leaving && user?.unitId) moves.push(removeStaff(user.unitId, openid));
    if (invite.role === 'staff') moves.push(addStaff(invite.unitId, openid));
    await Promise.all(moves);

    const bound: BoundUser = {
      _id: openid,
      role: invite.role as BoundUser['role'], // roster roles were answered above
      unitId: invite.unitId,
      unitName: invite.unitName,
      createdAt: ctx.now,
      inviteCode: code,
      staffId: (user?.role !== 'resident' && user?.staffId) || newStaffId()
    };
    const given =
      name ?? (user?.role !== 'resident' ? user?.name : undefined) ?? (invite.bootstrap ? FIRST_ADMIN_NAME : undefined);
    if (given) bound.name = given;
    await saveUser(bound);
    return meOf(openid, bound);
  },
  // The name is shown to colleagues and admins: checked like any text others read.
  { texts: (i) => [i.name], scene: SCENE.profile }
);
