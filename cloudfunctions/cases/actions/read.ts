import { z } from 'zod';
import { CASE_STATUSES } from '../../../domain/enums';
import type { CaseDetail, CaseSummary, Page, SupervisedCase, WhistleTask } from '../../../typings/cases';
import { shownWhistleOf } from '../../../domain/whistles';
import { mayReadCase } from '../../../domain/access';
import { supervisionViews, toDetail, toSummary, whistleView } from '../../../server/caseViews';
import { action, AppError } from '../../../server/function';
import { readerOf, requireOpenid, requireStaff, viewerOf, type Viewer } from '../../../server/identity';
import { loadReference } from '../../../server/reference';
import { decodeCursor, getCase, listCases } from '../../../server/repos/cases';
import { caseId, cursor } from '../../../server/schemas';

const PAGE_SIZE = 20;

/** 我的诉求: the caller's own cases, newest first (one indexed query). */
export const mine = action(z.object({ cursor }).strict(), async ({ cursor: c }, ctx): Promise<Page<CaseSummary>> => {
  const openid = requireOpenid(ctx);
  const ref = await loadReference(ctx.now);
  const page = await listCases({
    where: { reporterId: openid },
    order: 'createdAt',
    cursor: checkedCursor(c),
    limit: PAGE_SIZE
  });
  return { items: page.items.map((d) => toSummary(d, ref, ctx.now)), nextCursor: page.nextCursor };
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
  z.object({ status: z.enum(CASE_STATUSES).optional(), overdue: z.boolean().optional(), cursor }).strict(),
  async (req, ctx): Promise<Page<CaseSummary>> => {
    const ref = await loadReference(ctx.now);
    const staff = await requireStaff(ctx, ref);
    const where: Record<string, unknown> = { scopeIds: staff.unit.id };
    if (req.status) where.status = req.status;
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
