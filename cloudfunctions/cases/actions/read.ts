import { z } from 'zod';
import { CASE_STATUSES } from '../../../domain/enums';
import { CHANNELS } from '../../../domain/channel';
import { channelCondition } from '../../../server/channelFilter';
import type {
  CaseDetail,
  CaseSummary,
  Page,
  QueueCounts,
  ResidentTodo,
  SupervisedCase,
  WhistleTask
} from '../../../typings/cases';
import { residentTodo } from '../../../domain/residentActions';
import { shownWhistleOf } from '../../../domain/whistles';
import { mayReadCase } from '../../../domain/access';
import { supervisionViews, toDetail, toSummary, whistleView } from '../../../server/caseViews';
import { action, AppError } from '../../../server/function';
import { database } from '../../../server/cloud';
import { readerOf, requireOpenid, requireStaff, viewerOf, type Viewer } from '../../../server/identity';
import { loadReference } from '../../../server/reference';
import { decodeCursor, getCase, listCases } from '../../../server/repos/cases';
import { caseId, cursor } from '../../../server/schemas';
import {
  followUpDueBefore,
  NEVER,
  openCondition,
  queueCounts as countQueue,
  searchCondition
} from '../../../server/caseSearch';

const PAGE_SIZE = 20;

/** 我的诉求's tabs: the statuses each shows. */
const MINE_TABS = {
  open: ['submitted', 'accepted'],
  rate: ['resolved'],
  ended: ['closed', 'rejected']
} as const;

/**
 * 我的诉求: the caller's own cases, newest first (one indexed query); a tab filters by status within
 * the caller's own (few) cases, a 诉求编号 finds one of them.
 */
export const mine = action(
  z
    .object({
      cursor,
      tab: z.enum(['open', 'rate', 'ended']).optional(),
      code: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{3}-\d{8}-\d{4}$/, 'CASE_CODE_INVALID')
        .optional()
    })
    .strict(),
  async ({ cursor: c, tab, code }, ctx): Promise<Page<CaseSummary>> => {
    const openid = requireOpenid(ctx);
    const ref = await loadReference(ctx.now);
    const where: Record<string, unknown> = { reporterId: openid };
    if (tab) where.status = database().command.in([...MINE_TABS[tab]]);
    if (code) where.code = code.toUpperCase();
    const page = await listCases({
      where,
      order: 'createdAt',
      cursor: checkedCursor(c),
      limit: PAGE_SIZE
    });
    return { items: page.items.map((d) => toSummary(d, ref, ctx.now)), nextCursor: page.nextCursor };
  }
);

/** Open cases a 消息中心 reads at most: far beyond what one resident has open at once. */
const TODO_LIMIT = 100;

/**
 * 消息中心: the caller's own cases that wait for them, 待补充 (paused for their material) and 待评价
 * (resolved). One read through the `mine` index (reporterId, createdAt): its cost is the caller's open
 * cases, never the collection's.
 */
export const todo = action(z.object({}).strict(), async (_req, ctx): Promise<ResidentTodo> => {
  const openid = requireOpenid(ctx);
  const ref = await loadReference(ctx.now);
  const { items } = await listCases({
    where: { reporterId: openid, status: database().command.in(['submitted', 'accepted', 'resolved']) },
    order: 'createdAt',
    cursor: null,
    limit: TODO_LIMIT
  });
  const rows = items.flatMap((d) => {
    const need = residentTodo(d);
    return need ? [{ ...toSummary(d, ref, ctx.now), need }] : [];
  });
  // 待补充 first: it stops the unit's clock until the resident answers.
  const material = rows.filter((r) => r.need === 'material');
  const rate = rows.filter((r) => r.need === 'rate');
  return { awaitingRating: rate.length, awaitingMaterial: material.length, items: [...material, ...rate] };
});

/** A case with its timeline, replies and rating; the reporter needs one request, staff two. */
export const detail = action(z.object({ caseId }).strict(), async (req, ctx): Promise<CaseDetail> => {
  const openid = requireOpenid(ctx);
  const ref = await loadReference(ctx.now);
  const doc = await getCase(req.caseId);
  if (!doc) throw new AppError('NOT_FOUND', req.caseId);
  const viewer: Viewer = doc.reporterId === openid ? { kind: 'resident', openid } : await viewerOf(ctx, ref);
  if (!mayReadCase(doc, readerOf(viewer), ref.units)) throw new AppError('NOT_FOUND', req.caseId);
  return toDetail(doc, viewer, ref, ctx.now);
});

