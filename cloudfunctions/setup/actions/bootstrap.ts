import { z } from 'zod';
import { audit } from '../../../server/audit';
import { action, AppError } from '../../../server/function';
import { orgSeed } from '../../../server/orgSeed';
import { expireBootstrapInvites, mintInvite } from '../../../server/repos/invites';
import { countAdmins } from '../../../server/repos/users';
import type { BootstrapResult } from '../../../typings/setup';
import { seedAll } from '../seeding';

/**
 * The one action open to a call without OPENID (the console's 云端测试, `npm start`), and only while no
 * admin is bound: seeds the organisation (idempotent, as `seed`) and answers the first admin's invite
 * for the district. A call WITH an OPENID is refused, even an admin's: admins invite with
 * account.createInvite. Each run ends the previous unused bootstrap invites, and redeeming one fails
 * once any admin exists (account.redeemInvite), so two runs at once leave at most one admin-maker
 * usable after the first redemption. Requests: as seed, +1 admin check, +1 expiry, +1 invite, +1 audit.
 */
export const bootstrap = action(z.object({}).strict(), async (_input, ctx): Promise<BootstrapResult> => {
  if (ctx.openid) throw new AppError('BOOTSTRAP_CONSOLE_ONLY');
  if ((await countAdmins(1)) > 0) throw new AppError('ALREADY_BOOTSTRAPPED');
  const district = orgSeed(ctx.now).units.find((u) => u.kind === 'district');
  if (!district) throw new Error('the organisation seed has no district');
  const { collectionsCreated, created } = await seedAll(ctx.now, false);
  await expireBootstrapInvites(ctx.now);
  const invite = await mintInvite(
    { unitId: district._id, unitName: district.name, role: 'admin', createdBy: null, bootstrap: true },
    ctx.now
  );
  const expiresAt = invite.expiresAt.toISOString();
  await audit(
    {
      by: null,
      action: 'setup.bootstrap',
      target: district._id,
      after: { collectionsCreated, created, adminInviteExpiresAt: expiresAt }
    },
    ctx.now
  );
  return {
    collectionsCreated,
    created,
    adminInvite: { code: invite._id, expiresAt, unitId: district._id, unitName: district.name }
  };
});
