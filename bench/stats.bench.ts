/**
 * Issue 5 figures: stats.kpis and stats.ranking at 1k against 1M cases (database reads per call and
 * latency through the gateway), and the cost of keeping the counters (extra writes per case event).
 * Cases and their counter documents are generated here and loaded with insertDocument batches, as an
 * import script would: the counters are what the hook writes (contributionsOf → counterIncrements),
 * so the reads see realistic, dense counters at 1M. Both local clouds run at once and the calls
 * alternate between them, so the machine's noise falls on both scales alike.
 */
import { performance } from 'node:perf_hooks';
import org from '../data/dadukou-org.json';
import { addCounts, contributionsOf, kpiDelta, type KpiCase } from '../domain/kpiContributions';
import { counterDocId, counterIncrements, type CounterIncrement } from '../domain/kpiCounters';
import { yearOf } from '../domain/kpiPeriods';
import { buildUnits } from '../domain/org';
import { dayToIso, shanghaiDay } from '../domain/time';
import { actOk, ORG, staffOf, submitOk } from '../test/support/cases';
import { startLocalCloud, type TestCloud } from '../test/support/localcloud';
import { rawInsert } from '../test/support/rawDb';
import { measure, summarize, table } from './stats';

const DAY = 86_400_000;
const units = buildUnits(org);
const communities = units.filter((u) => u.kind === 'community').map((u) => u.id);
const date = (t: number): Date => new Date(Math.round(t));

/** A deterministic pseudo-random stream (no Math.random: the same load every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** `n` closed or open cases spread over the year before `end`, as the hook would have counted them. */
function generate(
  n: number,
  end: number,
  seed: number,
  into: Map<string, CounterIncrement>
): Array<Record<string, unknown>> {
  const r = rng(seed);
  const cases: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) {
    const unitId = communities[Math.floor(r() * communities.length)];
    const created = end - r() * 365 * DAY;
    const due = created + DAY;
    const reply = created + (r() < 0.85 ? 0.5 : 1.5) * DAY;
    const resolveDue = reply + 7 * DAY;
    const resolved = r() < 0.9 ? reply + (r() < 0.8 ? 5 : 9) * DAY : null;
    const sat = ['satisfied', 'basic', 'unsatisfied'][Math.floor(r() * 3)];
    const rated = resolved !== null && resolved + DAY < end;
    const timeline: KpiCase['timeline'][number][] = [{ at: new Date(created), action: 'submit', unitId }];
    if (rated)
      timeline.push({ at: new Date(resolved + DAY), action: 'rate', unitId, data: { satisfaction: sat } } as never);
    const c: KpiCase = {
      status: rated ? 'closed' : resolved !== null ? 'resolved' : 'accepted',
      unitId,
      registeredUnitId: unitId,
      firstResponseDueAt: new Date(due),
      resolveDueAt: new Date(resolveDue),
      firstReplyAt: new Date(reply),
      acceptedAt: new Date(reply),
      resolvedAt: resolved === null ? null : new Date(resolved),
      timeline
    };
    // Counted as of the case's last change (its counts are the sum of its changes' deltas).
    const last = rated ? resolved + DAY : (resolved ?? reply);
    for (const [id, g] of counterIncrements(contributionsOf(c), shanghaiDay(new Date(last)))) {
      const m = into.get(id);
      if (!m) into.set(id, g);
      else {
        for (const [f, counts] of Object.entries(g.M)) m.M[f] = addCounts(m.M[f] ?? {}, counts);
        for (const [f, counts] of Object.entries(g.D)) m.D[f] = addCounts(m.D[f] ?? {}, counts);
      }
    }
    cases.push({
      _id: `bench-${seed}-${i}`,
      code: `BENCH-${seed}-${i}`,
      reporterId: `bench-r${i % 5000}`,
      status: c.status,
      unitId,
      registeredUnitId: unitId,
      scopeIds: [unitId],
      createdAt: date(created),
      updatedAt: date(rated ? resolved + DAY : reply),
      firstResponseDueAt: date(due),
      resolveDueAt: date(resolveDue),
      firstReplyAt: date(reply),
      acceptedAt: date(reply),
      resolvedAt: resolved === null ? null : date(resolved),
      timeline
    });
  }
  return cases;
}

interface Row {
  [k: string]: string | number;
}

/** Case documents stored besides their counters (STATS_BENCH_CASE_DOCS, default 100k; stats never reads them). */
const CASE_DOCS_LOADED = Number(process.env.STATS_BENCH_CASE_DOCS ?? 100_000);

interface Loaded {
  cloud: TestCloud;
  label: string;
  counterDocs: number;
  loadMs: number;
  /** Last full month on the local cloud's clock, as the monthly ranking asks. */
  period: { from: string; to: string };
}

