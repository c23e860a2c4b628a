// 全程跟踪督办: the timer trigger (every 5 minutes) runs the deadline sweeper.
import { z } from 'zod';
import type { SweepReport } from '../../typings/cases';
import { requireAdmin } from '../../server/admin';
import { audit } from '../../server/audit';
import { action, defineFunction, isTimerEvent } from '../../server/function';
import { sweep } from './sweep';

/** Admins may run a sweep by hand; it is idempotent. Recorded in the audit log. */
const handle = defineFunction({
  sweep: action(z.object({}).strict(), async (_req, ctx): Promise<SweepReport> => {
    const { by } = await requireAdmin(ctx);
    const report = await sweep(ctx.now);
    await audit({ by, action: 'deadlines.sweep', target: 'deadlines', after: report }, ctx.now);
    return report;
  })
});

/** The timer runs the sweep; calls go to their action. */
export const main = Object.assign(
  async (event: unknown): Promise<unknown> => {
    if (isTimerEvent(event)) return sweep(new Date());
    return handle(event);
  },
  { actions: handle.actions }
);
