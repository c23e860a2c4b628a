// redeem { itemId, quantity, requestId }: one transaction of 8 requests — start, get the item, update
// the item, get the account, add the spend entry (which is the order), set the account, add the pickup
// code (random, unique in the community by its id), commit.
import { z } from 'zod';
import { isFailure } from '../../../domain/points/ledger';
import { cannotSupply, isValidQuantity, planRedeem } from '../../../domain/points/shop';
import type { PointsPolicy } from '../../../domain/points/rules';
import { action, AppError } from '../../../server/function';
import {
  expireEntry,
  orderIdOf,
  newPickupCode,
  orderView,
  pickupIdOf,
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
import { duplicateOf, transact, type Tx } from '../../../server/repos/pointsTx';
import type { PointsOrderView } from '../../../typings/points';
import { getDoc, pointsPolicy, requestIdSchema } from '../common';

const QUANTITY = 'QUANTITY_INVALID';

const schema = z
  .object({
    itemId: z.string().min(1).max(64),
    quantity: z
      .number({ error: QUANTITY })
      .int({ error: QUANTITY })
      .min(1, { error: QUANTITY })
      .max(1_000_000, { error: QUANTITY }),
    requestId: requestIdSchema
  })
  .strict();

type Input = z.infer<typeof schema>;

/** Recent request ids kept on the account for cheap replays; older ones still map to the same order id. */
const RECENT = 20;
/** Fresh codes tried before giving up: one in 10^12 collides with a taken code, so a second is already rare. */
const CODE_CANDIDATES = 5;

/** A request already served (its id is on the account): roll back and answer with its order. */
class Replay extends AppError {
  constructor(readonly orderId: string) {
    super('REPLAY', orderId);
  }
}

export const redeem = action(schema, async (input, ctx): Promise<PointsOrderView> => {
  const openid = requireOpenid(ctx.openid);
  const policy = pointsPolicy();
  if (!isValidQuantity(input.quantity, policy)) throw new AppError('QUANTITY_INVALID', String(input.quantity));
  const orderId = orderIdOf(openid, input.requestId);
  for (let k = 0; k < CODE_CANDIDATES; k++) {
    const code = newPickupCode();
    try {
      return orderView(await transact((tx) => txRedeem(tx, openid, input, orderId, code, ctx.now, policy)), null);
    } catch (e) {
      if (e instanceof Replay) return replay(await getDoc<SpendDoc>(C.ledger, e.orderId), input);
      const duplicate = duplicateOf(e)?.collection;
      // The order exists: this very request, older than the account's recent list (answer it again).
      if (duplicate === C.ledger) {
        const existing = await getDoc<SpendDoc>(C.ledger, orderId);
        if (existing) return replay(existing, input);
        throw e;
      }
      // The code is taken in this community: draw another.
      if (duplicate !== C.pickups) throw e;
    }
  }
  throw new AppError('POINTS_BUSY', 'no free pickup code');
});

/** The transaction's work; returns the spend entry it added (the order). */
async function txRedeem(
  tx: Tx,
  openid: string,
  input: Input,
  orderId: string,
  code: string,
  now: Date,
  policy: PointsPolicy
): Promise<SpendDoc> {
  // The item is the contended document: read it and write it first, so a contender fails on its
  // third request rather than after all the work; refusals that need only the item write nothing.
  const itemRef = tx.collection(C.items).doc(input.itemId);
  const item = (await itemRef.get()).data as ItemDoc | null;
  if (!item) throw new AppError('ITEM_NOT_FOUND', input.itemId);
  const unsuppliable = cannotSupply(item, input.quantity, now, policy);
  if (unsuppliable) throw new AppError(unsuppliable.code, unsuppliable.detail);
  await itemRef.update({ data: { stock: item.stock - input.quantity, updatedAt: now } });

  const account = await txAccount(tx, openid, now);
  // Rolled back: the stock taken above must not stand for a request already served.
  const seen = account.recent.find((r) => r.requestId === input.requestId);
  if (seen) throw new Replay(seen.orderId);
  const plan = planRedeem(account, item, input.itemId, input.quantity, now, policy);
  if (isFailure(plan)) throw new AppError(plan.code, plan.detail);

  const order: Omit<SpendDoc, '_id' | 'openid' | 'seq' | 'kind' | 'points' | 'balanceAfter' | 'lots' | 'at' | 'note'> =
    {
      requestId: input.requestId,
      itemId: input.itemId,
      itemName: item.name,
      communityId: item.communityId,
      quantity: input.quantity,
      pickupCode: code
    };
  const note = `兑换 ${item.name} ×${input.quantity}`;
  const entries: NewEntry[] = [];
  if (plan.expired) entries.push(expireEntry(account, plan.expired));
  entries.push({ id: orderId, draft: plan.spent, note, extra: order });
  const recent = [...account.recent, { requestId: input.requestId, orderId }].slice(-RECENT);
  const saved = await txWrite(tx, account, plan.wallet, entries, now, recent);
  // Last: a repeated request has already failed on the order's id above, before claiming a code.
  const pickup: PickupDoc = { _id: pickupIdOf(item.communityId, code), orderId, at: now };
  await tx.collection(C.pickups).add({ data: pickup });
  const { points, balanceAfter, lots } = plan.spent;
  return { _id: orderId, openid, seq: saved.seq, kind: 'spend', points, balanceAfter, lots, at: now, note, ...order };
}

/** Answers a repeated request with its order, as it stands now; the same id with other terms is refused. */
async function replay(order: SpendDoc | null, input: Input): Promise<PointsOrderView> {
  if (!order) throw new AppError('INTERNAL', 'a remembered order is missing');
  if (order.itemId !== input.itemId || order.quantity !== input.quantity)
    throw new AppError('REQUEST_REUSED', order._id);
  return orderView(order, await getDoc<OutcomeDoc>(C.outcomes, order._id));
}
