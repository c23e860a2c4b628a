// 未诉先办 on the local cloud: the nightly job finds a cluster of like complaints, opens ONE proactive
// case (主动治理) at the unit above, never a second on later nights, and its resolution reaches every source.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { act, actOk, ORG, staffOf, submitOk } from '../support/cases';
import { rawFind, rawInsert, rawSet } from '../support/rawDb';
import type { CaseDetail, CaseSummary, Page } from '../../typings/cases';
import type { NightlyReport } from '../../typings/proactive';
import type { Result } from '../../typings/result';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const HERE = { latitude: 29.4841, longitude: 106.4821 };
const TEXTS = [
  '平安社区菜市场旁下水道堵塞，污水漫到路面，请尽快处理',
  '菜市场旁边下水道又堵塞了，污水漫到路面很臭',
  '平安社区菜市场下水道堵塞，臭气熏天，污水漫到路面',
  '菜市场旁下水道堵塞好几天了，污水漫到路面',
  '下水道堵塞，菜市场旁污水漫到路面，麻烦派人来看看',
  '菜市场旁的下水道堵塞，污水漫到路面，希望管一管'
];

const DAY = 86_400_000;

/** The next night: a day later, the timer fires; a small district is done in one call. */
async function run(): Promise<NightlyReport> {
  await cloud.advanceClock(DAY);
  const res = (await cloud.trigger('proactive')) as { ok: boolean; result: NightlyReport };
  expect(res.ok).toBe(true);
  expect(res.result.state).toBe('complete');
  return res.result;
}

/** Files like complaints at 平安社区 from `reporters` residents (a tag keeps each test's cases apart). */
async function file(tag: string, n: number, category = 'neighbor'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await submitOk(cloud, `resident-${tag}-${i % 3}`, {
      category,
      description: `${TEXTS[i % TEXTS.length]}（${tag}）`,
      location: { latitude: HERE.latitude + i * 0.0002, longitude: HERE.longitude }
    });
    ids.push(c.caseId);
  }
  return ids;
}

const detail = (caseId: string, who = staffOf(ORG.district)): Promise<CaseDetail> =>
  actOk(cloud, who, 'detail', { caseId });

async function proactiveOf(caseId: string): Promise<string | null> {
  const [doc] = (await rawFind<{ proactiveCaseId?: string }>(cloud, 'cases', { _id: caseId })) ?? [];
  return doc?.proactiveCaseId ?? null;
}

test('five like complaints from three residents open one proactive case at the town, linked to them; later nights open no second', async () => {
  const ids = await file('a', 5);
  const first = await run();
  expect(first.opened).toBeGreaterThanOrEqual(1);
  const pid = await proactiveOf(ids[0]);
  expect(pid).not.toBeNull();
  for (const id of ids) expect(await proactiveOf(id)).toBe(pid);

  // Routed to the unit above the sources' unit (平安社区 → 新山村街道), marked 主动治理 in the queue and the detail.
  const town = staffOf(ORG.xinshancun);
  const d = await detail(pid as string, town);
  expect(d.case.channel).toBe('proactive');
  expect(d.case.unitId).toBe(ORG.xinshancun);
  expect(d.case.sourceCaseIds?.sort()).toEqual([...ids].sort());
  const queue = await cloud.call<Result<Page<CaseSummary>>>('cases', { action: 'queue', channel: 'proactive' }, town);
  if (!queue.ok) throw new Error(queue.code);
  expect(queue.data.items.map((c) => c.caseId)).toContain(pid);
  expect(queue.data.items.find((c) => c.caseId === pid)?.channel).toBe('proactive');
  // Each source says so on its timeline.
  const src = await detail(ids[0]);
  expect(src.timeline.filter((e) => e.type === 'proactive')).toHaveLength(1);

  // Another night: nothing new; a sixth like complaint joins the same case.
  const again = await run();
  expect((await rawFind(cloud, 'cases', { channel: 'proactive', sourceCaseIds: ids[0] }))?.length).toBe(1);
  expect(again.cases).toBeGreaterThanOrEqual(5);
  const [sixth] = await file('a6', 1);
  const moved = await rawFind<{ description: string }>(cloud, 'cases', { _id: sixth });
  // Same place and text (its tag aside): it joins, and the case lists it.
  expect(moved).toHaveLength(1);
  await run();
  expect(await proactiveOf(sixth)).toBe(pid);
  expect((await detail(pid as string, town)).case.sourceCaseIds).toContain(sixth);
  expect((await rawFind(cloud, 'cases', { channel: 'proactive', sourceCaseIds: ids[0] }))?.length).toBe(1);
});

test('different categories and unrelated text open nothing', async () => {
  const cats = ['urban-mgmt', 'pollution', 'property-mgmt', 'traffic', 'food-safety'];
  const mixed: string[] = [];
  for (let i = 0; i < 5; i++)
    mixed.push(
      (
        await submitOk(cloud, `resident-m-${i}`, {
          category: cats[i],
          description: `小区北门电动车充电桩起火隐患（m）`,
          location: HERE
        })
      ).caseId
    );
  const unrelated = ['楼上装修噪音', '超市卖过期牛奶', '工地拖欠工资', '河边有人钓鱼', '路灯坏了一盏'];
  for (let i = 0; i < 5; i++)
    mixed.push(
      (await submitOk(cloud, `resident-u-${i}`, { category: 'neighbor', description: unrelated[i], location: HERE }))
        .caseId
    );
  await run();
  for (const id of mixed) expect(await proactiveOf(id)).toBeNull();
});

