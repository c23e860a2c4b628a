// stats: 考核 figures from pre-aggregated counters (never all cases), their export, and — on its
// timer — the nightly reconciliation of the counters against the cases.
import { z } from 'zod';
import { isoToDay } from '../../domain/time';
import { requireAdmin } from '../../server/admin';
import { audit } from '../../server/audit';
import { action, AppError, defineFunction, isTimerEvent } from '../../server/function';
import { loadReference } from '../../server/reference';
import { channels } from './actions/channels';
import { exportFile } from './actions/export';
import { kpis, ranking, trend } from './actions/read';
import { ensureCounterYears, pruneEventMarks } from '../../server/counters';
import { reconcileDay, reconcileYesterday } from './reconcile';

/** Admins may re-run the reconciliation of a given day (e.g. after an outage). */
const reconcile = action(z.object({ day: z.string().max(10) }).strict(), async (req, ctx) => {
  const { by } = await requireAdmin(ctx);
  const day = isoToDay(req.day);
  if (day === null) throw new AppError('PERIOD_INVALID', req.day);
  const report = await reconcileDay(day, ctx.now);
  await audit(
    {
      by,
      action: 'stats.reconcile',
      target: report.day,
      after: { drift: report.drift.length, repaired: report.repaired }
    },
    ctx.now
  );
  return report;
});

const handle = defineFunction({ kpis, ranking, trend, export: exportFile, reconcile, channels });

/** Calls go to their action; the timer trigger reconciles yesterday's counters and prepares next year's counter documents. */
export const main = Object.assign(
  async (event: unknown): Promise<unknown> => {
    if (isTimerEvent(event)) {
      const now = new Date();
      const ref = await loadReference(now);
      const prepared = await ensureCounterYears([...ref.units.keys()], now);
      await pruneEventMarks(now);
      return { ...(await reconcileYesterday(now)), counterDocsPrepared: prepared };
    }
    return handle(event);
  },
  { actions: handle.actions }
);
