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
  pickupKeyOf,
  POINTS_COLLECTIONS as C,
  txAccount,
  txWrite,
  type NewEntry,
  type OutcomeDoc,
  type SpendDoc
} from '../../../server/repos/points';
import { knownShards, txAdjustShard } from '../../../server/repos/pointsStock';
import { legacyOrderByPickup } from '../../../server/repos/pointsLegacy';
import { addOnce, getDoc, getDocs, listPage, orderByPickup, txAdd } from '../../../server/repos/pointsStore';
import { duplicateOf, transact } from '../../../server/repos/pointsTx';
import { orderView, pickupView } from '../../../server/repos/pointsViews';
import type { Page } from '../../../typings/cases';
import type { PointsOrderView, PointsPickupView } from '../../../typings/points';
import { cursorSchema, ownCommunity, PAGE_SIZE, pointsPolicy, reference, requireOpenid, staffCaller } from '../common';
import { giveBackAttempt, takeAttempt } from './verifyLimit';

const ORDER_ID = /^order-[0-9a-f]{24}$/;

/** No order, or someone else's: one answer, with no detail to tell them apart. */
const notFound = (): AppError => new AppError('ORDER_NOT_FOUND');

/** Newest first, by entry number. */
export const orders = action(
  z.object({ cursor: cursorSchema }).strict(),
  async (input, ctx): Promise<Page<PointsOrderView>> => {
    const openid = requireOpenid(ctx);
    const [{ units }, page] = await Promise.all([
      reference(ctx),
      listPage<SpendDoc>({
        collection: C.ledger,
        where: { openid, kind: 'spend' },
        key: 'seq',
        cursor: input.cursor,
        limit: PAGE_SIZE
      })
    ]);
    const outcomes = await getDocs<OutcomeDoc>(
      C.outcomes,
      page.items.map((s) => s._id)
    );
    return {
      items: page.items.map((s) => orderView(s, outcomes.get(s._id) ?? null, units)),
      nextCursor: page.nextCursor
    };
  }
);

/** One of the caller's orders (the confirmation page, opened again later). */
export const order = action(
  z.object({ orderId: z.string().regex(ORDER_ID, { error: 'ORDER_NOT_FOUND' }) }).strict(),
  async (input, ctx): Promise<PointsOrderView> => {
    const openid = requireOpenid(ctx);
    // The outcome shares the order's id: both are read at once.
    const [spend, outcome, { units }] = await Promise.all([
      getDoc<SpendDoc>(C.ledger, input.orderId),
      getDoc<OutcomeDoc>(C.outcomes, input.orderId),
      reference(ctx)
    ]);
    if (!spend || spend.kind !== 'spend' || spend.openid !== openid) throw notFound();
    return orderView(spend, outcome, units);
  }
);

/** The outcome already recorded for an order, as the error a second cancel or verify gets. */
function closedError(outcome: OutcomeDoc): AppError {
  const refused = cannotCollect(outcome);
  return new AppError(refused?.code ?? 'ORDER_COLLECTED', outcome._id);
}

/**
 * One transaction: the outcome, the refund entry and the wallet, and the stock back to one of the
 * item's shards (at random; shard 0 if that one is gone), written without reading it.
 */
export const cancel = action(
  z.object({ orderId: z.string().regex(ORDER_ID, { error: 'ORDER_NOT_FOUND' }) }).strict(),
  async (input, ctx): Promise<PointsOrderView> => {
    const openid = requireOpenid(ctx);
    // The spend entry is immutable, so reading it outside the transaction is safe.
    const [order, { units }] = await Promise.all([getDoc<SpendDoc>(C.ledger, input.orderId), reference(ctx)]);
    if (!order || order.kind !== 'spend') throw notFound();
    const mine = cannotCancel({ ...order, status: 'placed', placedAt: order.at }, openid);
    if (mine) throw mine.code === 'ORDER_NOT_FOUND' ? notFound() : new AppError(mine.code, mine.detail);
    const token = randomUUID();
    const outcome: OutcomeDoc = { _id: order._id, status: 'cancelled', openid, at: ctx.now, by: openid, token };
    try {
      await transact(async (tx) => {
        await txAdd(tx, C.outcomes, outcome);
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
        const k = Math.floor(Math.random() * knownShards(order.itemId));
        const back = await txAdjustShard(tx, order.itemId, k, order.quantity, ctx.now);
        if (!back && k !== 0) await txAdjustShard(tx, order.itemId, 0, order.quantity, ctx.now);
      });
    } catch (e) {
      if (duplicateOf(e)?.collection !== C.outcomes) throw e;
      const existing = await getDoc<OutcomeDoc>(C.outcomes, order._id);
      if (!existing) throw e;
      if (existing.token !== token) throw closedError(existing);
      return orderView(order, existing, units);
    }
    return orderView(order, outcome, units);
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
  const { staff, ref } = await staffCaller(ctx);
  const communityId = ownCommunity(staff, ref.units);
  const attempt = await takeAttempt(staff.openid, ctx.now, pointsPolicy());
  // An order from before shards has no unique key yet: found by its code instead.
  const order =
    (await orderByPickup(pickupKeyOf(communityId, input.pickupCode))) ??
    (await legacyOrderByPickup(communityId, input.pickupCode));
  if (!order || order.kind !== 'spend') throw notFound();
  const [closed] = await Promise.all([getDoc<OutcomeDoc>(C.outcomes, order._id), giveBackAttempt(attempt)]);
  if (closed) throw closedError(closed);
  if (!input.confirm) return pickupView(order, null);
  const token = randomUUID();
  const outcome: OutcomeDoc = {
    _id: order._id,
    status: 'collected',
    openid: order.openid,
    at: ctx.now,
    by: staff.openid,
    token
  };
  // One add decides: a second verify, or a verify after a cancel, finds the outcome taken.
  if ((await addOnce(C.outcomes, outcome)) === 'exists') {
    const existing = await getDoc<OutcomeDoc>(C.outcomes, order._id);
    if (!existing) throw new AppError('INTERNAL', 'an outcome is missing');
    if (existing.token !== token) throw closedError(existing);
  }
  return pickupView(order, outcome);
});
