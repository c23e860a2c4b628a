// myCode {}: the caller's 积分码, a short-lived random number staff scan to award points (never the openid).
import { z } from 'zod';
import { requireOpenid } from '../../../server/identity';
import { action } from '../../../server/function';
import { issuePointsCode } from '../../../server/repos/pointsCodes';
import type { PointsCode } from '../../../typings/points';

export const myCode = action(z.object({}).strict(), async (_input, ctx): Promise<PointsCode> => {
  const { code, expiresAt } = await issuePointsCode(requireOpenid(ctx), ctx.now);
  return { code, expiresAt: expiresAt.toISOString() };
});
