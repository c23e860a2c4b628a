// webhooks: every minute, sends the outbox's due events to the partners (deliver.ts).
import { z } from 'zod';
import type { DeliveryReport } from '../../typings/partners';
import { requireAdmin } from '../../server/admin';
import { audit } from '../../server/audit';
import { action, defineFunction, isTimerEvent } from '../../server/function';
import { deliverDue } from './deliver';
import { flushOutbox } from '../../server/outbox';

/** Admins may run the sender by hand (after a partner's outage, say). Recorded in the audit log. */
const handle = defineFunction({
  deliver: action(z.object({}).strict(), async (_req, ctx): Promise<DeliveryReport> => {
    const { by } = await requireAdmin(ctx);
    const report = await deliverDue(ctx.now);
    await audit({ by, action: 'webhooks.deliver', target: 'webhookOutbox', after: report }, ctx.now);
    return report;
  })
});

export const main = Object.assign(
  async (event: unknown): Promise<unknown> => {
    if (isTimerEvent(event)) {
      const now = new Date();
      // New cases' first events wait in their outbox (server/outbox.ts): out first, so each case's go in order.
      await flushOutbox(now);
      return deliverDue(now);
    }
    return handle(event);
  },
  { actions: handle.actions }
);
