import { z } from 'zod';
import type { ExportResponse, RankingItem } from '../../../typings/stats';
import { sdk } from '../../../server/cloud';
import { action, AppError } from '../../../server/function';
import { loadReference } from '../../../server/reference';
import { kpisOf, periodOf, rankingOf, targetUnit, viewerUnit } from '../figures';
import { date, kind, unitId } from './read';

/** Temporary links last a day. */
const LINK_SECONDS = 86400;

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '' : (x * 100).toFixed(2));

/** A CSV field: quoted when it holds a comma, quote or line break. */
function cell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV of a unit's figures and a ranking: UTF-8 with a BOM, so Excel opens the Chinese correctly. */
export function toCsv(title: string, rows: Array<Partial<RankingItem> & { unitName: string }>): string {
  const head = ['排名', '单位', '响应率(%)', '按时办结率(%)', '满意率(%)', '应响应', '按时响应', '应办结', '按时办结', '评价数', '其中回访', '报到率(%)', '反馈率(%)', '评价均分', '吹哨合理率(%)'];
  const lines = [cell(title), head.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.rank ?? '',
        r.unitName,
        pct(r.responseRate),
        pct(r.onTimeRate),
        pct(r.satisfactionRate),
        r.counts?.responseDue ?? '',
        r.counts?.responseMet ?? '',
        r.counts?.resolveDue ?? '',
        r.counts?.resolveMet ?? '',
        r.counts?.rated ?? '',
        r.counts?.byFollowUp ?? '',
        pct(r.department?.checkInRate),
        pct(r.department?.reportRate),
        r.department?.evaluation?.toFixed(2) ?? '',
        pct(r.whistleReasonableRate)
      ]
        .map(cell)
        .join(',')
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** 导出: the unit's figures and the ranking below it as a CSV in cloud storage, with a temporary link. */
export const exportCsv = action(z.object({ unitId, kind: kind.optional(), from: date, to: date }).strict(), async (req, ctx): Promise<ExportResponse> => {
  const p = periodOf(req.from, req.to);
  const ref = await loadReference(ctx.now);
  const viewer = await viewerUnit(ctx, ref);
  const unit = targetUnit(viewer, req.unitId, ref);
  const rankKind = req.kind ?? (unit.kind === 'district' ? 'town' : unit.kind === 'town' ? 'community' : null);
  const [own, ranking] = await Promise.all([kpisOf(unit, p, ctx, ref), rankKind ? rankingOf(rankKind, viewer, p, ctx, ref) : Promise.resolve(null)]);
  const rows: Array<Partial<RankingItem> & { unitName: string }> = [{ ...own, unitName: `${own.unitName}（合计）` }, ...(ranking?.items ?? [])];
  const csv = toCsv(`${unit.name} 考核指标 ${req.from} 至 ${own.countedTo ?? req.to}`, rows);
  const stamp = ctx.now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const cloudPath = `exports/stats/${unit.id}/${req.from}_${req.to}_${stamp}.csv`;
  try {
    const up = (await sdk().uploadFile({ cloudPath, fileContent: Buffer.from(csv, 'utf8') })) as { fileID: string };
    const links = (await sdk().getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: LINK_SECONDS }] })) as { fileList: Array<{ tempFileURL: string; status?: number }> };
    const url = links.fileList[0]?.tempFileURL;
    if (!url) throw new Error('no temp link');
    return { fileID: up.fileID, tempFileURL: url, expiresAt: new Date(ctx.now.getTime() + LINK_SECONDS * 1000).toISOString(), rows: rows.length };
  } catch (e) {
    console.error('stats export failed', e);
    throw new AppError('EXPORT_FAILED');
  }
});
