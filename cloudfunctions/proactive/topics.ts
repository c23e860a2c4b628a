// 每月一题: the month's top clusters for the caller's scope (one read of the stored month), the
// 综治中心's pick (which opens the topic's proactive case if it has none yet), the published outcome
// once that case is resolved, and the xlsx export.
import writeXlsxFile, { type Row, type SheetData } from 'write-excel-file/node';
import { z } from 'zod';
import { canSeeFiguresOf, mayPickMonthlyTopic } from '../../domain/access';
import { type Cluster } from '../../domain/cluster';
import type { CaseStatus } from '../../domain/enums';
import type {
  MonthlyTopicsResponse,
  PublishedTopic,
  TopicExportResponse,
  TopicPickView,
  TopicRowView
} from '../../typings/proactive';
import { database, sdk, settle } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { action, AppError, type ActionContext } from '../../server/function';
import { viewerOf } from '../../server/identity';
import { loadReference, type Reference } from '../../server/reference';
import type { Unit } from '../../domain/org';
import { readMonth, type MonthDoc, type StoredRow } from './months';
import { openProactive, readOptions } from './nightly';
import { Requests } from './requests';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const LINK_SECONDS = 86400;
const TREND_NAMES = { up: '上升', down: '下降', flat: '持平', new: '新出现' } as const;

/** The caller's unit: staff their own; admins read as the district (they pick nothing). */
async function callerUnit(ctx: ActionContext, ref: Reference): Promise<{ unit: Unit; staff: string | null }> {
  const v = await viewerOf(ctx, ref);
  if (v.kind === 'staff') return { unit: v.unit, staff: v.openid };
  if (v.kind === 'admin') {
    const district = [...ref.units.values()].find((u) => u.kind === 'district');
    if (district) return { unit: district, staff: null };
  }
  throw new AppError('NOT_STAFF');
}

async function proactiveStatus(caseId: string): Promise<{ status: CaseStatus; code: string } | null> {
  const res = await settle(
    database().collection(COLLECTIONS.cases).where({ _id: caseId }).limit(1).field({ status: true, code: true }).get()
  );
  return (res.data[0] as { status: CaseStatus; code: string } | undefined) ?? null;
}

function pickView(pick: NonNullable<MonthDoc['pick']>, status: CaseStatus | null): TopicPickView {
  return {
    key: pick.key,
    pickedAt: new Date(pick.pickedAt).toISOString(),
    proactiveCaseId: pick.proactiveCaseId,
    proactiveCode: pick.proactiveCode,
    status,
    outcome: pick.outcome,
    publishedAt: pick.publishedAt ? new Date(pick.publishedAt).toISOString() : null
  };
}

/** The month's rows the unit may see: its own communities (the district all). */
function rowsFor(unit: Unit, doc: MonthDoc | null, ref: Reference): TopicRowView[] {
  // The members' ids stay stored (a pick needs them); the view carries the counts and points.
  return (doc?.rows ?? [])
    .filter((r) => canSeeFiguresOf(unit.id, r.communityId, ref.units))
    .map(({ caseIds: _ids, ...view }) => view);
}

async function topicsOf(ctx: ActionContext, m: string): Promise<{ res: MonthlyTopicsResponse; unit: Unit }> {
  const ref = await loadReference(ctx.now);
  const [{ unit }, doc] = await Promise.all([callerUnit(ctx, ref), readMonth(m, new Requests())]);
  const pick = doc?.pick ?? null;
  const status = pick ? ((await proactiveStatus(pick.proactiveCaseId))?.status ?? null) : null;
  return {
    unit,
    res: {
      month: m,
      computedAt: doc ? new Date(doc.computedAt).toISOString() : null,
      rows: rowsFor(unit, doc, ref),
      pick: pick ? pickView(pick, status) : null,
      mayPick: mayPickMonthlyTopic(unit.id, ref.units)
    }
  };
}

