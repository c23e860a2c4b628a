/**
 * Issue 17 figures: the nightly 未诉先办 job at 60,000 cases a day. The window's cases (a generated
 * month with planted clusters, real communities, loaded with insertDocument batches as an import
 * would) sit in a local cloud; the timer fires once, and we report its time, its database requests
 * (1,000 a page through the `created` index), what it opened, and the pure clustering's own time.
 * BENCH_CLUSTER_DAYS (default 30) sets the window's days; BENCH_CLUSTER_PER_DAY (default 60000) the rate.
 */
import { performance } from 'node:perf_hooks';
import org from '../data/dadukou-org.json';
import { clusterCases, DEFAULT_CLUSTER_OPTIONS, passesThreshold } from '../domain/cluster';
import { buildUnits } from '../domain/org';
import type { NightlyReport } from '../typings/proactive';
import { plantedMonth, score } from '../test/domain/clusterMonth';
import { startLocalCloud } from '../test/support/localcloud';
import { rawInsert } from '../test/support/rawDb';
import { lastRequests, table } from './stats';

export async function benchCluster(): Promise<string> {
  const days = Number(process.env.BENCH_CLUSTER_DAYS ?? 30);
  const perDay = Number(process.env.BENCH_CLUSTER_PER_DAY ?? 60_000);
  const communities = buildUnits(org).filter((u) => u.kind === 'community');
  const month = plantedMonth(17, perDay, communities.length, 40, days);
  const realId = (fake: string): string => communities[Number(fake.slice('community-'.length))].id;
  const cases = month.cases.map((c) => ({ ...c, communityId: realId(c.communityId), unitId: realId(c.unitId) }));

  // Pure clustering alone, in this process.
  const t0 = performance.now();
  const clusters = clusterCases(cases, month.now, { ...DEFAULT_CLUSTER_OPTIONS, windowDays: days });
  const pureMs = performance.now() - t0;
  const passing = clusters.filter((c) => passesThreshold(c, DEFAULT_CLUSTER_OPTIONS));
  const quality = score(passing, month.plants);

  const cloud = await startLocalCloud();
  try {
    // The cloud's clock is today's: move the generated window so it ends now.
    const shift = Date.now() - month.now.getTime();
    const docs = cases.map((c) => ({
      _id: c.id,
      code: `B-${c.id}`,
      communityId: c.communityId,
      category: c.category,
      reporterId: c.reporterId,
      unitId: c.unitId,
      scopeIds: [c.unitId],
      status: 'submitted',
      channel: 'miniprogram',
      createdAt: new Date(c.createdAt.getTime() + shift),
      location: c.location,
      description: c.text,
      version: 1,
      round: 1,
      timeline: []
    }));
    const l0 = performance.now();
    await rawInsert(cloud, 'cases', docs, 1000);
    const loadMs = performance.now() - l0;
    const r0 = performance.now();
    const res = (await cloud.trigger('proactive')) as { ok: boolean; result: NightlyReport };
    const runMs = performance.now() - r0;
    const dbRequests = await lastRequests(cloud);
    const second = performance.now();
    const again = (await cloud.trigger('proactive')) as { ok: boolean; result: NightlyReport };
    const againMs = performance.now() - second;
    return [
      `window ${days} days × ${perDay} cases/day = ${cases.length} cases (loaded in ${(loadMs / 1000).toFixed(1)} s), ${month.plants.length} plants`,
      '',
      table([
        {
          what: 'pure clustering (this process)',
          ms: Math.round(pureMs),
          requests: 0,
          clusters: clusters.length,
          passing: passing.length
        },
        {
          what: 'nightly job, first night',
          ms: Math.round(runMs),
          requests: dbRequests,
          clusters: res.result.clusters,
          passing: res.result.opened
        },
        {
          what: 'nightly job, next night (opens none)',
          ms: Math.round(againMs),
          requests: await lastRequests(cloud),
          clusters: again.result.clusters,
          passing: again.result.opened
        }
      ]),
      '',
      `precision ${quality.precision.toFixed(3)}, recall ${quality.recall.toFixed(3)} against the plants; the job counts ${res.result.requests} requests of its own`
    ].join('\n');
  } finally {
    await cloud.stop();
  }
}
