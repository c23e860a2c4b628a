import { z } from 'zod';
import { isoToDay } from '../../../domain/time';
import type { KpisResponse, RankingResponse, TrendResponse } from '../../../typings/stats';
import { action, AppError } from '../../../server/function';
import { loadReference } from '../../../server/reference';
import { kpisOf, periodOf, rankingOf, targetUnit, trendOf, viewerUnit } from '../figures';

export const date = z.string().max(10);
export const unitId = z.string().min(1).max(64).optional();
export const kind = z.enum(['town', 'department', 'community']);

/** 考核指标 of a unit (default: the caller's) over a period. */
export const kpis = action(
  z.object({ unitId, from: date, to: date }).strict(),
  async (req, ctx): Promise<KpisResponse> => {
    const p = periodOf(req.from, req.to);
    const ref = await loadReference(ctx.now);
    const viewer = await viewerUnit(ctx, ref);
    return kpisOf(targetUnit(viewer, req.unitId, ref), p, ctx, ref);
  }
);

/** 排名 of all towns, departments or communities; the caller sees the units in its scope, with their rank among all. */
export const ranking = action(
  z.object({ kind, from: date, to: date }).strict(),
  async (req, ctx): Promise<RankingResponse> => {
    const p = periodOf(req.from, req.to);
    const ref = await loadReference(ctx.now);
    const viewer = await viewerUnit(ctx, ref);
    const r = await rankingOf(req.kind, viewer, p, ctx, ref);
    return { kind: req.kind, from: req.from, countedTo: r.countedTo, total: r.total, items: r.items };
  }
);

/** Monthly trend of the three rates: `months` months up to `to` ('YYYY-MM'). */
export const trend = action(
  z
    .object({
      unitId,
      to: z.string().regex(/^\d{4}-\d{2}$/, 'PERIOD_INVALID'),
      months: z.number().int().min(1).max(12).optional()
    })
    .strict(),
  async (req, ctx): Promise<TrendResponse> => {
    const [y, m] = req.to.split('-').map(Number);
    if (m < 1 || m > 12 || isoToDay(`${req.to}-01`) === null) throw new AppError('PERIOD_INVALID', req.to);
    const ref = await loadReference(ctx.now);
    const viewer = await viewerUnit(ctx, ref);
    const unit = targetUnit(viewer, req.unitId, ref);
    const n = req.months ?? 6;
    const months = Array.from({ length: n }, (_, i) => {
      const k = y * 12 + (m - 1) - (n - 1 - i);
      return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
    });
    const points = await trendOf(
      unit,
      months.map((month) => ({ month, period: periodOf(`${month}-01`, lastDayOf(month)) })),
      ctx,
      ref
    );
    return { unitId: unit.id, points };
  }
);

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(d).padStart(2, '0')}`;
}
