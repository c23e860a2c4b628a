/**
 * Issue 5 figures: stats.kpis and stats.ranking at 1k against 1M cases (database reads per call and
 * latency through the gateway), and the cost of keeping the counters (extra writes per case event).
 * Cases and their counter documents are generated here and loaded with insertDocument batches of
 * 1000, as an import script would: the counters are exactly what the hook would have written
 * (contributionsOf → groupByDoc), so the reads see realistic, dense counters at 1M.
 */
import { performance } from 'node:perf_hooks';
import org from '../data/dadukou-org.json';
import { contributionsOf, counterDocId, kpiDelta, monthOf, type KpiCase } from '../domain/kpi';
import { buildUnits } from '../domain/org';
import { dayToIso, shanghaiDay } from '../domain/time';
import { groupByDoc } from '../server/counters';
import { actOk, ORG, staffOf, submitOk } from '../test/support/cases';
import { startLocalCloud, type TestCloud } from '../test/support/localcloud';
import { measure, summarize, table } from './stats';

const DAY = 86_400_000;
const units = buildUnits(org);
const communities = units.filter((u) => u.kind === 'community').map((u) => u.id);
const date = (t: number) => ({ $date: { $numberLong: String(Math.round(t)) } });

/** A deterministic pseudo-random stream (no Math.random: the same load every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** `n` closed or open cases spread over the year before `end`, as the hook would have counted them. */
function generate(n: number, end: number, seed: number): { cases: Array<Record<string, unknown>>; counters: Array<Record<string, unknown>> } {
  const r = rng(seed);
  const contributions = [];
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
    if (rated) timeline.push({ at: new Date(resolved! + DAY), action: 'rate', unitId, data: { satisfaction: sat } } as never);
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
    contributions.push(...contributionsOf(c));
    cases.push({
      _id: `bench-${seed}-${i}`,
      code: `BENCH-${seed}-${i}`,
      reporterId: `bench-r${i % 5000}`,
      status: c.status,
      unitId,
      registeredUnitId: unitId,
      scopeIds: [unitId],
      createdAt: date(created),
      updatedAt: date(rated ? resolved! + DAY : reply),
      firstResponseDueAt: date(due),
      resolveDueAt: date(resolveDue),
      firstReplyAt: date(reply),
      acceptedAt: date(reply),
      resolvedAt: resolved === null ? null : date(resolved),
      timeline: timeline.map((t) => ({ ...t, at: date(t.at.getTime()) }))
    });
  }
  const counters = [...groupByDoc(contributions)].map(([id, g]) => ({ _id: id, unitId: g.unitId, month: g.month, T: g.T, D: g.D }));
  return { cases, counters };
}

async function load(cloud: TestCloud, collection: string, docs: Array<Record<string, unknown>>, batch = 1000): Promise<void> {
  for (let i = 0; i < docs.length; i += batch) {
    const res = await cloud.request('POST', '/admin', { action: 'database.insertDocument', collectionName: collection, data: docs.slice(i, i + batch).map((d) => JSON.stringify(d)) });
    if ((res.body as { code?: string }).code) throw new Error(JSON.stringify(res.body));
  }
}

interface Row {
  [k: string]: string | number;
}

/** Latency and database requests of each stats call on a loaded local cloud. */
async function measureCalls(cloud: TestCloud, label: string, period: { from: string; to: string }): Promise<Row[]> {
  const calls: Record<string, () => Promise<unknown>> = {
    'kpis 平安社区': () => cloud.call('stats', { action: 'kpis', ...period }, staffOf(ORG.pingan)),
    'kpis 新山村街道': () => cloud.call('stats', { action: 'kpis', ...period }, staffOf(ORG.xinshancun)),
    'kpis district': () => cloud.call('stats', { action: 'kpis', ...period }, staffOf(ORG.district)),
    'ranking town': () => cloud.call('stats', { action: 'ranking', kind: 'town', ...period }, staffOf(ORG.district)),
    'ranking community': () => cloud.call('stats', { action: 'ranking', kind: 'community', ...period }, staffOf(ORG.district))
  };
  const rows: Row[] = [];
  for (const [name, call] of Object.entries(calls)) {
    await measure(5, 1, call);
    const s = summarize(await measure(40, 1, call));
    const inv = (await cloud.invocations(40)).map((x) => x.dbRequests);
    rows.push({ scale: label, call: name, 'db requests': Math.max(...inv), 'p50 ms': s.p50, 'p95 ms': s.p95 });
  }
  return rows;
}

const CASE_DOCS_LOADED = 100_000;

