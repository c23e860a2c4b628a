import { z } from 'zod';
import { action, AppError } from '../../../server/function';
import { findUser } from '../../../server/repos/users';
import type { Me } from '../../../typings/account';
import { meOf } from '../views';

/** Who is calling: anyone not bound by an invite (or the demo seed) is a resident. One request. */
export const me = action(z.object({}).strict(), async (_input, ctx): Promise<Me> => {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  return meOf(ctx.openid, await findUser(ctx.openid));
});
