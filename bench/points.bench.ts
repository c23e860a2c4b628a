/**
 * Issues 6 and 18 figures: redeem's database round trips, and its latency at 32 concurrent callers
 * through the gateway, on spread-out items and on one hot item whose stock is split over shards.
 */
import { startLocalCloud, type TestCloud } from '../test/support/localcloud';
import { awardNow, PINGAN, points, pointsOk, preparePoints, staffOf, stockOf } from '../test/functions/pointsHelpers';
import { MAX_SHARDS } from '../domain/points/stock';
import { measure, summarize, table } from './stats';

const RESIDENTS = 200;
/** Shards of the hot items: the most an item may have, one per concurrent caller. */
const HOT_SHARDS = MAX_SHARDS;

async function addItem(cloud: TestCloud, tag: string, stock: number, shards?: number): Promise<string> {
  const res = await pointsOk(cloud, staffOf(PINGAN), 'items', {
    op: 'add',
    communityId: PINGAN,
    name: `bench-${tag}`,
    points: 1,
    stock,
    monthlyLimit: 1000,
    ...(shards ? { shards } : {}),
    requestId: `bench-${tag}-item`
  });
  return res.itemId;
}

async function setup(
  cloud: TestCloud,
  tag: string,
  items: number
): Promise<{ itemIds: string[]; residents: string[] }> {
  const itemIds: string[] = [];
  // As staff add them: 100,000 in stock gets the default shard count (16).
  for (let i = 0; i < items; i++) itemIds.push(await addItem(cloud, `${tag}-${i}`, 100_000));
  const residents = Array.from({ length: RESIDENTS }, (_, i) => `bench-${tag}-r${i}`);
  for (let i = 0; i < RESIDENTS; i += 20) {
    await Promise.all(
      residents
        .slice(i, i + 20)
        .map((openid, j) =>
          awardNow(cloud, PINGAN, { openid, points: 100, reason: 'bench', requestId: `bench-${tag}-fund-${i + j}` })
        )
    );
  }
  await cloud.advanceClock(3 * 86_400_000 + 1000);
  return { itemIds, residents };
}

interface Load {
  ms: number[];
  requests: number[];
  /** Answers by code ('ok' for success). */
  codes: Record<string, number>;
}

/** Runs `total` redemptions with `concurrency` callers; returns latencies, answers, and the redeem invocations' request counts. */
async function load(
  cloud: TestCloud,
  total: number,
  concurrency: number,
  pickItem: (i: number) => string,
  residents: string[],
  tag: string
): Promise<Load> {
  const codes: Record<string, number> = {};
  const ms = await measure(total, concurrency, async (i) => {
    const res = await points(cloud, residents[i % residents.length], 'redeem', {
      itemId: pickItem(i),
      quantity: 1,
      requestId: `bench-${tag}-${i}`
    });
    const code = res.ok ? 'ok' : res.code;
    codes[code] = (codes[code] ?? 0) + 1;
  });
  const invocations = (await cloud.invocations(Math.min(total, 1000))).filter((r) => r.action === 'redeem');
  return { ms, requests: invocations.map((r) => r.dbRequests), codes };
}

function spread(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `${s[0]} / ${at(0.5)} / ${at(0.95)} / ${s[s.length - 1]}`;
}

const answers = (codes: Record<string, number>): string =>
  Object.entries(codes)
    .sort()
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');

export async function benchPoints(): Promise<string> {
  const out: string[] = [];
  const cloud = await startLocalCloud({ seed: false });
  try {
    await preparePoints(cloud);
    const { itemIds, residents } = await setup(cloud, 'a', 32);

    // Sequential: the request count of an uncontended redeem.
    await pointsOk(cloud, residents[0], 'shop', { communityId: PINGAN });
    const seq = await load(cloud, 100, 1, (i) => itemIds[i % itemIds.length], residents, 'seq');
    out.push(
      '## Redeem round trips (database requests per call, from /__emulator/invocations)',
      table([
        { case: 'sequential, 100 calls', 'min / p50 / p95 / max': spread(seq.requests), answers: answers(seq.codes) }
      ]),
      'One transaction: startTransaction, take the quantity from a stock shard chosen at random (written without reading it first), read the wallet and every shard of the item (one query), add the spend entry (the order; its unique key claims the pickup code), set the wallet, commitTransaction: 6 requests (8 before: the item was read and written, and the pickup code was a document of its own). A shard short of the quantity adds a write per shard that makes it up; a write-off of lapsed points adds one entry. A conflict costs 2–3 (start, the refused write, the rollback) before the retry; the reference data, cached a minute per instance, adds 3 when it is read again.'
    );

    let seed = 20260601;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const hotOne = await addItem(cloud, 'hot-1', 100_000, 1);
    const hot = await addItem(cloud, 'hot', 100_000, HOT_SHARDS);
    const half = await addItem(cloud, 'half', 320, HOT_SHARDS);
    const scenarios: Array<{ name: string; pick: (i: number) => string; faults: number; itemId?: string }> = [
      { name: '32 items, one per caller (no contention)', pick: (i) => itemIds[i % 32], faults: 0 },
      { name: '20 items at random', pick: () => itemIds[Math.floor(random() * 20)], faults: 0 },
      { name: '20 items at random, 10% db faults', pick: () => itemIds[Math.floor(random() * 20)], faults: 0.1 },
      { name: 'one hot item, 1 shard', pick: () => hotOne, faults: 0 },
      { name: `one hot item, ${HOT_SHARDS} shards, stock for all`, pick: () => hot, faults: 0 },
      { name: `one hot item, ${HOT_SHARDS} shards, stock for half (320)`, pick: () => half, faults: 0, itemId: half }
    ];
    const rows: Array<Record<string, string | number>> = [];
    const p95: number[] = [];
    let n = 0;
    for (const sc of scenarios) {
      // Warm-up on the other items, so the hot ones start with their full stock.
      await load(cloud, 64, 32, (i) => itemIds[i % 32], residents, `warm-${n}`);
      await cloud.faults(sc.faults);
      const r = await load(cloud, 640, 32, sc.pick, residents, `c32-${n++}`);
      await cloud.faults(0);
      const s = summarize(r.ms);
      p95.push(s.p95);
      rows.push({
        scenario: sc.name,
        calls: s.n,
        'p50 ms': s.p50,
        'p95 ms': s.p95,
        'p95 ÷ no contention': (s.p95 / p95[0]).toFixed(2),
        'requests min / p50 / p95 / max': spread(r.requests),
        answers: answers(r.codes) + (sc.itemId ? `; stock left ${await stockOf(cloud, sc.itemId)}` : '')
      });
    }
    out.push(
      '## Redeem at 32 concurrent callers (gateway → function → local cloud)',
      table(rows),
      'Requests above 6 are retries after a write conflict or a failed request (full-jitter exponential backoff, 10 ms base, 500 ms cap, 8 s budget), or shards made up from others once the first one tried ran dry; POINTS_BUSY: gave up. The local cloud runs every function and the database in one Node process, so latency at 32 callers is mostly queueing for that CPU: compare the rows, not the absolute numbers.'
    );
  } finally {
    await cloud.stop();
  }
  return out.join('\n\n');
}

if (require.main === module) {
  benchPoints()
    .then((report) => console.log(report))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