test('a proactive case goes through the usual lifecycle, and its resolution is posted to every source case', async () => {
  const ids = await file('r', 5, 'property-mgmt');
  await run();
  const pid = (await proactiveOf(ids[0])) as string;
  expect(pid).toBeTruthy();
  const town = staffOf(ORG.xinshancun);
  // The source's own community cannot act on it: it is the town's.
  expect((await act(cloud, staffOf(ORG.pingan), 'accept', { caseId: pid })).ok).toBe(false);
  await actOk(cloud, town, 'accept', { caseId: pid });
  const sentBefore = (await cloud.outbox()).length;
  const resolved = await actOk(cloud, town, 'resolve', { caseId: pid, result: '已联合城管疏通并改造菜市场排水管网' });
  expect(resolved.case.status).toBe('resolved');
  // Each source's reporter is told, and the message opens their own case.
  const told = (await cloud.outbox()).slice(sentBefore).filter((m) => m.touser.startsWith('resident-r-'));
  expect(told.map((m) => m.page).sort()).toEqual(ids.map((id) => `pages/case/index?caseId=${id}`).sort());
  for (const id of ids) {
    const d = await detail(id);
    const record = d.timeline.filter((e) => e.type === 'proactive');
    expect(record).toHaveLength(2);
    expect(record[1].note).toContain('已联合城管疏通并改造菜市场排水管网');
    // The source keeps its own status and duties.
    expect(d.case.status).toBe('submitted');
  }
});

describe('a night larger than one call', () => {
  const trigger = async (): Promise<NightlyReport> =>
    ((await cloud.trigger('proactive')) as { ok: boolean; result: NightlyReport }).result;
  const monthRows = async (month: string) =>
    ((await rawFind<{ rows: Array<{ key: string; count: number }> }>(cloud, 'proactiveMonths', { _id: month })) ??
      [])[0]?.rows;

  test('goes on over several calls, one community each, and ends as one call would', async () => {
    const ids = await file('n', 5, 'urban-mgmt');
    await rawInsert(cloud, 'config', [{ _id: 'proactive', budgetSeconds: 0 }]);
    await cloud.advanceClock(DAY);
    const calls: NightlyReport[] = [await trigger()];
    expect(calls[0]).toMatchObject({ state: 'partial', done: 1 });
    while (calls[calls.length - 1].state !== 'complete' && calls.length < 200) calls.push(await trigger());
    const last = calls[calls.length - 1];
    expect(last.done).toBe(last.communities);
    expect(calls).toHaveLength(last.communities);
    // Each call went on where the last stopped.
    expect(calls.map((c) => c.done)).toEqual(calls.map((_, i) => i + 1));
    expect(last.calls).toBe(calls.length);
    const pid = await proactiveOf(ids[0]);
    expect(pid).not.toBeNull();
    for (const id of ids) expect(await proactiveOf(id)).toBe(pid);
    const split = await monthRows(last.month);
    expect(split?.length).toBeGreaterThan(0);

    // A done night: the timer's later calls do nothing.
    const after = await trigger();
    expect(after).toMatchObject({ state: 'complete', done: last.communities, callRequests: 2 });

    // The same night in one call (an admin's run by hand starts it over): the same clusters and rows.
    await rawSet(cloud, 'config', { _id: 'proactive' }, { budgetSeconds: 45 });
    const whole = await cloud.call<Result<NightlyReport>>('proactive', { action: 'run' }, 'admin-1');
    if (!whole.ok) throw new Error(whole.code);
    expect(whole.data).toMatchObject({ state: 'complete', calls: 1, opened: 0 });
    expect(whole.data).toMatchObject({ cases: last.cases, clusters: last.clusters, passing: last.passing });
    expect(await monthRows(last.month)).toEqual(split);
  });

  test('one call at a time: a held night is left alone until its lease ends', async () => {
    await cloud.advanceClock(DAY);
    const tonight = await trigger();
    expect(tonight.state).toBe('complete');
    // The night's document is named by its Shanghai day. Another call holds it mid-way.
    const night = new Date(Date.parse(tonight.to) + 8 * 3600_000).toISOString().slice(0, 10);
    const leaseUntil = new Date(Date.parse(tonight.to) + 60_000);
    expect(
      await rawSet(
        cloud,
        'proactiveRuns',
        { _id: night },
        { completedAt: null, next: 8, holder: 'another', leaseUntil }
      )
    ).toBe(1);
    const busy = await trigger();
    expect(busy).toMatchObject({ state: 'busy', done: 8, callRequests: 2 });
    // Past its lease, the next call takes it over and finishes it.
    await cloud.advanceClock(2 * 60_000);
    const taken = await trigger();
    expect(taken).toMatchObject({ state: 'complete' });
    expect(taken.done).toBe(taken.communities);
  });
});
