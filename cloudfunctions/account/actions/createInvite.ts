import { z } from 'zod';
import { inviteRefusal } from '../../../domain/invites';
import { rosterInviteRefusal } from '../../../domain/deliberationAccess';
import { audit } from '../../../server/audit';
import { action, AppError } from '../../../server/function';
import { mintInvite } from '../../../server/repos/invites';
import { findUnit } from '../../../server/repos/units';
import { findUser } from '../../../server/repos/users';
import { tempUrls } from '../../../server/photos';
import type { Invite } from '../../../typings/account';
import { ENV_VERSIONS, QR_UNAVAILABLE, storeInviteQr } from '../inviteQr';

const input = z.strictObject({
  unitId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  role: z.enum(['staff', 'admin', 'representative', 'supervisor']),
  /** The mini-program version the admin runs: the 小程序码 opens the same one. */
  envVersion: z.enum(ENV_VERSIONS).optional()
});

/**
 * A code that binds its redeemer to the unit and role for 7 days. Admins: any unit and role; a unit's
 * head: staff of their own unit (domain/invites.ts inviteRefusal). Nothing is written on a refusal.
 * Shown as a 小程序码 that opens the redeem page with the code as its scene (inviteQr.ts), drawn and
 * stored before the invite is written so the one insert carries its fileID; when WeChat refuses, the
 * invite is made anyway, without a QR, and the answer says so.
 * Requests: 4 (the caller and the unit read at once, the invite, the audit entry), plus the
 * wxacode.getUnlimited call, the upload and its temporary URL.
 */
export const createInvite = action(input, async ({ unitId, role, envVersion }, ctx): Promise<Invite> => {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  // Both reads at once; who the caller is still decides first, so an outsider learns nothing of the unit.
  const [inviter, found] = await Promise.allSettled([findUser(ctx.openid), findUnit(unitId)]);
  if (inviter.status === 'rejected') throw inviter.reason;
  // Deliberation rosters: the community's own staff invite its representatives and supervisory committee.
  const roster = role === 'representative' || role === 'supervisor';
  const refused = roster ? rosterInviteRefusal(inviter.value, unitId) : inviteRefusal(inviter.value, unitId, role);
  if (refused) throw new AppError(refused, unitId);
  if (found.status === 'rejected') throw found.reason;
  const by = ctx.openid;
  const unit = found.value;
  if (!unit) throw new AppError('UNKNOWN_UNIT', unitId);
  if (unit.inactive) throw new AppError('UNIT_INACTIVE', unitId);
  if (roster && unit.kind !== 'community') throw new AppError('UNKNOWN_COMMUNITY', unitId);
  const invite = await mintInvite({ unitId, unitName: unit.name, role, createdBy: by }, ctx.now, async (code) => {
    const qrFileId = await storeInviteQr(code, envVersion ?? 'release');
    return qrFileId ? { qrFileId } : {};
  });
  const expiresAt = invite.expiresAt.toISOString();
  // The code itself stays out of the log: whoever reads the log must not be able to redeem it.
  const [, urls] = await Promise.all([
    audit({ by, action: 'account.createInvite', target: unitId, after: { role, unitId, expiresAt } }, ctx.now),
    invite.qrFileId ? tempUrls([invite.qrFileId]).catch(() => new Map<string, string>()) : null
  ]);
  const qrUrl = (invite.qrFileId && urls?.get(invite.qrFileId)) || null;
  const answer: Invite = { code: invite._id, expiresAt, unitId, unitName: unit.name, role, qrUrl };
  if (!qrUrl) answer.qrUnavailable = QR_UNAVAILABLE;
  return answer;
});
