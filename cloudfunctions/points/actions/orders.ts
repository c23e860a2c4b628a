// orders: the caller's redemptions; cancel (the resident, before pickup: refund and restock);
// verify (核销, staff of the shop's community, by pickup code). An order's outcome is one document,
// created by whichever of cancel and verify comes first; the spend entry itself never changes.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { cannotCancel, cannotCollect, planCancel } from '../../../domain/points/shop';
import { action, AppError } from '../../../server/function';
import {
  expireEntry,
  orderIdOf,
  orderView,
  POINTS_COLLECTIONS as C,
  requireOpenid,
  txAccount,
  txWrite,
  type ItemDoc,
  type NewEntry,
  type OutcomeDoc,
  type SpendDoc
} from '../../../server/repos/points';
import { duplicateOf, pointsDb, retrying, transact } from '../../../server/repos/pointsTx';
import type { Page } from '../../../typings/cases';
import type { PointsOrderView } from '../../../typings/points';
import { cursorSchema, getDoc, nextCursor, offsetOf, ownCommunity, PAGE_SIZE, requireStaff } from '../common';

const ORDER_ID = /^\d{12}-\d{6}$/;

export const orders = action(z.object({ cursor: cursorSchema }).strict(), async (input, ctx): Promise<Page<PointsOrderView>> => {
  const openid = requireOpenid(ctx.openid);
  const offset = offsetOf(input.cursor);
  const db = pointsDb();
  const res = await retrying<{ data: unknown[] }>(() => db.collection(C.ledger).where({ openid, kind: 'spend' }).orderBy('seq', 'desc').skip(offset).limit(PAGE_SIZE + 1).get());
  const spends = (res.data as SpendDoc[]).slice(0, PAGE_SIZE);
  const ids = spends.map((s) => s._id);
  const outcomes = ids.length
    ? ((await retrying<{ data: unknown[] }>(() => db.collection(C.outcomes).where({ _id: db.command.in(ids) }).limit(PAGE_SIZE).get())).data as OutcomeDoc[])
    : [];
  const byId = new Map(outcomes.map((o) => [o._id, o]));
  return { items: spends.map((s) => orderView(s, byId.get(s._id) ?? null)), nextCursor: nextCursor(offset, res.data.length) };
});

/** One of the caller's orders (the confirmation page, opened again later). */
export const order = action(z.object({ orderId: z.string().regex(ORDER_ID, { error: 'ORDER_NOT_FOUND' }) }).strict(), async (input, ctx): Promise<PointsOrderView> => {
  const openid = requireOpenid(ctx.openid);
  // The outcome shares the order's id: both are read at once.
  const [spend, outcome] = await Promise.all([getDoc<SpendDoc>(C.ledger, input.orderId), getDoc<OutcomeDoc>(C.outcomes, input.orderId)]);
  if (!spend || spend.kind !== 'spend') throw new AppError('ORDER_NOT_FOUND', input.orderId);
  if (spend.openid !== openid) throw new AppError('NOT_YOUR_ORDER');
  return orderView(spend, outcome);
});

/** The outcome already recorded for an order, as the error a second cancel or verify gets. */
function closedError(outcome: OutcomeDoc): AppError {
  const refused = cannotCollect(outcome);
  return new AppError(refused?.code ?? 'ORDER_COLLECTED', outcome._id);
}

export const cancel = action(z.object({ orderId: z.string().regex(ORDER_ID, { error: 'ORDER_NOT_FOUND' }) }).strict(), async (input, ctx): Promise<PointsOrderView> => {
  const openid = requireOpenid(ctx.openid);
  // The spend entry is immutable, so reading it outside the transaction is safe.
  const order = await getDoc<SpendDoc>(C.ledger, input.orderId);
  if (!order || order.kind !== 'spend') throw new AppError('ORDER_NOT_FOUND', input.orderId);
  const mine = cannotCancel({ ...order, status: 'placed', placedAt: order.at }, openid);
  if (mine) throw new AppError(mine.code, mine.detail);
  const token = randomUUID();
  const outcome: OutcomeDoc = { _id: order._id, status: 'cancelled', openid, at: ctx.now, by: openid, token };
  try {
    await transact(async (tx) => {
      await tx.collection(C.outcomes).add({ data: outcome });
      const account = await txAccount(tx, openid, ctx.now);
      const plan = planCancel(account, { ...order, status: 'placed', placedAt: order.at }, ctx.now);
      const entries: NewEntry[] = [{ id: `refund-${order._id}`, draft: plan.refunded, note: `取消兑换 ${order.itemName} ×${order.quantity}，积分退回`, extra: { orderId: order._id } }];
      if (plan.expired) entries.push(expireEntry(account, plan.expired, 2));
      await txWrite(tx, account, plan.wallet, entries, ctx.now);
      const item = (await tx.collection(C.items).doc(order.itemId).get()).data as ItemDoc | null;
      if (item) await tx.collection(C.items).doc(order.itemId).update({ data: { stock: item.stock + order.quantity, updatedAt: ctx.now } });
    });
  } catch (e) {
    if (duplicateOf(e)?.collection !== C.outcomes) throw e;
    const existing = await getDoc<OutcomeDoc>(C.outcomes, order._id);
    if (!existing) throw e;
    if (existing.token !== token) throw closedError(existing);
    return orderView(order, existing);
  }
  return orderView(order, outcome);
});

export const verify = action(z.object({ pickupCode: z.string().regex(/^\d{6}$/, { error: 'PICKUP_CODE_INVALID' }) }).strict(), async (input, ctx): Promise<PointsOrderView> => {
  const staff = requireOpenid(ctx.openid);
  const communityId = ownCommunity(await requireStaff(staff, ctx.now));
  const orderId = orderIdOf(communityId, input.pickupCode);
  const order = await getDoc<SpendDoc>(C.ledger, orderId);
  if (!order || order.kind !== 'spend') throw new AppError('ORDER_NOT_FOUND', orderId);
  const token = randomUUID();
  const outcome: OutcomeDoc = { _id: orderId, status: 'collected', openid: order.openid, at: ctx.now, by: staff, token };
  try {
    // One add decides: a second verify, or a verify after a cancel, finds the outcome taken.
    await retrying(() => pointsDb().collection(C.outcomes).add({ data: outcome }));
  } catch (e) {
    if (!duplicateOf(e)) throw e;
    const existing = await getDoc<OutcomeDoc>(C.outcomes, orderId);
    if (!existing) throw e;
    if (existing.token !== token) throw closedError(existing);
  }
  return orderView(order, outcome);
});
