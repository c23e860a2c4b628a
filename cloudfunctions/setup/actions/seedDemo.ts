import { z } from 'zod';
import { requireAdmin } from '../../../server/admin';
import { action } from '../../../server/function';
import type { SeedDemoResult } from '../../../typings/setup';
import { seedAll } from '../seeding';

/** seed plus the demo identities (npm start runs it on an empty local cloud). Residents need no document. */
export const seedDemo = action(z.object({}).strict(), async (_input, ctx): Promise<SeedDemoResult> => {
  await requireAdmin(ctx);
  const { collectionsCreated, created, demoUsersCreated } = await seedAll(ctx.now, true);
  return { collectionsCreated, created, demoUsersCreated: demoUsersCreated ?? 0 };
});
