// sharing (数据共享): every night, the previous day's cases per unit to storage (exportDay.ts).
import { z } from 'zod';
import { isoToDay, shanghaiDay } from '../../domain/time';
import type { DailyExportReport } from '../../typings/partners';
import { requireAdmin } from '../../server/admin';
import { audit } from '../../server/audit';
import { action, AppError, defineFunction, isTimerEvent } from '../../server/function';
import { exportDay } from './exportDay';

/** Admins may export a day again (after an outage, or a day before this function existed). */
const handle = defineFunction({
  exportDay: action(z.object({ day: z.string().max(10) }).strict(), async (req, ctx): Promise<DailyExportReport> => {
    const { by } = await requireAdmin(ctx);
    const day = isoToDay(req.day);
    if (day === null) throw new AppError('PERIOD_INVALID', req.day);
    const report = await exportDay(day, ctx.now);
    await audit({ by, action: 'sharing.exportDay', target: report.day, after: { cases: report.cases } }, ctx.now);
    return report;
  })
});

export const main = Object.assign(
  async (event: unknown): Promise<unknown> => {
    const now = new Date();
    if (isTimerEvent(event)) return exportDay(shanghaiDay(now) - 1, now);
    return handle(event);
  },
  { actions: handle.actions }
);
