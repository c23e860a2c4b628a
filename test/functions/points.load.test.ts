// Load: 200 residents, 20 items with limited stock, 1000 concurrent redemptions at random through
// the gateway (a tenth of them repeats of an earlier request); then the same with the local cloud
// failing 10% of database requests. Afterwards the raw documents must satisfy every invariant.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import type { PointsOrderView } from '../../typings/points';
import { POINTS_COLLECTIONS, type SpendDoc } from '../../server/repos/points';
import { audit, GANGHUA, PINGAN, points, pointsOk, preparePoints, readAll, staffOf } from './pointsHelpers';

jest.setTimeout(120_000);

const RESIDENTS = 200;
const ITEMS = 20;
const REDEMPTIONS = 1000;
const FUNDS = 100;

/** mulberry32: a tiny seeded generator, so every run draws the same load. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function inBatches<T>(n: number, size: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => f(i + j)))));
  return out;
}

interface Request {
  openid: string;
  itemId: string;
  quantity: number;
  requestId: string;
}

type Outcome = { kind: 'ok'; order: PointsOrderView } | { kind: 'refused'; code: string } | { kind: 'transport'; error: string };

async function run(faultRate: number, seed: number): Promise<void> {
  const cloud: TestCloud = await startLocalCloud({ seed: false });
  try {
    await preparePoints(cloud);
    const rand = random(seed);
    const pick = (n: number): number => Math.floor(rand() * n);

    const stock = new Map<string, number>();
    const itemIds = await inBatches(ITEMS, 10, async (i) => {
      const communityId = i % 2 ? GANGHUA : PINGAN;
      const initial = 3 + pick(18);
      const res = await pointsOk(cloud, staffOf(communityId), 'items', {
        op: 'add',
        communityId,
        name: `商品${i}`,
        points: 5 + pick(21),
        stock: initial,
        monthlyLimit: 1 + pick(4),
        requestId: `load-item-${seed}-${i}`
      });
      stock.set(res.itemId, initial);
      return res.itemId;
    });
    const residents = Array.from({ length: RESIDENTS }, (_, i) => `load-${seed}-r${i}`);
    await inBatches(RESIDENTS, 20, (i) => pointsOk(cloud, staffOf(PINGAN), 'award', { openid: residents[i], points: FUNDS, reason: '志愿服务', requestId: `fund-${seed}-${i}` }));
    await cloud.advanceClock(3 * 86_400_000 + 1000);

    const requests: Request[] = [];
    for (let i = 0; i < REDEMPTIONS; i++) {
      if (i > 0 && rand() < 0.1) {
        requests.push(requests[pick(requests.length)]); // a repeat: same resident, item, quantity and requestId
        continue;
      }
      const roll = rand();
      const quantity = roll < 0.02 ? 0 : roll < 0.03 ? 1000 : 1 + pick(3);
      requests.push({ openid: residents[pick(RESIDENTS)], itemId: itemIds[pick(ITEMS)], quantity, requestId: `req-${seed}-${i}` });
    }

    await cloud.faults(faultRate);
    const started = Date.now();
    const outcomes = await Promise.all(
      requests.map(async (r): Promise<Outcome> => {
        try {
          const res = await points(cloud, r.openid, 'redeem', { itemId: r.itemId, quantity: r.quantity, requestId: r.requestId });
          return res.ok ? { kind: 'ok', order: res.data } : { kind: 'refused', code: res.code };
        } catch (e) {
          return { kind: 'transport', error: (e as Error).message };
        }
      })
    );
    const ms = Date.now() - started;
    await cloud.faults(0);

    const tally: Record<string, number> = {};
    for (const o of outcomes) {
      const key = o.kind === 'ok' ? 'ok' : o.kind === 'refused' ? o.code : 'transport';
      tally[key] = (tally[key] ?? 0) + 1;
    }
    console.log(`faults ${faultRate}: ${REDEMPTIONS} redemptions in ${ms} ms`, tally);

    // Only business refusals, and (with faults) a few give-ups; never an internal error.
    const expected = ['ok', 'OUT_OF_STOCK', 'INSUFFICIENT_POINTS', 'MONTHLY_LIMIT_REACHED', 'QUANTITY_INVALID', 'POINTS_BUSY', 'transport'];
    expect(Object.keys(tally).filter((k) => !expected.includes(k))).toEqual([]);
    expect(tally.ok).toBeGreaterThan(100);
    expect((tally.POINTS_BUSY ?? 0) + (tally.transport ?? 0)).toBeLessThanOrEqual(faultRate === 0 ? 0 : REDEMPTIONS * 0.02);

    const result = await audit(cloud, stock);
    expect(result.breaches).toEqual([]);
    // Repeats of one request got one order; every order answered exists, as its owner's.
    const byRequest = new Map<string, Set<string>>();
    outcomes.forEach((o, i) => {
      if (o.kind !== 'ok') return;
      const key = `${requests[i].openid}/${requests[i].requestId}`;
      byRequest.set(key, (byRequest.get(key) ?? new Set()).add(o.order.orderId));
    });
    expect([...byRequest.values()].filter((ids) => ids.size > 1)).toEqual([]);
    expect(result.orders).toBeGreaterThanOrEqual(byRequest.size);
    if (faultRate === 0) expect(result.orders).toBe(byRequest.size);
    // Points are conserved: what residents hold plus what they paid is what they were given.
    const held = await inBatches(RESIDENTS, 50, async (i) => {
      const res = await points(cloud, residents[i], 'balance', {});
      if (!res.ok) throw new Error(res.code);
      return res.data.balance + res.data.pending;
    });
    const spends = await readAll<SpendDoc>(cloud, POINTS_COLLECTIONS.ledger, { kind: 'spend' });
    const paid = spends.reduce((sum, s) => sum - s.points, 0);
    expect(held.reduce((a, b) => a + b, 0) + paid).toBe(RESIDENTS * FUNDS);
  } finally {
    await cloud.stop();
  }
}

test('1000 concurrent redemptions: nothing oversold, no negative balance, ledger sums equal balances, one order per requestId', () => run(0, 20260601));

test('the same load with 10% of database requests failing: the same invariants hold', () => run(0.1, 20260602));
