// Random sequences of earn, redeem, cancel, collect, expire and objections against the pure ledger:
// whatever happens, balance = Σ lots = Σ entries, nothing goes negative, stock is never oversold,
// and no spend touches pending or lapsed points.
import fc from 'fast-check';
import {
  boughtThisMonth,
  earn,
  emptyWallet,
  expire,
  freeze,
  isFailure,
  isPending,
  isSpendable,
  release,
  revoke,
  walletBreach,
  type EntryDraft,
  type Wallet
} from '../../domain/points/ledger';
import {
  cannotCancel,
  cannotCollect,
  planCancel,
  planRedeem,
  type OrderStatus,
  type ShopItem
} from '../../domain/points/shop';
import { DEFAULT_POLICY, type PointsPolicy } from '../../domain/points/rules';
import type { LotTake } from '../../domain/points/ledger';

// expiryYears 0 and a start near the year end, so lots do lapse within a sequence.
const policy: PointsPolicy = { ...DEFAULT_POLICY, dailyCap: 80, monthlyCap: 200, expiryYears: 0 };
const START = new Date('2026-11-20T09:00:00+08:00').getTime();

// Plain checks: jest's expect is too slow for thousands of steps per run.
function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}

type Op =
  | { kind: 'earn'; who: number; points: number }
  | { kind: 'advance'; hours: number }
  | { kind: 'redeem'; who: number; item: number; quantity: number }
  | { kind: 'cancel'; order: number; asOwner: boolean }
  | { kind: 'collect'; order: number }
  | { kind: 'expire'; who: number }
  | { kind: 'object'; who: number; lot: number; upheld: boolean | null };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('earn' as const),
      who: fc.nat(2),
      points: fc.integer({ min: -2, max: 70 })
    })
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 0, max: 24 * 30 }) })
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('redeem' as const),
      who: fc.nat(2),
      item: fc.nat(2),
      quantity: fc.integer({ min: -1, max: 3 })
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), order: fc.nat(12), asOwner: fc.boolean() })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('collect' as const), order: fc.nat(12) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), who: fc.nat(2) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('object' as const),
      who: fc.nat(2),
      lot: fc.nat(3),
      upheld: fc.option(fc.boolean(), { nil: null })
    })
  }
);
const ops = fc.array(op, { minLength: 20, maxLength: 120, size: 'max' });

interface Order {
  who: number;
  item: number;
  quantity: number;
  status: OrderStatus;
  placedAt: Date;
  lots: LotTake[];
}

