/** Issue 6 figures: redeem's database round trips and its latency at 32 concurrent callers, through the gateway. */
import { startLocalCloud, type TestCloud } from '../test/support/localcloud';
import { awardNow, PINGAN, points, pointsOk, preparePoints, staffOf } from '../test/functions/pointsHelpers';
import { measure, summarize, table } from './stats';

const RESIDENTS = 200;

async function setup(
  cloud: TestCloud,
  tag: string,
  items: number
): Promise<{ itemIds: string[]; residents: string[] }> {
  const itemIds: string[] = [];
  for (let i = 0; i < items; i++) {
    const res = await pointsOk(cloud, staffOf(PINGAN), 'items', {
      op: 'add',
      communityId: PINGAN,
      name: `bench-${tag}-${i}`,
      points: 1,
      stock: 100_000,
      monthlyLimit: 1000,
      requestId: `bench-${tag}-item-${i}`
    });
    itemIds.push(res.itemId);
  }
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

/** Runs `total` redemptions with `concurrency` callers; returns latencies and the redeem invocations' request counts. */
async function load(
  cloud: TestCloud,
  total: number,
  concurrency: number,
  pickItem: (i: number) => string,
  residents: string[],
  tag: string
): Promise<{ ms: number[]; requests: number[]; failed: number }> {
  let failed = 0;
  const ms = await measure(total, concurrency, async (i) => {
    const res = await points(cloud, residents[i % residents.length], 'redeem', {
      itemId: pickItem(i),
      quantity: 1,
      requestId: `bench-${tag}-${i}`
    });
    if (!res.ok) failed++;
  });
  const invocations = (await cloud.invocations(Math.min(total, 1000))).filter((r) => r.action === 'redeem');
  return { ms, requests: invocations.map((r) => r.dbRequests), failed };
}

function spread(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `${s[0]} / ${at(0.5)} / ${at(0.95)} / ${s[s.length - 1]}`;
}

export async function benchPoints(): Promise<string> {
  const out: string[] = [];
  const cloud = await startLocalCloud({ seed: false });
  try {
    await preparePoints(cloud);
    const { itemIds, residents } = await setup(cloud, 'a', 32);

    // Sequential: the request count of an uncontended redeem.
    const seq = await load(cloud, 100, 1, (i) => itemIds[i % itemIds.length], residents, 'seq');
    out.push(
      '## Redeem round trips (database requests per call, from /__emulator/invocations)',
      table([{ case: 'sequential, 100 calls', 'min / p50 / p95 / max': spread(seq.requests), failed: seq.failed }]),
      'One transaction: startTransaction, get the item, update the item (the contended document, written first), get the account, add the spend entry (which is the order), set the account, add the pickup code, commitTransaction: 8 requests, 7 before the commit. A write-off of lapsed points adds one entry (the first redemption after a year end). A conflict costs 4 (start, get, the refused update, rollback) before the retry.'
    );

    const rows: Array<Record<string, string | number>> = [];
    let seed = 20260601;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const scenarios: Array<{ name: string; pick: (i: number) => string; faults: number }> = [
      { name: '32 items, one per caller (no contention)', pick: (i) => itemIds[i % 32], faults: 0 },
      { name: '20 items at random', pick: () => itemIds[Math.floor(random() * 20)], faults: 0 },
      { name: '20 items at random, 10% db faults', pick: () => itemIds[Math.floor(random() * 20)], faults: 0.1 },
      { name: 'one hot item', pick: () => itemIds[0], faults: 0 }
    ];
    let n = 0;
    for (const sc of scenarios) {
      await load(cloud, 64, 32, sc.pick, residents, `warm-${n}`);
      await cloud.faults(sc.faults);
      const r = await load(cloud, 640, 32, sc.pick, residents, `c32-${n++}`);
      await cloud.faults(0);
      const s = summarize(r.ms);
      rows.push({
        scenario: sc.name,
        calls: s.n,
        'p50 ms': s.p50,
        'p95 ms': s.p95,
        'requests min / p50 / p95 / max': spread(r.requests),
        refused: r.failed
      });
    }
    out.push(
      '## Redeem at 32 concurrent callers (gateway → function → local cloud)',
      table(rows),
      'Requests above 8 are retries after a write conflict or a failed request (full-jitter exponential backoff, 10 ms base, 500 ms cap, 8 s budget); refused: gave up with POINTS_BUSY. The local cloud runs every function and the database in one Node process, so latency at 32 callers is mostly queueing for that CPU: compare the rows, not the absolute numbers.'
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