/** The month's top clusters in the caller's scope, with counts, trends, map points and the pick. */
export const monthly = action(z.object({ month }).strict(), async (req, ctx) => (await topicsOf(ctx, req.month)).res);

/** The 综治中心 picks the month's topic: a row of the month; it gets a proactive case if it has none. */
export const pickTopic = action(
  z.object({ month, key: z.string().min(1).max(64) }).strict(),
  async (req, ctx): Promise<MonthlyTopicsResponse> => {
    const ref = await loadReference(ctx.now);
    const [{ unit, staff }, doc] = await Promise.all([callerUnit(ctx, ref), readMonth(req.month, new Requests())]);
    if (!staff || !mayPickMonthlyTopic(unit.id, ref.units)) throw new AppError('NOT_TOPIC_PICKER');
    const row = doc?.rows.find((r) => r.key === req.key);
    if (!doc || !row) throw new AppError('TOPIC_NOT_FOUND', req.key);
    if (doc.pick) throw new AppError('TOPIC_ALREADY_PICKED', doc.pick.key);
    let caseId = row.proactiveCaseId;
    let code = caseId ? ((await proactiveStatus(caseId))?.code ?? '') : '';
    if (!caseId) {
      // Below the threshold, or picked before the night: open its proactive case now, from its members.
      const members = await clusterOf(row, ctx.now);
      const req2 = new Requests();
      const { o } = await readOptions(req2);
      const opened = await openProactive(members, ref, o, ctx.now, req2);
      caseId = opened._id;
      code = opened.code;
    }
    const pick = {
      key: row.key,
      pickedAt: ctx.now,
      pickedBy: staff,
      proactiveCaseId: caseId,
      proactiveCode: code,
      outcome: null,
      publishedAt: null
    };
    const _ = database().command;
    // Only while no pick is stored: two pickers at once, one wins.
    const res = await settle(
      database()
        .collection(COLLECTIONS.proactiveMonths)
        .where({ _id: req.month, pick: _.eq(null) })
        .update({ data: { pick: _.set(pick) } })
    );
    if ((res as { stats?: { updated?: number } }).stats?.updated !== 1) throw new AppError('TOPIC_ALREADY_PICKED');
    return (await topicsOf(ctx, req.month)).res;
  }
);

/** The row's cluster again, from its members' stored cases (one read). */
async function clusterOf(row: StoredRow, now: Date): Promise<Cluster> {
  const db = database();
  const _ = db.command;
  const res = await settle(
    db
      .collection(COLLECTIONS.cases)
      .where({ _id: _.in(row.caseIds) })
      .limit(1000)
      .field({ _id: true, unitId: true, reporterId: true, createdAt: true })
      .get()
  );
  const docs = res.data as Array<{ _id: string; unitId: string; reporterId: string; createdAt: Date }>;
  const sorted = [...docs].sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
  return {
    key: row.key,
    communityId: row.communityId,
    category: row.category,
    caseIds: sorted.map((d) => d._id),
    reporters: new Set(sorted.map((d) => d.reporterId)).size,
    unitIds: [...new Set(sorted.map((d) => d.unitId))].sort(),
    representativeId: row.key,
    text: row.text,
    center: row.center ? { latitude: row.center.latitude, longitude: row.center.longitude } : null,
    points: row.points,
    firstAt: sorted[0] ? new Date(sorted[0].createdAt) : now,
    lastAt: sorted.length ? new Date(sorted[sorted.length - 1].createdAt) : now,
    proactiveCaseIds: []
  };
}

