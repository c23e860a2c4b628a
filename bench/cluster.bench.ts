/**
 * Issue 17 figures: the nightly 未诉先办 job at 60,000 cases a day. The window's cases (a generated
 * month with planted clusters, real communities, loaded with insertDocument batches as an import
 * would) sit in a local cloud; the timer fires until the night is complete (each call works one
 * community group after another for its 40 s budget, proactive/run.ts), and we report the calls, the
 * longest, their database requests (1,000 a page through the `community` index), what they opened,
 * and the pure clustering's own time. BENCH_CLUSTER_DAYS (default 30) sets the window's days;
 * BENCH_CLUSTER_PER_DAY (default 60000) the rate.
 */
import { performance } from 'node:perf_hooks';
import org from '../data/dadukou-org.json';
import { clusterCases, DEFAULT_CLUSTER_OPTIONS, passesThreshold } from '../domain/cluster';
import { buildUnits } from '../domain/org';
import type { NightlyReport } from '../typings/proactive';
import { plantedMonth, score } from '../test/domain/clusterMonth';
import { startLocalCloud, type TestCloud } from '../test/support/localcloud';
import { rawInsert } from '../test/support/rawDb';
import { lastRequests, table } from './stats';
import { LEASE_MS } from '../cloudfunctions/proactive/run';

interface Night {
  calls: Array<{ ms: number; requests: number }>;
  report: NightlyReport;
  timedOut: number;
}

/**
 * Fires the timer until the night is complete, timing each call. The local cloud stops a call at 60 s,
 * as CloudBase does: then, as the next timer call would, it waits out the lease and goes on (counted).
 */
async function night(cloud: TestCloud): Promise<Night> {
  const calls: Night['calls'] = [];
  let timedOut = 0;
  for (;;) {
    const t = performance.now();
    const res = (await cloud.trigger('proactive').catch((e: unknown) => ({ ok: false, error: e }))) as {
      ok: boolean;
      result: NightlyReport;
    };
    calls.push({ ms: performance.now() - t, requests: await lastRequests(cloud) });
    if (!res.ok) {
      if (timedOut === 0) console.error('a call failed:', (res as { error?: unknown }).error);
      timedOut++;
      await cloud.advanceClock(LEASE_MS);
    }
    if ((res.ok && res.result.state === 'complete') || calls.length > 500)
      return { calls, report: res.result, timedOut };
  }
}

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
    const first = await night(cloud);
    // The next night: a day later, nothing new; every community is read again, nothing opens.
    await cloud.advanceClock(86_400_000);
    const next = await night(cloud);
    const row = (what: string, n: Night) => ({
      what,
      calls: n.calls.length,
      'total ms': Math.round(n.calls.reduce((x, c) => x + c.ms, 0)),
      'longest call ms': Math.round(Math.max(...n.calls.map((c) => c.ms))),
      requests: n.calls.reduce((x, c) => x + c.requests, 0),
      'timed out': n.timedOut,
      clusters: n.report.clusters,
      opened: n.report.opened
    });
    return [
      `window ${days} days × ${perDay} cases/day = ${cases.length} cases (loaded in ${(loadMs / 1000).toFixed(1)} s), ${month.plants.length} plants, ${communities.length} communities`,
      '',
      table([
        {
          what: 'pure clustering (this process)',
          calls: 0,
          'total ms': Math.round(pureMs),
          'longest call ms': 0,
          requests: 0,
          'timed out': 0,
          clusters: clusters.length,
          opened: passing.length
        },
        row('nightly job, first night', first),
        row('nightly job, next night (opens none)', next)
      ]),
      '',
      `precision ${quality.precision.toFixed(3)}, recall ${quality.recall.toFixed(3)} against the plants; the job counts ${first.report.requests} requests of its own`
    ].join('\n');
  } finally {
    await cloud.stop();
  }
}
