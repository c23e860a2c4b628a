// redeem { itemId, quantity, requestId }: one transaction of 6 requests — start; take the quantity from
// a stock shard chosen at random, without reading it (this fixes the transaction's snapshot and holds
// the shard); read the buyer's wallet and every shard of the item in one query; add the spend entry
// (the order, whose unique key claims its random pickup code in the community); set the wallet; commit.
// A shard short of the quantity is made up from the others in the same transaction (a write each).
import { z } from 'zod';
import { isFailure } from '../../../domain/points/ledger';
import type { PointsPolicy } from '../../../domain/points/rules';
import { isValidQuantity, planRedeem } from '../../../domain/points/shop';
import { planTakes } from '../../../domain/points/stock';
import { action, AppError } from '../../../server/function';
import type { Units } from '../../../domain/org';
import {
  expireEntry,
  newAccount,
  newPickupCode,
  orderIdOf,
  pickupKeyOf,
  POINTS_COLLECTIONS as C,
  txWrite,
  type NewEntry,
  type OutcomeDoc,
  type SpendDoc
} from '../../../server/repos/points';
import {
  firstShard,
  releaseShards,
  rememberShards,
  stocks,
  txAdjustShard,
  walletAndShards
} from '../../../server/repos/pointsStock';
import { shardLegacyItem } from '../../../server/repos/pointsLegacy';
import { getDoc } from '../../../server/repos/pointsStore';
import { duplicateOf, transact, type Tx } from '../../../server/repos/pointsTx';
import { orderView } from '../../../server/repos/pointsViews';
import type { PointsOrderView } from '../../../typings/points';
import { pointsPolicy, reference, requestIdSchema, requireOpenid } from '../common';

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
    // Never answered as such: the retry loop lets an AppError through and redeem turns it into the order.
    super('REQUEST_REUSED', orderId);
  }
}

export const redeem = action(schema, async (input, ctx): Promise<PointsOrderView> => {
  const openid = requireOpenid(ctx);
  const ref = await reference(ctx);
  const { units } = ref;
  const policy = pointsPolicy(ref);
  if (!isValidQuantity(input.quantity, policy)) throw new AppError('QUANTITY_INVALID', String(input.quantity));
  const orderId = orderIdOf(openid, input.requestId);
  // Shards this request tried: after a conflict on one, the retry goes to another.
  const tried = new Set<number>();
  // Shards this request's tries hold (each try takes one), given back when the transaction is over.
  const held: number[] = [];
  for (let k = 0; k < CODE_CANDIDATES; k++) {
    const code = newPickupCode();
    try {
      const order = await transact((tx) =>
        txRedeem(tx, { openid, input, orderId, code, tried, held }, ctx.now, policy)
      ).finally(() => releaseShards(input.itemId, held.splice(0)));
      return orderView(order, null, units);
    } catch (e) {
      // An item from before shards: give it its shard, then redeem again (a missing item stays missing).
      if (e instanceof AppError && e.code === 'ITEM_NOT_FOUND' && (await shardLegacyItem(input.itemId, ctx.now))) {
        k -= 1;
        continue;
      }
      if (e instanceof Replay) return replay(await getDoc<SpendDoc>(C.ledger, e.orderId), input, units);
      if (duplicateOf(e)?.collection !== C.ledger) throw e;
      // The order's id is taken: this very request, older than the account's recent list (answer it
      // again). Otherwise its pickup code is taken in this community: draw another.
      const existing = await getDoc<SpendDoc>(C.ledger, orderId);
      if (existing) return replay(existing, input, units);
    }
  }
  throw new AppError('POINTS_BUSY', 'no free pickup code');
});

/** One redeem call, as each try of its transaction sees it. */
interface Redemption {
  openid: string;
  input: Input;
  orderId: string;
  code: string;
  tried: Set<number>;
  held: number[];
}

/** The transaction's work; returns the spend entry it added (the order). */
async function txRedeem(tx: Tx, r: Redemption, now: Date, policy: PointsPolicy): Promise<SpendDoc> {
  const { openid, input, orderId, code } = r;
  const { itemId, quantity } = input;
  const first = firstShard(itemId, r.tried);
  r.held.push(first);
  r.tried.add(first);
  const took = await txAdjustShard(tx, itemId, first, -quantity, now);
  const { account: stored, shards } = await walletAndShards(openid, itemId);
  rememberShards(itemId, shards);
  if (!shards.length) throw new AppError('ITEM_NOT_FOUND', itemId);
  const account = stored ?? newAccount(openid, now);
  // Rolled back: the stock taken above must not stand for a request already served.
  const seen = account.recent.find((recent) => recent.requestId === input.requestId);
  if (seen) throw new Replay(seen.orderId);
  const terms = shards[0];
  const stock = shards.reduce((n, s) => n + s.stock, 0);
  const plan = planRedeem(account, { ...terms, stock }, itemId, quantity, now, policy);
  if (isFailure(plan)) throw new AppError(plan.code, plan.detail);
  // The shards hold `stock` ≥ quantity (planRedeem checked), so the takes cover it. Usually the first
  // shard gives it all and nothing more is written; else it keeps what it lacks and others give.
  const takes = planTakes(stocks(shards), quantity, took ? first : -1) ?? [];
  for (const t of takes) if (!took || t.shard !== first) await txAdjustShard(tx, itemId, t.shard, -t.stock, now);
  const short = took ? quantity - (takes.find((t) => t.shard === first)?.stock ?? 0) : 0;
  if (short > 0) await txAdjustShard(tx, itemId, first, short, now);

  const order: Omit<SpendDoc, '_id' | 'openid' | 'seq' | 'kind' | 'points' | 'balanceAfter' | 'lots' | 'at' | 'note'> =
    {
      requestId: input.requestId,
      itemId,
      itemName: terms.name,
      communityId: terms.communityId,
      quantity,
      pickupCode: code,
      uniqueKey: pickupKeyOf(terms.communityId, code)
    };
  const note = `兑换 ${terms.name} ×${quantity}`;
  const entries: NewEntry[] = [];
  if (plan.expired) entries.push(expireEntry(account, plan.expired));
  entries.push({ id: orderId, draft: plan.spent, note, extra: order });
  const recent = [...account.recent, { requestId: input.requestId, orderId }].slice(-RECENT);
  const saved = await txWrite(tx, account, plan.wallet, entries, now, recent);
  const { points, balanceAfter, lots } = plan.spent;
  return { _id: orderId, openid, seq: saved.seq, kind: 'spend', points, balanceAfter, lots, at: now, note, ...order };
}

/** Answers a repeated request with its order, as it stands now; the same id with other terms is refused. */
async function replay(order: SpendDoc | null, input: Input, units: Units): Promise<PointsOrderView> {
  if (!order) throw new AppError('INTERNAL', 'a remembered order is missing');
  if (order.itemId !== input.itemId || order.quantity !== input.quantity)
    throw new AppError('REQUEST_REUSED', order._id);
  return orderView(order, await getDoc<OutcomeDoc>(C.outcomes, order._id), units);
}