/** Publishes the outcome once the topic's proactive case is resolved (or closed). */
export const publishTopic = action(
  z.object({ month, outcome: z.string().trim().min(1).max(1000) }).strict(),
  async (req, ctx): Promise<MonthlyTopicsResponse> => {
    const ref = await loadReference(ctx.now);
    const [{ unit, staff }, doc] = await Promise.all([callerUnit(ctx, ref), readMonth(req.month, new Requests())]);
    if (!staff || !mayPickMonthlyTopic(unit.id, ref.units)) throw new AppError('NOT_TOPIC_PICKER');
    if (!doc?.pick) throw new AppError('TOPIC_NOT_PICKED', req.month);
    const state = await proactiveStatus(doc.pick.proactiveCaseId);
    if (state?.status !== 'resolved' && state?.status !== 'closed') throw new AppError('TOPIC_NOT_DONE');
    await settle(
      database()
        .collection(COLLECTIONS.proactiveMonths)
        .where({ _id: req.month })
        .update({ data: { 'pick.outcome': req.outcome, 'pick.publishedAt': ctx.now } })
    );
    return (await topicsOf(ctx, req.month)).res;
  },
  // Published to residents: checked like any text others read.
  { texts: (i) => [i.outcome] }
);

/** The published topics, newest first: for anyone (the outcome is public). */
export const published = action(z.object({}).strict(), async (): Promise<PublishedTopic[]> => {
  const _ = database().command;
  const res = await settle(
    database()
      .collection(COLLECTIONS.proactiveMonths)
      .where({ 'pick.publishedAt': _.neq(null) })
      .orderBy('month', 'desc')
      .limit(24)
      .get()
  );
  return (res.data as MonthDoc[]).flatMap((d) => {
    const p = d.pick;
    const row = p ? d.rows.find((r) => r.key === p.key) : undefined;
    if (!p?.publishedAt || !p.outcome || !row) return [];
    return [
      {
        month: d.month,
        text: row.text,
        communityName: row.communityName,
        categoryName: row.categoryName,
        count: row.count,
        outcome: p.outcome,
        publishedAt: new Date(p.publishedAt).toISOString()
      }
    ];
  });
});

/** 导出: the month's top clusters in the caller's scope as one xlsx sheet, with a temporary link. */
export const exportTopics = action(z.object({ month }).strict(), async (req, ctx): Promise<TopicExportResponse> => {
  const { res, unit } = await topicsOf(ctx, req.month);
  const head = ['排名', '村（社区）', '类别', '诉求', '件数', '群众人数', '上月', '趋势', '每月一题'];
  const body: Row[] = res.rows.map((r, i) => [
    { value: i + 1, type: Number },
    { value: r.communityName, type: String },
    { value: r.categoryName, type: String },
    { value: r.text, type: String },
    { value: r.count, type: Number },
    { value: r.reporters, type: Number },
    { value: r.lastMonth, type: Number },
    { value: TREND_NAMES[r.trend], type: String },
    { value: res.pick?.key === r.key ? '是' : '', type: String }
  ]);
  const data: SheetData = [
    [
      {
        value: `${unit.name} ${req.month} 高频诉求（每月一题）`,
        type: String,
        fontWeight: 'bold',
        fontSize: 14,
        columnSpan: head.length
      },
      ...head.slice(1).map(() => null)
    ],
    head.map((h) => ({ value: h, type: String, fontWeight: 'bold', align: 'center' })),
    ...body
  ];
  const stamp = ctx.now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const cloudPath = `exports/topics/${unit.id}/${req.month}_${stamp}.xlsx`;
  try {
    const fileContent = await writeXlsxFile(data, {
      sheet: '每月一题',
      stickyRowsCount: 2,
      columns: [6, 14, 12, 40, 8, 10, 8, 8, 10].map((width) => ({ width }))
    }).toBuffer();
    const up = (await sdk().uploadFile({ cloudPath, fileContent })) as { fileID: string };
    const links = (await sdk().getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: LINK_SECONDS }] })) as {
      fileList: Array<{ tempFileURL: string }>;
    };
    const url = links.fileList[0]?.tempFileURL;
    if (!url) throw new Error('no temp link');
    return {
      fileID: up.fileID,
      tempFileURL: url,
      expiresAt: new Date(ctx.now.getTime() + LINK_SECONDS * 1000).toISOString(),
      rows: res.rows.length
    };
  } catch (e) {
    console.error('topic export failed', e);
    throw new AppError('EXPORT_FAILED');
  }
});
