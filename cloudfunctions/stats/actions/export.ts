import writeXlsxFile, { type Row, type SheetData } from 'write-excel-file/node';
import { z } from 'zod';
import type { ExportFormat, ExportResponse, RankingItem } from '../../../typings/stats';
import { sdk } from '../../../server/cloud';
import { action, AppError } from '../../../server/function';
import { loadReference } from '../../../server/reference';
import { countedByUnit, kpisOf, periodOf, rankingOf, targetUnit, viewerUnit } from '../figures';
import { date, kind, unitId } from './read';

/** Temporary links last a day. */
const LINK_SECONDS = 86400;

type ExportRow = Partial<RankingItem> & { unitName: string };

/** One column of the export: a rate (0–1), a count, a score or text, and how to read it from a row. */
interface Column {
  head: string;
  type: 'rate' | 'count' | 'score' | 'text';
  width: number;
  get(r: ExportRow): string | number | null | undefined;
}

const COLUMNS: Column[] = [
  { head: '排名', type: 'count', width: 6, get: (r) => r.rank },
  { head: '单位', type: 'text', width: 22, get: (r) => r.unitName },
  { head: '响应率', type: 'rate', width: 10, get: (r) => r.responseRate },
  { head: '按时办结率', type: 'rate', width: 12, get: (r) => r.onTimeRate },
  { head: '满意率', type: 'rate', width: 10, get: (r) => r.satisfactionRate },
  { head: '应响应', type: 'count', width: 8, get: (r) => r.counts?.responseDue },
  { head: '按时响应', type: 'count', width: 10, get: (r) => r.counts?.responseMet },
  { head: '应办结', type: 'count', width: 8, get: (r) => r.counts?.resolveDue },
  { head: '按时办结', type: 'count', width: 10, get: (r) => r.counts?.resolveMet },
  { head: '评价数', type: 'count', width: 8, get: (r) => r.counts?.rated },
  { head: '其中回访', type: 'count', width: 10, get: (r) => r.counts?.byFollowUp },
  { head: '报到率', type: 'rate', width: 10, get: (r) => r.department?.checkInRate },
  { head: '反馈率', type: 'rate', width: 10, get: (r) => r.department?.reportRate },
  { head: '评价均分', type: 'score', width: 10, get: (r) => r.department?.evaluation },
  { head: '吹哨合理率', type: 'rate', width: 12, get: (r) => r.whistleReasonableRate }
];

/** A CSV field: quoted when it holds a comma, quote or line break. */
function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV of a unit's figures and a ranking: UTF-8 with a BOM, so Excel opens the Chinese correctly; rates in percent. */
function toCsv(title: string, rows: ExportRow[]): string {
  const head = COLUMNS.map((c) => (c.type === 'rate' ? `${c.head}(%)` : c.head));
  const text = (c: Column, v: string | number | null | undefined): string | number | null | undefined =>
    typeof v !== 'number' ? v : c.type === 'rate' ? (v * 100).toFixed(2) : c.type === 'score' ? v.toFixed(2) : v;
  const lines = [csvField(title), head.map(csvField).join(',')];
  for (const r of rows) lines.push(COLUMNS.map((c) => csvField(text(c, c.get(r)))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The same as one xlsx sheet: a title row, a bold frozen header, rates as numbers shown in percent. */
function toXlsx(title: string, rows: ExportRow[]): Promise<Buffer> {
  const format = { rate: '0.00%', score: '0.00', count: undefined, text: undefined } as const;
  const body: Row[] = rows.map((r) =>
    COLUMNS.map((c) => {
      const v = c.get(r);
      if (v === null || v === undefined) return null;
      return typeof v === 'number' ? { value: v, type: Number, format: format[c.type] } : { value: v, type: String };
    })
  );
  const data: SheetData = [
    [
      { value: title, type: String, fontWeight: 'bold', fontSize: 14, columnSpan: COLUMNS.length },
      ...COLUMNS.slice(1).map(() => null)
    ],
    COLUMNS.map((c) => ({ value: c.head, type: String, fontWeight: 'bold', align: 'center', wrap: true })),
    ...body
  ];
  return writeXlsxFile(data, {
    sheet: '考核指标',
    stickyRowsCount: 2,
    columns: COLUMNS.map((c) => ({ width: c.width }))
  }).toBuffer();
}

/** Each format's writer; the format is also the file's extension. */
const WRITERS: Record<ExportFormat, (title: string, rows: ExportRow[]) => Promise<Buffer>> = {
  xlsx: toXlsx,
  csv: (title, rows) => Promise.resolve(Buffer.from(toCsv(title, rows), 'utf8'))
};

/**
 * 导出: the unit's figures and the ranking below it as an xlsx (default; the phone can open it) or a CSV
 * in cloud storage, with a temporary link.
 */
export const exportFile = action(
  z
    .object({ unitId, kind: kind.optional(), from: date, to: date, format: z.enum(['xlsx', 'csv']).optional() })
    .strict(),
  async (req, ctx): Promise<ExportResponse> => {
    const p = periodOf(req.from, req.to);
    const ref = await loadReference(ctx.now);
    const viewer = await viewerUnit(ctx, ref);
    const unit = targetUnit(viewer, req.unitId, ref);
    const rankKind = req.kind ?? (unit.kind === 'district' ? 'town' : unit.kind === 'town' ? 'community' : null);
    // With a ranking every unit's counters are read anyway: one read serves both.
    const read = rankKind ? await countedByUnit(null, p, ctx) : undefined;
    const [own, ranking] = await Promise.all([
      kpisOf(unit, p, ctx, ref, read),
      rankKind ? rankingOf(rankKind, viewer, p, ctx, ref, read) : Promise.resolve(null)
    ]);
    const rows: ExportRow[] = [{ ...own, unitName: `${own.unitName}（合计）` }, ...(ranking?.items ?? [])];
    const title = `${unit.name} 考核指标 ${req.from} 至 ${own.countedTo ?? req.to}`;
    const format = req.format ?? 'xlsx';
    const stamp = ctx.now.toISOString().replace(/[-:]/g, '').slice(0, 15);
    const cloudPath = `exports/stats/${unit.id}/${req.from}_${req.to}_${stamp}.${format}`;
    try {
      const fileContent = await WRITERS[format](title, rows);
      const up = (await sdk().uploadFile({ cloudPath, fileContent })) as { fileID: string };
      const links = (await sdk().getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: LINK_SECONDS }] })) as {
        fileList: Array<{ tempFileURL: string; status?: number }>;
      };
      const url = links.fileList[0]?.tempFileURL;
      if (!url) throw new Error('no temp link');
      return {
        format,
        fileID: up.fileID,
        tempFileURL: url,
        expiresAt: new Date(ctx.now.getTime() + LINK_SECONDS * 1000).toISOString(),
        rows: rows.length
      };
    } catch (e) {
      console.error('stats export failed', e);
      throw new AppError('EXPORT_FAILED');
    }
  }
);