/** A local cloud holding `n` generated cases' counters (and up to 100k of the case documents). */
async function loadScale(n: number, label: string): Promise<Loaded> {
  const cloud = await startLocalCloud({ env: { NODE_OPTIONS: '--max-old-space-size=8192' } });
  let log = '';
  cloud.process.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  cloud.process.once('exit', (code) => code && console.error(`local cloud exited with ${code}: ${log}`));
  // Today on the local cloud's clock: one submit tells.
  const probe = await submitOk(cloud, 'bench-probe');
  const end = new Date(probe.responseDueAt).getTime() - DAY;
  const t0 = performance.now();
  const counters = new Map<string, CounterIncrement>();
  // Generate in slices of 100k cases so the bench process stays small; stats never reads cases, so
  // by default beyond 100k only their counters are loaded (a million case documents nobody reads take
  // the local cloud ~3 GB and minutes to load; STATS_BENCH_CASE_DOCS=1000000 loads them all).
  for (let start = 0; start < n; start += 100_000) {
    const cases = generate(Math.min(100_000, n - start), end, 7 + start, counters);
    if (start < CASE_DOCS_LOADED) await rawInsert(cloud, 'cases', cases);
  }
  // Production keeps a counter document for every unit, this year and next (setup and the nightly
  // job create them ahead), so both scales read the same documents; only their contents differ.
  const today = shanghaiDay(new Date(end));
  for (const year of [yearOf(today) - 1, yearOf(today), yearOf(today) + 1]) {
    for (const u of units) {
      const id = counterDocId(u.id, year);
      if (!counters.has(id)) counters.set(id, { unitId: u.id, year, M: {}, D: {} });
    }
  }
  await cloud.request('POST', '/admin', {
    action: 'database.removeDocument',
    collectionName: 'kpiCounters',
    query: JSON.stringify({}),
    multi: true
  });
  // A dense year document runs to ~50 KB: small batches keep a request under the API's body limit.
  await rawInsert(
    cloud,
    'kpiCounters',
    [...counters].map(([_id, g]) => ({ _id, ...g })),
    20
  );
  const lastMonthEnd = today - Number(dayToIso(today).slice(8, 10));
  const period = { from: `${dayToIso(lastMonthEnd).slice(0, 8)}01`, to: dayToIso(lastMonthEnd) };
  return { cloud, label, counterDocs: counters.size, loadMs: performance.now() - t0, period };
}

/** Each stats call on both scales, alternating call by call; p50 and p95 of each, and its database requests. */
async function measureBoth(small: Loaded, large: Loaded, rounds = 80): Promise<{ rows: Row[]; ratios: Row[] }> {
  const calls: Record<string, (c: Loaded) => Promise<unknown>> = {
    'kpis 平安社区': (c) => c.cloud.call('stats', { action: 'kpis', ...c.period }, staffOf(ORG.pingan)),
    'kpis 新山村街道': (c) => c.cloud.call('stats', { action: 'kpis', ...c.period }, staffOf(ORG.xinshancun)),
    'kpis district': (c) => c.cloud.call('stats', { action: 'kpis', ...c.period }, staffOf(ORG.district)),
    'ranking town': (c) =>
      c.cloud.call('stats', { action: 'ranking', kind: 'town', ...c.period }, staffOf(ORG.district)),
    'ranking community': (c) =>
      c.cloud.call('stats', { action: 'ranking', kind: 'community', ...c.period }, staffOf(ORG.district)),
    'trend 6 months 新山村街道': (c) =>
      c.cloud.call('stats', { action: 'trend', to: c.period.to.slice(0, 7) }, staffOf(ORG.xinshancun))
  };
  const rows: Row[] = [];
  const ratios: Row[] = [];
  for (const [name, call] of Object.entries(calls)) {
    for (const c of [small, large]) await measure(5, 1, () => call(c));
    const samples: [number[], number[]] = [[], []];
    for (let i = 0; i < rounds; i++) {
      // Alternate which scale goes first, so neither always follows the other's garbage.
      const order = i % 2 ? [0, 1] : [1, 0];
      for (const k of order) samples[k].push(...(await measure(1, 1, () => call(k ? large : small))));
    }
    const requests: number[] = [];
    for (const c of [small, large])
      requests.push(Math.max(...(await c.cloud.invocations(rounds)).map((x) => x.dbRequests)));
    const s = samples.map(summarize);
    [small, large].forEach((c, k) =>
      rows.push({ scale: c.label, call: name, 'db requests': requests[k], 'p50 ms': s[k].p50, 'p95 ms': s[k].p95 })
    );
    ratios.push({
      call: name,
      'db requests': `${requests[0]} → ${requests[1]}`,
      'p50 ratio': (s[1].p50 / s[0].p50).toFixed(2),
      'mean ratio': (s[1].mean / s[0].mean).toFixed(2)
    });
  }
  return { rows, ratios };
}

