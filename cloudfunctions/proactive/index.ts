// 未诉先办 (issue 17): the nightly timer clusters the window's cases and opens proactive cases
// (主动治理); the monthly topic (每月一题) is read, picked, published and exported here.
import { z } from 'zod';
import type { NightlyReport } from '../../typings/proactive';
import { requireAdmin } from '../../server/admin';
import { audit } from '../../server/audit';
import { action, defineFunction, isTimerEvent } from '../../server/function';
import { nightly } from './nightly';
import { exportTopics, monthly, pickTopic, publishTopic, published } from './topics';

const handle = defineFunction({
  /** Admins may run the night by hand (a completed night starts over; it is idempotent). Recorded in the audit log. */
  run: action(z.object({}).strict(), async (_req, ctx): Promise<NightlyReport> => {
    const { by } = await requireAdmin(ctx);
    const report = await nightly(ctx.now, true);
    await audit({ by, action: 'proactive.run', target: 'proactive', after: report }, ctx.now);
    return report;
  }),
  monthly,
  pickTopic,
  publishTopic,
  published,
  export: exportTopics
});

/** The timer runs the night; calls go to their action. */
export const main = Object.assign(
  async (event: unknown): Promise<unknown> => {
    if (isTimerEvent(event)) return nightly(new Date());
    return handle(event);
  },
  { actions: handle.actions }
);