async function atScale(n: number, label: string): Promise<{ rows: Row[]; loadMs: number; counterDocs: number }> {
  const cloud = await startLocalCloud({ env: { NODE_OPTIONS: '--max-old-space-size=8192' } });
  let log = '';
  cloud.process.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  cloud.process.once('exit', (code) => code && console.error(`local cloud exited with ${code}: ${log}`));
  try {
    // Today on the local cloud's clock: one submit tells.
    const probe = await submitOk(cloud, 'bench-probe');
    const end = new Date(probe.responseDueAt).getTime() - DAY;
    const t0 = performance.now();
    let counterDocs = 0;
    // Generate and load in slices of 100k cases so the bench process stays small; counter
    // documents of a slice are merged by id into the previous ones before loading.
    const merged = new Map<string, Record<string, unknown> & { T: Record<string, number>; D: Record<string, Record<string, number>> }>();
    for (let start = 0; start < n; start += 100_000) {
      const g = generate(Math.min(100_000, n - start), end, 7 + start);
      // stats never reads cases, so beyond 100k only their counters are loaded: the local cloud would
      // need ~3 GB and minutes for a million case documents nobody reads.
      if (start < CASE_DOCS_LOADED) await load(cloud, 'cases', g.cases);
      for (const c of g.counters as Array<Record<string, unknown> & { _id: string; T: Record<string, number>; D: Record<string, Record<string, number>> }>) {
        const m = merged.get(c._id);
        if (!m) merged.set(c._id, c);
        else {
          for (const [k, v] of Object.entries(c.T)) m.T[k] = (m.T[k] ?? 0) + v;
          for (const [d, o] of Object.entries(c.D)) for (const [k, v] of Object.entries(o)) (m.D[d] ??= {})[k] = (m.D[d][k] ?? 0) + v;
        }
      }
    }
    // Production keeps a counter document for every unit and month (setup and the nightly job create
    // them ahead), so both scales read the same documents; only their contents differ.
    for (let day = shanghaiDay(new Date(end - 366 * DAY)); day <= shanghaiDay(new Date(end)); day += 28) {
      const month = monthOf(day);
      for (const u of units) {
        const id = counterDocId(u.id, month);
        if (!merged.has(id)) merged.set(id, { _id: id, unitId: u.id, month, T: {}, D: {} });
      }
    }
    await cloud.request('POST', '/admin', { action: 'database.removeDocument', collectionName: 'kpiCounters', query: JSON.stringify({}), multi: true });
    // Dense counter documents run to ~10 KB each: smaller batches keep a request under the API's body limit.
    await load(cloud, 'kpiCounters', [...merged.values()], 100);
    counterDocs = merged.size;
    const loadMs = performance.now() - t0;
    const today = shanghaiDay(new Date(end));
    // Last full month, as the monthly ranking asks.
    const lastMonthEnd = today - Number(dayToIso(today).slice(8, 10));
    const from = `${dayToIso(lastMonthEnd).slice(0, 8)}01`;
    return { rows: await measureCalls(cloud, label, { from, to: dayToIso(lastMonthEnd) }), loadMs, counterDocs };
  } finally {
    await cloud.stop();
  }
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

/** Counter documents touched per event over a generated event stream (pure). */
function docsPerEvent(): string {
  const r = rng(99);
  const hist = new Map<number, number>();
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 20_000; i++) {
    const unitId = communities[Math.floor(r() * communities.length)];
    const created = base + r() * 365 * DAY;
    const s0: KpiCase = { status: 'submitted', unitId, registeredUnitId: unitId, firstResponseDueAt: new Date(created + DAY), resolveDueAt: new Date(created + 8 * DAY), firstReplyAt: null, acceptedAt: null, resolvedAt: null, timeline: [{ at: new Date(created), action: 'submit', unitId }] };
    const at = created + r() * 2 * DAY;
    const s1: KpiCase = { ...s0, status: 'accepted', firstReplyAt: new Date(at), acceptedAt: new Date(at), resolveDueAt: new Date(at + 7 * DAY) };
    const done = at + r() * 10 * DAY;
    const s2: KpiCase = { ...s1, status: 'resolved', resolvedAt: new Date(done) };
    const s3: KpiCase = { ...s2, status: 'closed', timeline: [...s2.timeline, { at: new Date(done + DAY), action: 'rate', unitId, data: { satisfaction: 'satisfied' } }] };
    // Re-handling: unsatisfied, reopened with a new deadline in the same unit.
    const s3b: KpiCase = { ...s2, status: 'accepted', resolvedAt: null, resolveDueAt: new Date(done + 8 * DAY), timeline: [...s2.timeline, { at: new Date(done + DAY), action: 'rate', unitId, data: { satisfaction: 'unsatisfied' } }] };
    for (const [a, b] of [[null, s0], [s0, s1], [s1, s2], [s2, r() < 0.8 ? s3 : s3b]] as Array<[KpiCase | null, KpiCase]>) {
      const k = groupByDoc(kpiDelta(a, b)).size;
      hist.set(k, (hist.get(k) ?? 0) + 1);
    }
  }
  const total = [...hist.values()].reduce((x, y) => x + y, 0);
  return table([...hist].sort((a, b) => a[0] - b[0]).map(([k, v]) => ({ 'counter documents written': k, events: v, share: `${((100 * v) / total).toFixed(2)} %` })));
}

export async function benchStats(): Promise<string> {
  const out: string[] = [];
  const big = Number(process.env.STATS_BENCH_CASES ?? 1_000_000);
  const small = await atScale(1000, '1k');
  const large = await atScale(big, big >= 1_000_000 ? '1M' : `${Math.round(big / 1000)}k`);
  const rows = [...small.rows, ...large.rows];
  out.push(`## stats.kpis and stats.ranking, last full month, warm, 40 calls each (gateway → function → local cloud)`, table(rows));
  const ratios = small.rows.map((s, i) => ({ call: String(s.call), 'db requests': `${s['db requests']} → ${large.rows[i]['db requests']}`, 'p50 ratio': (Number(large.rows[i]['p50 ms']) / Number(s['p50 ms'])).toFixed(2) }));
  out.push(`## Ratio ${large.rows[0].scale} / 1k (target ≤ 1.2)`, table(ratios));
  out.push(
    `Counter documents: ${small.counterDocs} at 1k, ${large.counterDocs} at ${large.rows[0].scale} (loaded in ${Math.round(large.loadMs / 1000)} s; ` +
      `the counters count all ${big} cases, of which the first ${Math.min(big, CASE_DOCS_LOADED)} are also stored as case documents).`
  );
  out.push('## Keeping the counters: database requests per case event (warm; the counter update is one of them)', await upkeep());
  out.push('## Counter documents written per case event (20k generated cases × 4 events, pure)', docsPerEvent());
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