/** Database requests per case event, and how many counter documents each event's delta touches. */
async function upkeep(): Promise<string> {
  const cloud = await startLocalCloud();
  try {
    const pingan = staffOf(ORG.pingan);
    // Warm instances: org and rules read, the staff member's role known (each cached for a minute).
    await submitOk(cloud, 'warm');
    await cloud.call('cases', { action: 'queue' }, pingan);
    await cloud.call('ratings', { action: 'rate', caseId: 'none', satisfaction: 'basic' }, 'warm');
    const rows: Row[] = [];
    const track = async (name: string, run: () => Promise<unknown>) => {
      await run();
      const [inv] = await cloud.invocations(1);
      rows.push({ event: name, 'db requests': inv.dbRequests });
    };
    let id = '';
    await track('submit', async () => (id = (await submitOk(cloud, 'resident-1')).caseId));
    await track('accept', () => actOk(cloud, pingan, 'accept', { caseId: id }));
    await track('reply', () => actOk(cloud, pingan, 'reply', { caseId: id, text: '正在处理' }));
    await track('resolve', () => actOk(cloud, pingan, 'resolve', { caseId: id, result: '已办结' }));
    await track('rate', () => actOk(cloud, 'resident-1', 'rate', { caseId: id, satisfaction: 'basic' }, 'ratings'));
    return table(rows);
  } finally {
    await cloud.stop();
  }
}

/** Counter documents written per event over a generated event stream, year ends included (pure). */
function docsPerEvent(): string {
  const r = rng(99);
  const hist = new Map<number, number>();
  const base = Date.UTC(2026, 0, 1);
  const write = (a: KpiCase | null, b: KpiCase, at: number) => {
    const k = counterIncrements(kpiDelta(a, b), shanghaiDay(new Date(at))).size;
    hist.set(k, (hist.get(k) ?? 0) + 1);
  };
  for (let i = 0; i < 20_000; i++) {
    const unitId = communities[Math.floor(r() * communities.length)];
    // Two years of filings, so a year end falls in the middle of the stream.
    const created = base + r() * 730 * DAY;
    const s0: KpiCase = {
      status: 'submitted',
      unitId,
      registeredUnitId: unitId,
      firstResponseDueAt: new Date(created + DAY),
      resolveDueAt: new Date(created + 8 * DAY),
      firstReplyAt: null,
      acceptedAt: null,
      resolvedAt: null,
      timeline: [{ at: new Date(created), action: 'submit', unitId }]
    };
    const at = created + r() * 2 * DAY;
    const s1: KpiCase = {
      ...s0,
      status: 'accepted',
      firstReplyAt: new Date(at),
      acceptedAt: new Date(at),
      resolveDueAt: new Date(at + 7 * DAY)
    };
    const done = at + r() * 10 * DAY;
    const s2: KpiCase = { ...s1, status: 'resolved', resolvedAt: new Date(done) };
    const s3: KpiCase = {
      ...s2,
      status: 'closed',
      timeline: [
        ...s2.timeline,
        { at: new Date(done + DAY), action: 'rate', unitId, data: { satisfaction: 'satisfied' } }
      ]
    };
    // Re-handling: unsatisfied, reopened with a new deadline in the same unit.
    const s3b: KpiCase = {
      ...s2,
      status: 'accepted',
      resolvedAt: null,
      resolveDueAt: new Date(done + 8 * DAY),
      timeline: [
        ...s2.timeline,
        { at: new Date(done + DAY), action: 'rate', unitId, data: { satisfaction: 'unsatisfied' } }
      ]
    };
    write(null, s0, created);
    write(s0, s1, at);
    write(s1, s2, done);
    write(s2, r() < 0.8 ? s3 : s3b, done + DAY);
  }
  const total = [...hist.values()].reduce((x, y) => x + y, 0);
  return table(
    [...hist]
      .sort((a, b) => a[0] - b[0])
      .map(([k, v]) => ({ 'counter documents written': k, events: v, share: `${((100 * v) / total).toFixed(2)} %` }))
  );
}

export async function benchStats(): Promise<string> {
  const out: string[] = [];
  const big = Number(process.env.STATS_BENCH_CASES ?? 1_000_000);
  const small = await loadScale(1000, '1k');
  let large: Loaded | undefined;
  try {
    large = await loadScale(big, big >= 1_000_000 ? `${big / 1_000_000}M` : `${Math.round(big / 1000)}k`);
    const { rows, ratios } = await measureBoth(small, large);
    out.push(
      `## stats calls, period ${small.period.from}..${small.period.to}, warm, 80 calls each, the two scales alternating (gateway → function → local cloud)`,
      table(rows)
    );
    out.push(`## Ratio ${large.label} / 1k (target ≤ 1.2)`, table(ratios));
    out.push(
      `Counter documents: ${small.counterDocs} at 1k, ${large.counterDocs} at ${large.label} (loaded in ${Math.round(large.loadMs / 1000)} s; ` +
        `the counters count all ${big} cases, of which the first ${Math.min(big, CASE_DOCS_LOADED)} are also stored as case documents).`
    );
  } finally {
    await small.cloud.stop();
    await large?.cloud.stop();
  }
  out.push(
    '## Keeping the counters: database requests per case event (warm; the counter update is one of them)',
    await upkeep()
  );
  out.push(
    '## Counter documents written per case event (20k generated cases over two years × 4 events, pure)',
    docsPerEvent()
  );
  return out.join('\n\n');
}

if (require.main === module) {
  benchStats()
    .then((r) => console.log(r))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
