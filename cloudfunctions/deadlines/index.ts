// 全程跟踪督办: the timer trigger (every 5 minutes) runs the deadline sweeper.
import { z } from 'zod';
import type { SweepReport } from '../../typings/cases';
import { requireAdmin } from '../../server/admin';
import { action, defineFunction, isTimerEvent } from '../../server/function';
import { sweep } from './sweep';

/** Admins (or server-side callers) may run a sweep by hand; it is idempotent. */
const handle = defineFunction({
  sweep: action(z.object({}).strict(), async (_req, ctx): Promise<SweepReport> => {
    await requireAdmin(ctx);
    return sweep(ctx.now);
  })
});

export async function main(event: unknown): Promise<unknown> {
  if (isTimerEvent(event)) return sweep(new Date());
  return handle(event);
}
