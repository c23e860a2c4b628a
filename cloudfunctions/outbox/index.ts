// The outbox of new cases: submit leaves its staff notices and partner event on the case, so that it
// writes only the case and its counts; this timer (every minute) sends them (flush.ts).
import { z } from 'zod';
import type { OutboxReport } from '../../typings/cases';
import { requireAdmin } from '../../server/admin';
import { action, defineFunction, isTimerEvent } from '../../server/function';
import { flushOutbox } from '../../server/outbox';

/** Admins may flush by hand (after an outage of the timer); it is idempotent. */
const handle = defineFunction({
  flush: action(z.object({}).strict(), async (_req, ctx): Promise<OutboxReport> => {
    await requireAdmin(ctx);
    return flushOutbox(ctx.now);
  })
});

export const main = Object.assign(
  async (event: unknown): Promise<unknown> => {
    if (isTimerEvent(event)) return flushOutbox(new Date());
    return handle(event);
  },
  { actions: handle.actions }
);