/**
 * 工作台: the cases the caller's unit holds or oversees now (access.ts): a community its own, a town
 * its own and its communities', the district all — one query on `scopeIds` (the holder's chain only,
 * so a case leaves a queue with the job), newest first, or most urgent first when `overdue`.
 */
export const queue = action(
  z
    .object({
      status: z.enum(CASE_STATUSES).optional(),
      overdue: z.boolean().optional(),
      // 待办: cases with a unit duty still open (not paused), the soonest due first.
      todo: z.boolean().optional(),
      // 回访: resolved cases whose reporter did not rate within the window, the most overdue first.
      followUp: z.boolean().optional(),
      // 诉求编号 (exact) or a keyword of the description.
      search: z.string().trim().min(1).max(40).optional(),
      channel: z.enum(CHANNELS).optional(),
      cursor
    })
    .strict(),
  async (req, ctx): Promise<Page<CaseSummary>> => {
    const ref = await loadReference(ctx.now);
    const staff = await requireStaff(ctx, ref);
    const where: Record<string, unknown> = { scopeIds: staff.unit.id };
    if (req.status) where.status = req.status;
    if (req.search) Object.assign(where, searchCondition(req.search));
    if (req.todo || req.followUp) {
      if (req.followUp) where.status = 'resolved';
      else if (!req.status) Object.assign(where, openCondition());
      const page = await listCases({
        where,
        order: 'dueAt',
        dueBefore: req.followUp ? followUpDueBefore(ctx.now) : NEVER,
        cursor: checkedCursor(req.cursor),
        limit: PAGE_SIZE
      });
      return { items: page.items.map((d) => toSummary(d, ref, ctx.now)), nextCursor: page.nextCursor };
    }
    if (req.channel) where.channel = channelCondition(req.channel); // a filter on the queue's index range
    const page = await listCases({
      where,
      order: req.overdue ? 'dueAt' : 'createdAt',
      dueBefore: req.overdue ? ctx.now : undefined,
      cursor: checkedCursor(req.cursor),
      limit: PAGE_SIZE
    });
    return { items: page.items.map((d) => toSummary(d, ref, ctx.now)), nextCursor: page.nextCursor };
  }
);

/** 工作台 tabs: how many cases each holds in the caller's scope; `department`: a department lands on 吹哨待办. */
export const queueCounts = action(z.object({}).strict(), async (_req, ctx): Promise<QueueCounts> => {
  const ref = await loadReference(ctx.now);
  const staff = await requireStaff(ctx, ref);
  const counts = await countQueue(staff.unit.id, ctx.now);
  return { ...counts, department: staff.unit.kind === 'department' };
});

/** A department's whistle queue (newest case first): whistles in force (`whistledTo`), each with its check-in countdown; one indexed query. */
export const whistles = action(
  z.object({ pending: z.boolean().optional(), cursor }).strict(),
  async (req, ctx): Promise<Page<WhistleTask>> => {
    const ref = await loadReference(ctx.now);
    const staff = await requireStaff(ctx, ref);
    const dept = staff.unit.id;
    const page = await listCases({
      where: req.pending ? { whistlePending: dept } : { whistledTo: dept },
      order: 'createdAt',
      cursor: checkedCursor(req.cursor),
      limit: PAGE_SIZE
    });
    const items: WhistleTask[] = [];
    for (const d of page.items) {
      const w = shownWhistleOf(d, dept);
      if (w) items.push({ ...toSummary(d, ref, ctx.now), whistle: whistleView(d, w, ref, ctx.now) });
    }
    return { items, nextCursor: page.nextCursor };
  }
);

/** 督办 list: cases with open supervision items raised to the caller's unit; the district's holds every one. */
export const supervision = action(z.object({ cursor }).strict(), async (req, ctx): Promise<Page<SupervisedCase>> => {
  const ref = await loadReference(ctx.now);
  const staff = await requireStaff(ctx, ref);
  const page = await listCases({
    where: { supervisors: staff.unit.id },
    order: 'createdAt',
    cursor: checkedCursor(req.cursor),
    limit: PAGE_SIZE
  });
  return {
    items: page.items.map((d) => ({
      ...toSummary(d, ref, ctx.now),
      supervision: supervisionViews(d.supervision, ref)
    })),
    nextCursor: page.nextCursor
  };
});

function checkedCursor(c: string | undefined) {
  const parsed = decodeCursor(c);
  if (c && !parsed) throw new AppError('FIELD_INVALID', 'cursor');
  return parsed;
}
