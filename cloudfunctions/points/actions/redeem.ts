// redeem { itemId, quantity, requestId }: one transaction of start, get account, get item, add the
// spend entry (which is the order), set the account, update the item, commit.
import { z } from 'zod';
import { isFailure } from '../../../domain/points/ledger';
import { isValidQuantity, planRedeem } from '../../../domain/points/shop';
import { action, AppError } from '../../../server/function';
import {
  expireEntry,
  orderIdOf,
  orderView,
  pickupCode,
  POINTS_COLLECTIONS as C,
  requireOpenid,
  txAccount,
  txWrite,
  type ItemDoc,
  type NewEntry,
  type OutcomeDoc,
  type SpendDoc
} from '../../../server/repos/points';
import { duplicateOf, pointsDb, transact } from '../../../server/repos/pointsTx';
import type { PointsOrderView } from '../../../typings/points';
import { getDoc, pointsPolicy, requestIdSchema } from '../common';

const QUANTITY = 'QUANTITY_INVALID';

const schema = z
  .object({
    itemId: z.string().min(1).max(64),
    quantity: z.number({ error: QUANTITY }).int({ error: QUANTITY }).min(1, { error: QUANTITY }).max(1_000_000, { error: QUANTITY }),
    requestId: requestIdSchema
  })
  .strict();

/** Recent request ids kept on the account for cheap replays; older ones still map to the same order id. */
const RECENT = 20;
/** Pickup code candidates tried before giving up (a community would need ~100k open codes to need a third). */
const CODE_CANDIDATES = 5;

type Attempt = { replayOf: string } | { order: SpendDoc };

/** A request already served (its id is on the account): abort the transaction and answer with the order. */
class Replay extends AppError {
  constructor(readonly orderId: string) {
    super('REPLAY', orderId);
  }
}

export const redeem = action(schema, async (input, ctx): Promise<PointsOrderView> => {
  const openid = requireOpenid(ctx.openid);
  const policy = pointsPolicy();
  if (!isValidQuantity(input.quantity, policy)) throw new AppError('QUANTITY_INVALID', String(input.quantity));
  const now = ctx.now;

  for (let k = 0; k < CODE_CANDIDATES; k++) {
    const code = pickupCode(openid, input.requestId, k);
    let candidate: string | null = null;
    let result: Attempt;
    try {
      result = await transact(async (tx): Promise<Attempt> => {
        // The item is the contended document: take it with the first write (a blind decrement, read
        // back below), so a contender fails on its second request rather than after all the work.
        const itemRef = tx.collection(C.items).doc(input.itemId);
        await itemRef.update({ data: { stock: pointsDb().command.inc(-input.quantity), updatedAt: now } });
        const taken = (await itemRef.get()).data as ItemDoc | null;
        if (!taken) throw new AppError('ITEM_NOT_FOUND', input.itemId);
        const item: ItemDoc = { ...taken, stock: taken.stock + input.quantity };
        const account = await txAccount(tx, openid, now);
        const seen = account.recent.find((r) => r.requestId === input.requestId);
        // Rolled back: the decrement above must not stand for a request already served.
        if (seen) throw new Replay(seen.orderId);
        const plan = planRedeem(account, item, input.itemId, input.quantity, now, policy);
        if (isFailure(plan)) throw new AppError(plan.code, plan.detail);
        const orderId = orderIdOf(item.communityId, code);
        candidate = orderId;
        const extra = { requestId: input.requestId, itemId: input.itemId, itemName: item.name, communityId: item.communityId, quantity: input.quantity, pickupCode: code };
        const entries: NewEntry[] = [];
        if (plan.expired) entries.push(expireEntry(account, plan.expired));
        entries.push({ id: orderId, draft: plan.spent, note: `兑换 ${item.name} ×${input.quantity}`, extra });
        const recent = [...account.recent, { requestId: input.requestId, orderId }].slice(-RECENT);
        await txWrite(tx, account, plan.wallet, entries, now, recent);
        return { order: { _id: orderId, openid, seq: 0, kind: 'spend', points: plan.spent.points, balanceAfter: plan.spent.balanceAfter, lots: plan.spent.lots, at: now, note: '', ...extra } };
      });
    } catch (e) {
      if (e instanceof Replay) result = { replayOf: e.orderId };
      else {
      const dup = duplicateOf(e);
      if (!dup || dup.collection !== C.ledger || candidate === null) throw e;
      // The candidate id is taken: by this very request earlier (answer it again), or by another order.
      const taken = await getDoc<SpendDoc>(C.ledger, candidate);
      if (taken && taken.openid === openid && taken.requestId === input.requestId) return replay(taken, input);
      continue;
      }
    }
    if ('order' in result) return orderView(result.order, null);
    const order = await getDoc<SpendDoc>(C.ledger, result.replayOf);
    if (!order) throw new AppError('INTERNAL', `recent order ${result.replayOf} is missing`);
    return replay(order, input);
  }
  throw new AppError('POINTS_BUSY', 'no free pickup code');
});

/** Answers a repeated request with its order, as it stands now; the same id with other terms is refused. */
async function replay(order: SpendDoc, input: { itemId: string; quantity: number }): Promise<PointsOrderView> {
  if (order.itemId !== input.itemId || order.quantity !== input.quantity) throw new AppError('REQUEST_REUSED', order._id);
  return orderView(order, await getDoc<OutcomeDoc>(C.outcomes, order._id));
}
