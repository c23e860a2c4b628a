// Assessment that cannot be gamed, through the real functions and counters: a case its unit never
// accepts is an on-time miss on its deadline day (and stays one after the sweeper escalates it away),
// and a rating given by staff of the rated unit's chain is kept and shown but not counted.
import { dayToIso, shanghaiDay } from '../../domain/time';
import { act, actOk, ORG, staffOf, submitOk } from '../support/cases';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { rawFind } from '../support/rawDb';
import type { Result } from '../../typings/result';
import type { SweepReport } from '../../typings/cases';
import type { KpisResponse } from '../../typings/stats';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

async function kpis(unitId: string, from: string, to: string): Promise<KpisResponse> {
  const res = await cloud.call<Result<KpisResponse>>(
    'stats',
    { action: 'kpis', unitId, from, to },
    staffOf(ORG.district)
  );
  if (!res.ok) throw new Error(`kpis: ${res.code} ${res.message}`);
  return res.data;
}

async function clockNow(): Promise<number> {
  const res = await cloud.request('GET', '/__emulator/clock');
  return new Date((res.body as { now: string }).now).getTime();
}

const isoDay = (t: number | string): string => dayToIso(shanghaiDay(new Date(t)));

test("a staff member of the handling chain rating a case they filed: shown, not counted; a resident's rating counts", async () => {
  const town = staffOf(ORG.xinshancun);
  const pingan = staffOf(ORG.pingan);
  const today = isoDay(await clockNow());
  const before = (await kpis(ORG.pingan, today, today)).counts;

  // The town's staff member files in 平安社区 as a resident; 平安社区 handles it; the filer rates it.
  const own = await submitOk(cloud, town);
  await actOk(cloud, pingan, 'accept', { caseId: own.caseId });
  await actOk(cloud, pingan, 'resolve', { caseId: own.caseId, result: '已协调' });
  const rated = await actOk(cloud, town, 'rate', { caseId: own.caseId, satisfaction: 'satisfied' }, 'ratings');
  expect(rated.case.status).toBe('closed');
  expect(rated.timeline[rated.timeline.length - 1].note).toMatch(/不计入考核/);
  const afterOwn = (await kpis(ORG.pingan, today, today)).counts;
  expect({ rated: afterOwn.rated, satisfied: afterOwn.satisfied }).toEqual({
    rated: before.rated,
    satisfied: before.satisfied
  });
  const stored = (await rawFind<{ timeline: Array<{ action: string; data?: Record<string, unknown> }> }>(
    cloud,
    'cases',
    { _id: own.caseId }
  ))![0];
  expect(stored.timeline.find((e) => e.action === 'rate')?.data).toEqual({
    satisfaction: 'satisfied',
    ratingCounted: false
  });

  // A resident's rating of the same unit moves the counters.
  const theirs = await submitOk(cloud, 'resident-2');
  await actOk(cloud, pingan, 'accept', { caseId: theirs.caseId });
  await actOk(cloud, pingan, 'resolve', { caseId: theirs.caseId, result: '已协调' });
  await actOk(cloud, 'resident-2', 'rate', { caseId: theirs.caseId, satisfaction: 'satisfied' }, 'ratings');
  const afterResident = (await kpis(ORG.pingan, today, today)).counts;
  expect({ rated: afterResident.rated, satisfied: afterResident.satisfied }).toEqual({
    rated: before.rated + 1,
    satisfied: before.satisfied + 1
  });
});

test('a case never accepted is a miss on its deadline day, and still one for its unit after the sweeper escalates it', async () => {
  // 五一社区 has no other case in this file.
  const x = await submitOk(cloud, 'resident-1', { communityId: ORG.bajiaoCommunity });
  const deadline = new Date(x.resolveDueAt).getTime();
  const day = isoDay(deadline);
  await cloud.advanceClock(deadline + 60_000 - (await clockNow()));
  const due = await kpis(ORG.bajiaoCommunity, day, day);
  expect(due.counts).toMatchObject({ resolveDue: 1, resolveMet: 0 });
  expect(due.onTimeRate).toBe(0);

  // The sweeper finds it long past its acceptance due and takes it to 八桥镇: 五一社区 keeps the miss, that day.
  const report = (await cloud.trigger('deadlines')) as { ok: boolean; result: SweepReport };
  expect(report.result.escalated).toBeGreaterThanOrEqual(1);
  expect((await act(cloud, staffOf(ORG.bajiaoCommunity), 'detail', { caseId: x.caseId })).ok).toBe(false);
  const sweptDay = isoDay(await clockNow());
  const from = dayToIso(shanghaiDay(new Date(deadline)) - 30);
  const after = await kpis(ORG.bajiaoCommunity, from, sweptDay);
  expect(after.counts).toMatchObject({ resolveDue: 1, resolveMet: 0 });
  // The counters were written by the sweeper's change: the night's reconciliation finds nothing to repair.
  const rec = await cloud.call<Result<{ drift: unknown[] }>>(
    'stats',
    { action: 'reconcile', day: sweptDay },
    'admin-1'
  );
  expect(rec).toMatchObject({ ok: true, data: { drift: [] } });
});
