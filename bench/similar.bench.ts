/** Issue 17 figure: `cases.similar` at 1k and 100k open cases — requests and time must not follow the collection. */
import { EJSON } from 'bson';
import { startLocalCloud } from '../test/support/localcloud';
import { ORG, submitOk } from '../test/support/cases';
import { rawFind, rawInsert } from '../test/support/rawDb';
import { measure, summarize, table } from './stats';

const PHRASES = [
  '楼上夜间噪音扰民',
  '小区路灯不亮',
  '垃圾清运不及时',
  '共享单车乱停放',
  '下水道堵塞返臭',
  '电梯经常停运'
];
const COMMUNITIES = [ORG.pingan, ORG.ganghua, ORG.bajiaoCommunity];
const CATEGORIES = ['neighbor', 'labor'];
const CALLS = 200;

/** `total` open cases: a third of them in the queried community and category (the worst bucket). */
async function run(total: number): Promise<Record<string, string | number>> {
  const cloud = await startLocalCloud();
  try {
    const { caseId } = await submitOk(cloud, 'resident-1');
    const [doc] = (await rawFind(cloud, 'cases', { _id: caseId })) ?? [];
    if (!doc) throw new Error('template case not found');
    const template = EJSON.parse(EJSON.stringify(doc, { relaxed: false }), { relaxed: false }) as Record<
      string,
      unknown
    >;
    const base = Date.now();
    for (let from = 0; from < total; from += 10_000) {
      const n = Math.min(10_000, total - from);
      await rawInsert(
        cloud,
        'cases',
        Array.from({ length: n }, (_, k) => {
          const i = from + k;
          return {
            ...template,
            _id: `sim-${i}`,
            code: `sim-${i}`,
            seq: 100_000 + i,
            reporterId: `r-${i}`,
            communityId: COMMUNITIES[i % 3],
            category: CATEGORIES[Math.floor(i / 3) % 2],
            status: i % 2 ? 'submitted' : 'accepted',
            description: `${PHRASES[i % PHRASES.length]}，第${i}号反映`,
            location: { latitude: 29.48 + (i % 100) * 0.0001, longitude: 106.48 + (i % 37) * 0.0001 },
            createdAt: new Date(base - i * 1000)
          };
        })
      );
    }
    const call = () =>
      cloud.call(
        'cases',
        {
          action: 'similar',
          communityId: ORG.pingan,
          category: 'neighbor',
          location: { latitude: 29.4841, longitude: 106.4821 },
          text: '小区里的路灯坏了不亮'
        },
        'resident-2'
      );
    await call(); // warm
    const ms = summarize(await measure(CALLS, 1, call));
    const inv = await cloud.invocations(CALLS);
    const requests = Math.max(...inv.map((i) => i.dbRequests));
    return { 'open cases': total, calls: CALLS, 'db requests (max)': requests, 'p50 ms': ms.p50, 'p95 ms': ms.p95 };
  } finally {
    await cloud.stop();
  }
}

export async function benchSimilar(): Promise<string> {
  const small = await run(1_000);
  const large = await run(100_000);
  const ratio = Math.round((Number(large['p50 ms']) / Number(small['p50 ms'])) * 100) / 100;
  return [
    '## cases.similar: 1k against 100k open cases (a third in the queried community and category)',
    table([small, large]),
    `p50 ratio 100k / 1k: ${ratio}. One request: the \`similar\` index (category, communityId, status, createdAt) answers the newest 100 open cases of the bucket, ranked in memory (domain/similar.ts).`
  ].join('\n\n');
}
