import { expect } from '@jest/globals';
import { caseRates, scopeUnitIds } from '../../domain/kpiRates';
import { clampPeriod, parsePeriod } from '../../domain/kpiPeriods';
import { contributionsOf, countsFromContributions, type Counts, type KpiCase } from '../../domain/kpiContributions';
import { buildUnits } from '../../domain/org';
import { dayToIso, isoToDay } from '../../domain/time';
import org from '../../data/dadukou-org.json';
import { actOk, ORG, staffOf, submitOk } from '../support/cases';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { rawFind } from '../support/rawDb';
import type { Result } from '../../typings/result';
import type { KpisResponse, RankingResponse, TrendResponse } from '../../typings/stats';

let cloud: TestCloud;
const units = buildUnits(org);

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const stats = <T>(openid: string, action: string, fields: Record<string, unknown>) =>
  cloud.call<Result<T>>('stats', { action, ...fields }, openid);
async function statsOk<T>(openid: string, action: string, fields: Record<string, unknown>): Promise<T> {
  const res = await stats<T>(openid, action, fields);
  if (!res.ok) throw new Error(`${action}: ${res.code} ${res.message}`);
  return res.data;
}

/** A wide period around the local cloud's today (the server clamps it to today). */
let period: { from: string; to: string };

/** Plays a small realistic mix of cases through the real functions. */
async function playDay(): Promise<void> {
  const pingan = staffOf(ORG.pingan);
  const a = await submitOk(cloud, 'resident-1');
  await actOk(cloud, pingan, 'accept', { caseId: a.caseId });
  await actOk(cloud, pingan, 'resolve', { caseId: a.caseId, result: '已协调双方达成一致' });
  await actOk(cloud, 'resident-1', 'rate', { caseId: a.caseId, satisfaction: 'satisfied' }, 'ratings');

  const b = await submitOk(cloud, 'resident-2');
  await actOk(cloud, pingan, 'accept', { caseId: b.caseId });
  await actOk(cloud, pingan, 'resolve', { caseId: b.caseId, result: '已处理' });
  await actOk(
    cloud,
    'resident-2',
    'rate',
    { caseId: b.caseId, satisfaction: 'unsatisfied', comment: '没解决' },
    'ratings'
  ); // 重办, round 2

  const c = await submitOk(cloud, 'resident-3'); // never answered
  const d = await submitOk(cloud, 'resident-3', { communityId: ORG.ganghua });
  await actOk(cloud, staffOf(ORG.ganghua), 'reject', { caseId: d.caseId, reason: '重复提交' });
  const e = await submitOk(cloud, 'resident-1');
  await actOk(cloud, pingan, 'escalate', { caseId: e.caseId, reason: '需街道协调' });
  await actOk(cloud, staffOf(ORG.xinshancun), 'accept', { caseId: e.caseId });
  await submitOk(cloud, 'resident-2', { communityId: ORG.bajiaoCommunity });
  // A week later: the response deadlines have fallen; c gets a late first reply.
  await cloud.advanceClock(7 * 86_400_000);
  await actOk(cloud, pingan, 'reply', { caseId: c.caseId, text: '已收到，正在了解情况' });
}

beforeAll(async () => {
  await playDay();
  // Warm the stats instance (org, rules and the district's role are then cached).
  await statsOk<KpisResponse>(staffOf(ORG.district), 'kpis', { from: '2000-01-01', to: '2000-01-02' });
  // Today on the local cloud's clock, as the functions see it.
  const cases = (await rawFind<{ createdAt: string }>(cloud, 'cases'))!;
  const today = isoToDay(new Date(new Date(cases[0].createdAt).getTime() + 8 * 3600000).toISOString().slice(0, 10))!;
  period = { from: dayToIso(today - 100), to: dayToIso(today + 100) };
});

async function rawCounts(): Promise<{ byUnit: Map<string, Counts>; countedTo: number }> {
  const cases = (await rawFind<KpiCase>(cloud, 'cases'))!.map((c) => revive(c));
  const k = await statsOk<KpisResponse>(staffOf(ORG.district), 'kpis', period);
  const p = parsePeriod(period.from, k.countedTo!);
  if (typeof p === 'string') throw new Error(p);
  return {
    byUnit: countsFromContributions(cases.flatMap(contributionsOf), clampPeriod(p, p.toDay)!),
    countedTo: p.toDay
  };
}

/** rawFind answers relaxed EJSON: dates come back as ISO strings. */
function revive(c: KpiCase): KpiCase {
  const d = (x: unknown) => (x === null || x === undefined ? null : new Date(x as string));
  return {
    ...c,
    firstResponseDueAt: d(c.firstResponseDueAt)!,
    resolveDueAt: d(c.resolveDueAt)!,
    firstReplyAt: d(c.firstReplyAt),
    acceptedAt: d(c.acceptedAt),
    resolvedAt: d(c.resolvedAt),
    timeline: c.timeline.map((t) => ({ ...t, at: d(t.at)! }))
  };
}

