// orders: the caller's redemptions; cancel (the resident, before pickup: refund and restock);
// verify (核销, staff of the shop's community, by pickup code: first a preview, then confirm collects).
// An order's outcome is one document, created by whichever of cancel and verify comes first; the spend
// entry itself never changes. Someone else's order answers exactly as no order (ORDER_NOT_FOUND).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { cannotCancel, cannotCollect, PICKUP_CODE_PATTERN, planCancel } from '../../../domain/points/shop';
import { action, AppError } from '../../../server/function';
import {
  expireEntry,
  orderView,
  pickupIdOf,
  pickupView,
  POINTS_COLLECTIONS as C,
  requireOpenid,
  txAccount,
  txWrite,
  type ItemDoc,
  type NewEntry,
  type OutcomeDoc,
  type PickupDoc,
  type SpendDoc
} from '../../../server/repos/points';
import { duplicateOf, pointsDb, retrying, transact } from '../../../server/repos/pointsTx';
import type { Page } from '../../../typings/cases';
import type { PointsOrderView, PointsPickupView } from '../../../typings/points';
import {
  cursorSchema,
  getDoc,
  nextCursor,
  offsetOf,
  ownCommunity,
  PAGE_SIZE,
  pointsPolicy,
  requireStaff
} from '../common';
import { giveBackAttempt, takeAttempt } from './verifyLimit';

const ORDER_ID = /^order-[0-9a-f]{24}$/;

/** No order, or someone else's: one answer, with no detail to tell them apart. */
const notFound = (): AppError => new AppError('ORDER_NOT_FOUND');

export const orders = action(
  z.object({ cursor: cursorSchema }).strict(),
  async (input, ctx): Promise<Page<PointsOrderView>> => {
    const openid = requireOpenid(ctx.openid);
    const offset = offsetOf(input.cursor);
    const db = pointsDb();
    const res = await retrying<{ data: unknown[] }>(() =>
      db
        .collection(C.ledger)
        .where({ openid, kind: 'spend' })
        .orderBy('seq', 'desc')
        .skip(offset)
        .limit(PAGE_SIZE + 1)
        .get()
    );
    const spends = (res.data as SpendDoc[]).slice(0, PAGE_SIZE);
    const ids = spends.map((s) => s._id);
    const outcomes = ids.length
      ? ((
          await retrying<{ data: unknown[] }>(() =>
            db
              .collection(C.outcomes)
              .where({ _id: db.command.in(ids) })
              .limit(PAGE_SIZE)
              .get()
          )
        ).data as OutcomeDoc[])
      : [];
    const byId = new Map(outcomes.map((o) => [o._id, o]));
    return {
      items: spends.map((s) => orderView(s, byId.get(s._id) ?? null)),
      nextCursor: nextCursor(offset, res.data.length)
    };
  }
);

/** One of the caller's orders (the confirmation page, opened again later). */
export const order = action(
  z.object({ orderId: z.string().regex(ORDER_ID, { error: 'ORDER_NOT_FOUND' }) }).strict(),
  async (input, ctx): Promise<PointsOrderView> => {
    const openid = requireOpenid(ctx.openid);
    // The outcome shares the order's id: both are read at once.
    const [spend, outcome] = await Promise.all([
      getDoc<SpendDoc>(C.ledger, input.orderId),
      getDoc<OutcomeDoc>(C.outcomes, input.orderId)
    ]);
    if (!spend || spend.kind !== 'spend' || spend.openid !== openid) throw notFound();
    return orderView(spend, outcome);
  }
);

/** The outcome already recorded for an order, as the error a second cancel or verify gets. */
function closedError(outcome: OutcomeDoc): AppError {
  const refused = cannotCollect(outcome);
  return new AppError(refused?.code ?? 'ORDER_COLLECTED', outcome._id);
}

