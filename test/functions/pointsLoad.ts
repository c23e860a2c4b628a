// The load of issue 6: 200 residents, 20 items with limited stock split over 1–8 shards, 1000 concurrent
// redemptions at random through the gateway (a tenth of them repeats of an earlier request), optionally with the
// local cloud failing a share of database requests. Afterwards the raw documents must satisfy every
// invariant. Run by points.load.test.ts and points.faults.test.ts (one file each, to stay fast).
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import type { PointsOrderView } from '../../typings/points';
import { POINTS_COLLECTIONS, type SpendDoc } from '../../server/repos/points';
import { audit, awardNow, GANGHUA, PINGAN, points, pointsOk, preparePoints, readAll, staffOf } from './pointsHelpers';

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
  for (let i = 0; i < n; i += size)
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => f(i + j)))));
  return out;
}

interface Request {
  openid: string;
  itemId: string;
  quantity: number;
  requestId: string;
}

type Outcome =
  { kind: 'ok'; order: PointsOrderView } | { kind: 'refused'; code: string } | { kind: 'transport'; error: string };

/** Runs the load and checks the invariants (jest expectations). */
export async function runLoad(faultRate: number, seed: number): Promise<void> {
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
        // 1–8 shards, some of them empty or nearly: redemptions fall back to the others.
        shards: 1 + pick(8),
        requestId: `load-item-${seed}-${i}`
      });
      stock.set(res.itemId, initial);
      return res.itemId;
    });
    const residents = Array.from({ length: RESIDENTS }, (_, i) => `load-${seed}-r${i}`);
    await inBatches(RESIDENTS, 20, (i) =>
      awardNow(cloud, PINGAN, {
        openid: residents[i],
        points: FUNDS,
        reason: '志愿服务',
        requestId: `fund-${seed}-${i}`
      })
    );
    await cloud.advanceClock(3 * 86_400_000 + 1000);

    const requests: Request[] = [];
    for (let i = 0; i < REDEMPTIONS; i++) {
      if (i > 0 && rand() < 0.1) {
        requests.push(requests[pick(requests.length)]); // a repeat: same resident, item, quantity and requestId
        continue;
      }
      const roll = rand();
      const quantity = roll < 0.02 ? 0 : roll < 0.03 ? 1000 : 1 + pick(3);
      requests.push({
        openid: residents[pick(RESIDENTS)],
        itemId: itemIds[pick(ITEMS)],
        quantity,
        requestId: `req-${seed}-${i}`
      });
    }

    const send = async (r: Request): Promise<Outcome> => {
      try {
        const res = await points(cloud, r.openid, 'redeem', {
          itemId: r.itemId,
          quantity: r.quantity,
          requestId: r.requestId
        });
        return res.ok ? { kind: 'ok', order: res.data } : { kind: 'refused', code: res.code };
      } catch (e) {
        return { kind: 'transport', error: (e as Error).message };
      }
    };
    if (faultRate > 0) {
      // The faults really are on: at a rate of 1 every database request fails.
      await cloud.faults(1);
      const probe = await points(cloud, residents[0], 'balance', {}).catch(() => ({ ok: false }));
      expect(probe).toMatchObject({ ok: false });
    }
    await cloud.faults(faultRate);
    const started = Date.now();
    const outcomes = await Promise.all(requests.map(send));
    const ms = Date.now() - started;
    const tally = (list: Outcome[]): Record<string, number> => {
      const t: Record<string, number> = {};
      for (const o of list) {
        const key = o.kind === 'ok' ? 'ok' : o.kind === 'refused' ? o.code : 'transport';
        t[key] = (t[key] ?? 0) + 1;
      }
      return t;
    };
    const first = tally(outcomes);
    // A client whose call gave up (busy, or lost) tries again with the same requestId, as the item page does.
    for (let round = 0; round < 3; round++) {
      const again = outcomes
        .map((o, i) => (o.kind === 'transport' || (o.kind === 'refused' && o.code === 'POINTS_BUSY') ? i : -1))
        .filter((i) => i >= 0);
      if (!again.length) break;
      const retried = await Promise.all(again.map((i) => send(requests[i])));
      again.forEach((i, k) => (outcomes[i] = retried[k]));
    }
    await cloud.faults(0);
    const final = tally(outcomes);
    console.log(`faults ${faultRate}: ${REDEMPTIONS} redemptions in ${ms} ms`, first, 'after retries', final);

    // Only business refusals, never an internal error; retried with the same requestId, every call gets an answer.
    const expected = ['ok', 'OUT_OF_STOCK', 'INSUFFICIENT_POINTS', 'MONTHLY_LIMIT_REACHED', 'QUANTITY_INVALID'];
    expect(Object.keys(final).filter((k) => !expected.includes(k))).toEqual([]);
    expect(final.ok).toBeGreaterThan(100);

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
    // Every order made was answered to its client, once the clients retried.
    expect(result.orders).toBe(byRequest.size);
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