describe('stats.kpis', () => {
  test('the counters give the same figures as the raw cases, for a community, its town and the district', async () => {
    const { byUnit } = await rawCounts();
    for (const unitId of [ORG.pingan, ORG.ganghua, ORG.xinshancun, ORG.bajiao, ORG.district]) {
      const sum: Counts = {};
      for (const id of scopeUnitIds(unitId, units))
        for (const [k, v] of Object.entries(byUnit.get(id) ?? {})) sum[k] = (sum[k] ?? 0) + v;
      const raw = caseRates(sum);
      const viewer = unitId === ORG.district ? ORG.district : unitId;
      const got = await statsOk<KpisResponse>(staffOf(viewer), 'kpis', { unitId, ...period });
      expect({ unit: unitId, counts: got.counts }).toEqual({ unit: unitId, counts: raw.counts });
      const round = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);
      expect([got.responseRate, got.onTimeRate, got.satisfactionRate]).toEqual([
        round(raw.responseRate),
        round(raw.onTimeRate),
        round(raw.satisfactionRate)
      ]);
    }
    const pingan = await statsOk<KpisResponse>(staffOf(ORG.pingan), 'kpis', period);
    // 平安社区 registered a, b, c, e: a, b, e were answered at once, c only days late.
    expect(pingan.counts).toMatchObject({ responseDue: 4, responseMet: 3, rated: 2, satisfied: 1, unsatisfied: 1 });
    expect(pingan.responseRate).toBe(0.75);
    expect(pingan.satisfactionRate).toBe(0.5);
  });

  test('reads a bounded number of counter documents: one database read for a community, warm', async () => {
    await statsOk(staffOf(ORG.pingan), 'kpis', period);
    await statsOk(staffOf(ORG.pingan), 'kpis', period);
    const [inv] = await cloud.invocations(1);
    // The role is cached since the first call: the counter query alone.
    expect(inv.dbRequests).toBe(1);
  });

  test('a town sees its communities but not another town; a community not its town', async () => {
    expect((await stats(staffOf(ORG.xinshancun), 'kpis', { unitId: ORG.pingan, ...period })).ok).toBe(true);
    expect(await stats(staffOf(ORG.xinshancun), 'kpis', { unitId: ORG.bajiao, ...period })).toMatchObject({
      ok: false,
      code: 'UNIT_OUT_OF_SCOPE'
    });
    expect(await stats(staffOf(ORG.pingan), 'kpis', { unitId: ORG.xinshancun, ...period })).toMatchObject({
      ok: false,
      code: 'UNIT_OUT_OF_SCOPE'
    });
    expect(await stats('resident-1', 'kpis', period)).toMatchObject({ ok: false, code: 'NOT_STAFF' });
  });

  test.each([
    [{ from: '2026-11-30', to: '2026-11-01' }, 'PERIOD_INVALID'],
    [{ from: '2026-13-01', to: '2026-12-01' }, 'PERIOD_INVALID'],
    [{ from: '2025-01-01', to: '2026-06-30' }, 'PERIOD_TOO_LONG'],
    [{ from: '2026-11-01' }, 'FIELD_REQUIRED'],
    [{ from: 20261101, to: '2026-11-30' }, 'FIELD_INVALID'],
    [{ from: '2026-11-01', to: '2026-11-30', unitId: 'nowhere' }, 'UNKNOWN_UNIT'],
    [{ from: '2026-11-01', to: '2026-11-30', extra: 1 }, 'FIELD_INVALID']
  ])('bad input %j → %s, with a Chinese message', async (fields, code) => {
    const res = await stats(staffOf(ORG.xinshancun), 'kpis', fields as Record<string, unknown>);
    expect(res).toMatchObject({ ok: false, code });
    expect(res.ok ? '' : res.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('stats.ranking', () => {
  test('the district ranks all 8 towns; a town sees only itself, with its rank among all', async () => {
    const all = await statsOk<RankingResponse>(staffOf(ORG.district), 'ranking', { kind: 'town', ...period });
    expect(all.total).toBe(8);
    expect(all.items).toHaveLength(8);
    expect(all.items.map((i) => i.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const mine = await statsOk<RankingResponse>(staffOf(ORG.xinshancun), 'ranking', { kind: 'town', ...period });
    expect(mine.items.map((i) => i.unitId)).toEqual([ORG.xinshancun]);
    expect(mine.items[0].rank).toBe(all.items.find((i) => i.unitId === ORG.xinshancun)!.rank);
    const communities = await statsOk<RankingResponse>(staffOf(ORG.xinshancun), 'ranking', {
      kind: 'community',
      ...period
    });
    expect(communities.total).toBe(97);
    expect(communities.items).toHaveLength(8);
    expect(communities.items.every((i) => units.find((u) => u.id === i.unitId)?.parentId === ORG.xinshancun)).toBe(
      true
    );
    const depts = await statsOk<RankingResponse>(staffOf(ORG.district), 'ranking', { kind: 'department', ...period });
    expect(depts.items.length).toBeGreaterThan(0);
    expect(depts.items[0].department).toBeDefined();
    expect(depts.total).toBe(37);
    expect(depts.items).toHaveLength(37);
    // No whistles in this file's cases: every department figure is empty.
    expect(depts.items[0].department).toEqual({
      checkInRate: null,
      reportRate: null,
      evaluation: null,
      counts: {
        whistled: 0,
        checkedInOnTime: 0,
        resultsOwed: 0,
        reported: 0,
        townEvaluations: 0,
        districtEvaluations: 0
      }
    });
  });

  test('bad kind and bad period are refused', async () => {
    expect(await stats(staffOf(ORG.district), 'ranking', { kind: 'street', ...period })).toMatchObject({
      ok: false,
      code: 'FIELD_INVALID'
    });
    expect(
      await stats(staffOf(ORG.district), 'ranking', { kind: 'town', from: '2026-11-02', to: '2026-11-01' })
    ).toMatchObject({ ok: false, code: 'PERIOD_INVALID' });
  });
});

describe('stats.trend', () => {
  test("six monthly points, each the month's kpis, all read in one request", async () => {
    const month = period.to.slice(0, 7);
    await statsOk<TrendResponse>(staffOf(ORG.xinshancun), 'trend', { to: month });
    const t = await statsOk<TrendResponse>(staffOf(ORG.xinshancun), 'trend', { to: month });
    // The role cached by the first call: one counter query for the six months.
    expect((await cloud.invocations(1))[0].dbRequests).toBe(1);
    expect(t.points.map((p) => p.month)).toHaveLength(6);
    expect(t.points[5].month).toBe(month);
    for (const p of t.points) {
      const [y, m] = p.month.split('-').map(Number);
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const k = await statsOk<KpisResponse>(staffOf(ORG.xinshancun), 'kpis', {
        from: `${p.month}-01`,
        to: `${p.month}-${last}`
      });
      expect(p).toEqual({
        month: p.month,
        responseRate: k.responseRate,
        onTimeRate: k.onTimeRate,
        satisfactionRate: k.satisfactionRate
      });
    }
    expect(t.points.some((p) => p.responseRate !== null)).toBe(true);
  });
});

describe('reconciliation', () => {
  test("finds and repairs drift in a day's counters, then finds none", async () => {
    const docs = (await rawFind<{ _id: string; unitId: string; M: Record<string, Counts>; D: Record<string, Counts> }>(
      cloud,
      'kpiCounters',
      { unitId: ORG.pingan }
    ))!;
    const doc = docs.find((d) => Object.values(d.D ?? {}).some((c) => (c.rDue ?? 0) > 0))!;
    const dayKey = Object.keys(doc.D).find((k) => (doc.D[k].rDue ?? 0) > 0)!;
    const day = `${dayKey.slice(1, 5)}-${dayKey.slice(5, 7)}-${dayKey.slice(7, 9)}`;
    // Lose a count, as a crash between the case write and the counter write would.
    await cloud.request('POST', '/admin', {
      action: 'database.modifyDocument',
      collectionName: 'kpiCounters',
      query: JSON.stringify({ _id: doc._id }),
      data: JSON.stringify({ $inc: { [`M.M${dayKey.slice(1, 7)}.rDue`]: -1, [`D.${dayKey}.rDue`]: -1 } }),
      multi: false,
      merge: true
    });
    const before = await statsOk<KpisResponse>(staffOf(ORG.pingan), 'kpis', period);
    const report = await statsOk<{ drift: unknown[]; repaired: number }>('admin-1', 'reconcile', { day });
    expect(report.drift).toEqual([expect.objectContaining({ unitId: ORG.pingan, metric: 'rDue' })]);
    const after = await statsOk<KpisResponse>(staffOf(ORG.pingan), 'kpis', period);
    expect(after.counts.responseDue).toBe(before.counts.responseDue + 1);
    const again = await statsOk<{ drift: unknown[] }>('admin-1', 'reconcile', { day });
    expect(again.drift).toEqual([]);
    expect(await stats(staffOf(ORG.district), 'reconcile', { day })).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
  });

  test('the timer trigger runs it for yesterday and stores a report', async () => {
    const res = (await cloud.trigger('stats')) as { result?: { day?: string; casesScanned?: number } };
    const now = Date.parse(((await cloud.request('GET', '/__emulator/clock')).body as { now: string }).now);
    const yesterday = dayToIso(isoToDay(new Date(now + 8 * 3600_000).toISOString().slice(0, 10))! - 1);
    expect(res.result).toMatchObject({ day: yesterday, casesScanned: expect.any(Number) });
    expect(await rawFind(cloud, 'kpiReconcile', { _id: yesterday })).toEqual([
      expect.objectContaining({ day: yesterday })
    ]);
  });

  test('a mini-program caller cannot pass itself off as the timer', async () => {
    expect(await cloud.call('stats', { Type: 'Timer' }, 'resident-1')).toMatchObject({ ok: false });
    expect((await cloud.invocations(1))[0].dbRequests).toBe(0);
  });
});