export const cancel = action(
  z.object({ orderId: z.string().regex(ORDER_ID, { error: 'ORDER_NOT_FOUND' }) }).strict(),
  async (input, ctx): Promise<PointsOrderView> => {
    const openid = requireOpenid(ctx.openid);
    // The spend entry is immutable, so reading it outside the transaction is safe.
    const order = await getDoc<SpendDoc>(C.ledger, input.orderId);
    if (!order || order.kind !== 'spend') throw notFound();
    const mine = cannotCancel({ ...order, status: 'placed', placedAt: order.at }, openid);
    if (mine) throw mine.code === 'ORDER_NOT_FOUND' ? notFound() : new AppError(mine.code, mine.detail);
    const token = randomUUID();
    const outcome: OutcomeDoc = { _id: order._id, status: 'cancelled', openid, at: ctx.now, by: openid, token };
    try {
      await transact(async (tx) => {
        await tx.collection(C.outcomes).add({ data: outcome });
        const account = await txAccount(tx, openid, ctx.now);
        const plan = planCancel(account, { ...order, status: 'placed', placedAt: order.at }, ctx.now);
        const entries: NewEntry[] = [
          {
            id: `refund-${order._id}`,
            draft: plan.refunded,
            note: `取消兑换 ${order.itemName} ×${order.quantity}，积分退回`,
            extra: { orderId: order._id }
          }
        ];
        if (plan.expired) entries.push(expireEntry(account, plan.expired, 2));
        await txWrite(tx, account, plan.wallet, entries, ctx.now);
        const item = (await tx.collection(C.items).doc(order.itemId).get()).data as ItemDoc | null;
        if (item)
          await tx
            .collection(C.items)
            .doc(order.itemId)
            .update({ data: { stock: item.stock + order.quantity, updatedAt: ctx.now } });
      });
    } catch (e) {
      if (duplicateOf(e)?.collection !== C.outcomes) throw e;
      const existing = await getDoc<OutcomeDoc>(C.outcomes, order._id);
      if (!existing) throw e;
      if (existing.token !== token) throw closedError(existing);
      return orderView(order, existing);
    }
    return orderView(order, outcome);
  }
);

const verifySchema = z
  .object({
    pickupCode: z.string().regex(PICKUP_CODE_PATTERN, { error: 'PICKUP_CODE_INVALID' }),
    /** Absent: show the order (item, quantity, buyer's tag) and collect nothing; true: collect it (核销). */
    confirm: z.boolean().optional()
  })
  .strict();

/**
 * Each look-up takes one of the staff member's attempts for the hour first (TOO_MANY_ATTEMPTS once they
 * are spent, before anything is read) and gives it back when the code names an order of the community:
 * only unknown codes count, and no burst of concurrent calls gets past the limit.
 */
export const verify = action(verifySchema, async (input, ctx): Promise<PointsPickupView> => {
  const staff = requireOpenid(ctx.openid);
  const communityId = ownCommunity(await requireStaff(staff, ctx.now));
  const attempt = await takeAttempt(staff, ctx.now, pointsPolicy());
  const pickup = await getDoc<PickupDoc>(C.pickups, pickupIdOf(communityId, input.pickupCode));
  if (!pickup) throw notFound();
  const [order, closed] = await Promise.all([
    getDoc<SpendDoc>(C.ledger, pickup.orderId),
    getDoc<OutcomeDoc>(C.outcomes, pickup.orderId)
  ]);
  if (!order || order.kind !== 'spend') throw notFound();
  await giveBackAttempt(attempt);
  if (closed) throw closedError(closed);
  if (!input.confirm) return pickupView(order, null);
  const token = randomUUID();
  const outcome: OutcomeDoc = {
    _id: order._id,
    status: 'collected',
    openid: order.openid,
    at: ctx.now,
    by: staff,
    token
  };
  try {
    // One add decides: a second verify, or a verify after a cancel, finds the outcome taken.
    await retrying(() => pointsDb().collection(C.outcomes).add({ data: outcome }));
  } catch (e) {
    if (!duplicateOf(e)) throw e;
    const existing = await getDoc<OutcomeDoc>(C.outcomes, order._id);
    if (!existing) throw e;
    if (existing.token !== token) throw closedError(existing);
  }
  return pickupView(order, outcome);
});
