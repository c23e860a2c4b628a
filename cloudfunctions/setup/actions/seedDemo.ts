import { z } from 'zod';
import { requireAdmin } from '../../../server/admin';
import { audit } from '../../../server/audit';
import { action, AppError } from '../../../server/function';
import type { SeedDemoResult } from '../../../typings/setup';
import { seedAll } from '../seeding';

/**
 * The local cloud sets LOCALCLOUD=1 in each function's environment (emulator/runtime/functions.ts).
 * CloudBase never does, and no caller can set a function's environment: only whoever deploys it.
 */
export function inLocalCloud(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOCALCLOUD === '1';
}

/** seed plus the demo identities (npm start runs it as admin-1 after bootstrap). Admins, in the local cloud only. */
export const seedDemo = action(z.object({}).strict(), async (_input, ctx): Promise<SeedDemoResult> => {
  // Demo identities are well known (admin-1, staff-…): in a real environment they would be open doors.
  if (!inLocalCloud()) throw new AppError('NOT_LOCAL_CLOUD');
  const { by } = await requireAdmin(ctx);
  const { collectionsCreated, created, demoUsersCreated } = await seedAll(ctx.now, true);
  await audit(
    { by, action: 'setup.seedDemo', target: 'organisation', after: { collectionsCreated, created, demoUsersCreated } },
    ctx.now
  );
  return { collectionsCreated, created, demoUsersCreated: demoUsersCreated ?? 0 };
});
