import { z } from 'zod';
import { adminWith } from '../../../server/admin';
import { action } from '../../../server/function';
import type { RulesView } from '../../../typings/setup';
import { readRules, rulesView } from '../rules';

/**
 * The rule sets in force, for the admin editor, and whether next year's holidays are configured (the
 * banner from October on). Requests: 3 at once (the admin check, the config documents, the categories).
 */
export const getRules = action(z.object({}).strict(), async (_input, ctx): Promise<RulesView> => {
  const { value } = await adminWith(ctx, readRules());
  return rulesView(value, ctx.now);
});
