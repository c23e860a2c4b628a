import { z } from 'zod';
import { requireAdmin } from '../../../server/admin';
import { action } from '../../../server/function';
import type { SeedResult } from '../../../typings/setup';
import { seedAll } from '../seeding';

/** Collections, organisation and default rules, where missing. Requests: first run ~12, a re-run 6. */
export const seed = action(z.object({}).strict(), async (_input, ctx): Promise<SeedResult> => {
  await requireAdmin(ctx);
  const { collectionsCreated, created } = await seedAll(ctx.now, false);
  return { collectionsCreated, created };
});
