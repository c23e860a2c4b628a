import { z } from 'zod';
import { requireAdmin } from '../../../server/admin';
import { audit } from '../../../server/audit';
import { action } from '../../../server/function';
import type { SeedResult } from '../../../typings/setup';
import { seedAll } from '../seeding';

/** Admins: collections, organisation and default rules, where missing. Requests: first run ~12, a re-run 6, +1 audit. */
export const seed = action(z.object({}).strict(), async (_input, ctx): Promise<SeedResult> => {
  const { by } = await requireAdmin(ctx);
  const { collectionsCreated, created } = await seedAll(ctx.now, false);
  await audit({ by, action: 'setup.seed', target: 'organisation', after: { collectionsCreated, created } }, ctx.now);
  return { collectionsCreated, created };
});