/** Runs the ops, checking invariants after each; returns how many entries of each kind it wrote. */
function run(ops: Op[]): Record<string, number> {
  let now = START;
  const wallets: Wallet[] = [emptyWallet(), emptyWallet(), emptyWallet()];
  const entries: Array<Array<EntryDraft & { at: number }>> = [[], [], []];
  const items: ShopItem[] = [0, 1, 2].map((i) => ({
    communityId: 'c',
    points: 5 + i * 7,
    stock: 3 + i,
    monthlyLimit: 2 + i,
    status: 'on' as const,
    availableUntil: null
  }));
  const initialStock = items.map((i) => i.stock);
  const orders: Order[] = [];
  let awards = 0;

  const record = (who: number, e: EntryDraft): void => {
    if (e.kind === 'spend')
      for (const t of e.lots)
        check(
          isSpendable(
            { id: t.lotId, points: t.points, earnedAt: t.earnedAt, availableAt: t.availableAt, expiresAt: t.expiresAt },
            new Date(now)
          ),
          `spent a pending or lapsed lot ${t.lotId}`
        );
    entries[who].push({ ...e, at: now });
    check(
      e.balanceAfter === entries[who].reduce((s, x) => s + x.points, 0),
      `balanceAfter ${e.balanceAfter} ≠ Σ entries`
    );
  };

  for (const o of ops) {
    const at = new Date(now);
    switch (o.kind) {
      case 'earn': {
        const c = earn(wallets[o.who], `a${awards++}`, o.points, at, policy);
        if (isFailure(c)) {
          check(['POINTS_INVALID', 'DAILY_CAP_EXCEEDED', 'MONTHLY_CAP_EXCEEDED'].includes(c.code), c.code);
          break;
        }
        wallets[o.who] = c.wallet;
        record(o.who, c.entry);
        break;
      }
      case 'advance':
        now += o.hours * 3600_000;
        break;
      case 'redeem': {
        const plan = planRedeem(wallets[o.who], items[o.item], `i${o.item}`, o.quantity, at, policy);
        if (isFailure(plan)) {
          check(
            ['QUANTITY_INVALID', 'OUT_OF_STOCK', 'MONTHLY_LIMIT_REACHED', 'INSUFFICIENT_POINTS'].includes(plan.code),
            plan.code
          );
          break;
        }
        if (plan.expired) record(o.who, plan.expired);
        record(o.who, plan.spent);
        wallets[o.who] = plan.wallet;
        items[o.item] = { ...items[o.item], stock: plan.stock };
        orders.push({
          who: o.who,
          item: o.item,
          quantity: o.quantity,
          status: 'placed',
          placedAt: at,
          lots: plan.spent.lots
        });
        check(boughtThisMonth(plan.wallet, `i${o.item}`, at) <= items[o.item].monthlyLimit, 'monthly limit passed');
        break;
      }
      case 'cancel': {
        const order = orders[o.order];
        if (!order) break;
        const caller = o.asOwner ? order.who : (order.who + 1) % 3;
        const state = {
          openid: `r${order.who}`,
          itemId: `i${order.item}`,
          quantity: order.quantity,
          status: order.status,
          placedAt: order.placedAt,
          lots: order.lots
        };
        const refused = cannotCancel(state, `r${caller}`);
        if (refused) {
          check(!o.asOwner || order.status !== 'placed', `owner refused: ${refused.code}`);
          break;
        }
        const plan = planCancel(wallets[order.who], state, at);
        record(order.who, plan.refunded);
        if (plan.expired) record(order.who, plan.expired);
        wallets[order.who] = plan.wallet;
        items[order.item] = { ...items[order.item], stock: items[order.item].stock + order.quantity };
        order.status = 'cancelled';
        break;
      }
      case 'collect': {
        const order = orders[o.order];
        if (!order || cannotCollect(order)) break;
        order.status = 'collected';
        break;
      }
      case 'expire': {
        const c = expire(wallets[o.who], at);
        if (c) {
          wallets[o.who] = c.wallet;
          record(o.who, c.entry);
        }
        break;
      }
      case 'object': {
        const lot = wallets[o.who].lots[o.lot];
        if (!lot || !isPending(lot, at)) break;
        const held = freeze(wallets[o.who], lot.id, at);
        if (isFailure(held)) throw new Error(held.code);
        if (o.upheld === null) wallets[o.who] = held;
        else if (o.upheld === false) wallets[o.who] = release(held, lot.id, at);
        else {
          const c = revoke(held, lot.id, at);
          if (isFailure(c)) throw new Error(c.code);
          wallets[o.who] = c.wallet;
          record(o.who, c.entry);
        }
        break;
      }
    }
    for (let who = 0; who < 3; who++) {
      const breach = walletBreach(wallets[who]);
      check(breach === null, String(breach));
      check(wallets[who].balance === entries[who].reduce((s, e) => s + e.points, 0), 'balance ≠ Σ entries');
    }
    items.forEach((item, i) => {
      check(item.stock >= 0, 'negative stock');
      const out = orders.filter((x) => x.item === i && x.status !== 'cancelled').reduce((s, x) => s + x.quantity, 0);
      check(item.stock + out === initialStock[i], 'stock + sold ≠ initial stock');
    });
  }
  const kinds: Record<string, number> = {};
  for (const list of entries) for (const e of list) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
  return kinds;
}

test('random earn/redeem/cancel/collect/expire/objection sequences keep the ledger invariants', () => {
  fc.assert(
    fc.property(ops, (list) => void run(list)),
    { numRuns: 1000, seed: 20260601 }
  );
});

test('the sequences reach every path (the property is not vacuous)', () => {
  const seen = new Map<string, number>();
  fc.assert(
    fc.property(ops, (list) => {
      for (const [k, n] of Object.entries(run(list))) seen.set(k, (seen.get(k) ?? 0) + n);
    }),
    { numRuns: 100, seed: 20260601 }
  );
  for (const kind of ['earn', 'spend', 'refund', 'expire', 'adjust']) expect(seen.get(kind) ?? 0).toBeGreaterThan(10);
});
