// 全程跟踪督办: the timer trigger (every 5 minutes) runs the deadline sweeper.
import { z } from 'zod';
import type { SweepReport } from '../../typings/cases';
import { requireAdmin } from '../../server/admin';
import { wxContext } from '../../server/cloud';
import { action, defineFunction } from '../../server/function';
import { sweep } from './sweep';

/** Admins (or server-side callers) may run a sweep by hand; it is idempotent. */
const handle = defineFunction({
  sweep: action(z.object({}).strict(), async (_req, ctx): Promise<SweepReport> => {
    await requireAdmin(ctx);
    return sweep(ctx.now);
  })
});

export async function main(event: unknown): Promise<unknown> {
  // Only the platform fires a timer without an OPENID; a mini-program caller always carries one.
  const timer = typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer';
  if (timer && !wxContext().openid) return sweep(new Date());
  return handle(event);
}
