import { z } from 'zod';
import { requireAdmin } from '../../../server/admin';
import { action } from '../../../server/function';
import type { Rules } from '../../../typings/setup';
import { readRules } from '../rules';

/** The rule sets in force, for the admin editor. Requests: 2 (the admin check, the config read). */
export const getRules = action(z.object({}).strict(), async (_input, ctx): Promise<Rules> => {
  await requireAdmin(ctx);
  return readRules();
});
