// Issue 12, admin changes take effect: categories, holidays, units (add, rename, deactivate, delete),
// guess flags, points and template ids; bad rule sets are refused whole; request counts per action.
import { expect } from '@jest/globals';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { rawFind } from '../support/rawDb';
import { ORG, staffOf, submitOk } from '../support/cases';
import { COLLECTIONS } from '../../server/collections';
import type { AdminUnit, OpenCase, StaffMember } from '../../typings/admin';
import type { Page } from '../../typings/cases';
import type { OrgCatalog } from '../../typings/org';
import type { Result } from '../../typings/result';
import type { RulesView } from '../../typings/setup';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const CACHE_WINDOW = 60_000; // server/reference.ts REFERENCE_TTL_MS
const ADMIN = 'admin-1';
const lastRequests = async () => (await cloud.invocations(1))[0].dbRequests;
const call = <T>(fn: string, event: Record<string, unknown>, openid?: string) =>
  cloud.call<Result<T>>(fn, event, openid);
async function ok<T>(res: Promise<Result<T>>): Promise<T> {
  const r = await res;
  if (!r.ok) throw new Error(`${r.code}: ${r.message} ${r.detail ?? ''}`);
  return r.data;
}
const rules = () => ok(call<RulesView>('setup', { action: 'getRules' }, ADMIN));
const setRules = (fields: Record<string, unknown>) =>
  call<{ updated: string[] }>('setup', { action: 'setRules', ...fields }, ADMIN);
const org = <T>(action: string, fields: Record<string, unknown> = {}, by = ADMIN) =>
  call<T>('org', { action, ...fields }, by);
const catalog = () => ok(org<OrgCatalog>('catalog', {}, 'resident-1'));
/** Requests each admin action made, for the figure (asserted against the doc comments). */
const figures: Record<string, number> = {};
async function counted<T>(name: string, res: Promise<Result<T>>, max: number): Promise<T> {
  const data = await ok(res);
  figures[name] = await lastRequests();
  expect(figures[name]).toBeLessThanOrEqual(max);
  return data;
}
afterAll(() => {
  if (process.env.ADMIN_FIGURES) console.log(JSON.stringify(figures));
});

test('a new category is routed and timed as configured, on the next case after the cache window', async () => {
  const before = await counted('setup.getRules', call<RulesView>('setup', { action: 'getRules' }, ADMIN), 3);
  const category = { id: 'elevator', name: '电梯纠纷', defaultDepartment: 'dept-market', alsoInvolved: [] };
  await counted(
    'setup.setRules(category+routing+deadlines)',
    setRules({
      categories: [category],
      routing: [...before.routing, { category: 'elevator', startLevel: 'town' }],
      deadlines: [...before.deadlines, { category: 'elevator', level: '*', resolveWorkingDays: 3 }]
    }),
    8
  );
  const after = await rules();
  expect(after.categories).toContainEqual({ ...category, guess: false });
  await cloud.advanceClock(CACHE_WINDOW);
  expect((await catalog()).categories).toContainEqual({ id: 'elevator', name: '电梯纠纷' });
  const c = await submitOk(cloud, 'resident-1', { category: 'elevator', communityId: ORG.pingan });
  expect(c).toMatchObject({ level: 'town', unitId: ORG.xinshancun });
  // 3 working days at the town, not the default 10.
  const neighbour = await submitOk(cloud, 'resident-1', { category: 'neighbor', communityId: ORG.pingan });
  expect(Date.parse(c.resolveDueAt)).toBeLessThan(Date.parse(neighbour.resolveDueAt));
});

test('a holiday override moves the next case’s deadline', async () => {
  const first = await submitOk(cloud, 'resident-2', { communityId: ORG.ganghua });
  // The day the first case's response falls due becomes a holiday: the next case's is a working day later.
  const due = new Date(Date.parse(first.responseDueAt) + 8 * 3600000).toISOString().slice(0, 10);
  const { calendar } = await rules();
  expect((await setRules({ calendar: [...calendar, { date: due, workday: false, note: '测试假日' }] })).ok).toBe(true);
  await cloud.advanceClock(CACHE_WINDOW);
  const second = await submitOk(cloud, 'resident-2', { communityId: ORG.ganghua });
  expect(Date.parse(second.responseDueAt)).toBeGreaterThanOrEqual(Date.parse(first.responseDueAt) + 86_400_000);
});

test('calendarStatus: a year with an override is configured', async () => {
  const { calendarStatus, calendar } = await rules();
  expect(calendarStatus.nextYear).toBe(calendarStatus.thisYear + 1);
  await ok(setRules({ calendar: [...calendar, { date: `${calendarStatus.nextYear}-01-01`, workday: false }] }));
  const now = (await rules()).calendarStatus;
  expect(now).toMatchObject({ nextYearConfigured: true, banner: !now.thisYearConfigured });
});

test('subscribe template ids come from the database through org.catalog', async () => {
  const { notify } = await rules();
  await ok(setRules({ notify: { ...notify, caseAccepted: 'tplFromDb-1', caseWhistled: 'tplWhistle-1' } }));
  await cloud.advanceClock(CACHE_WINDOW);
  const { subscribe } = await catalog();
  expect(subscribe.resident).toEqual(['tplFromDb-1', notify.caseRejected, notify.caseResolved, notify.caseReplied]);
  expect(subscribe.staff).toContain('tplWhistle-1');
});

test('a bad rule set gets a clear code and nothing is written', async () => {
  const before = await rules();
  const bad: Array<[Record<string, unknown>, string]> = [
    [{ kpi: { townWeight: 1.5 } }, 'KPI_RULE_INVALID'],
    [
      {
        points: {
          ...before.points,
          deeds: { ...before.points.deeds, volunteer: { label: '志愿服务', points: 9, min: 10, max: 20 } }
        }
      },
      'POINTS_RULE_INVALID'
    ],
    [{ points: { ...before.points, policy: { ...before.points.policy, dailyCap: 500 } } }, 'POINTS_RULE_INVALID'],
    [
      {
        supervision: {
          ...before.supervision,
          escalations: [{ level: 'district', afterWorkingDays: 1, kinds: ['acceptReply'] }]
        }
      },
      'SUPERVISION_RULE_INVALID'
    ],
    [{ supervision: { ...before.supervision, extensionCapWorkingDays: -1 } }, 'SUPERVISION_RULE_INVALID'],
    [
      { categories: [{ id: 'x1', name: '某类', defaultDepartment: 'dept-nowhere', alsoInvolved: [] }] },
      'CATEGORY_RULE_INVALID'
    ],
    [
      { categories: [{ id: 'Bad Id', name: '某类', defaultDepartment: null, alsoInvolved: [] }] },
      'CATEGORY_RULE_INVALID'
    ],
    // A good set next to a bad one: neither is written.
    [{ kpi: { townWeight: 0.5 }, routing: [{ category: 'no-such', startLevel: 'town' }] }, 'UNKNOWN_CATEGORY']
  ];
  for (const [fields, code] of bad) {
    const res = await setRules(fields);
    expect(res).toMatchObject({ ok: false, code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
  }
  expect(await rules()).toEqual(before);
});

test('points, assessment and supervision rules are stored and read back; points apply to the points function', async () => {
  const before = await rules();
  const points = { ...before.points, policy: { ...before.points.policy, maxQuantity: 1, secondKeyAbove: 30 } };
  const kpi = { townWeight: 0.7 };
  const supervision = { ...before.supervision, extensionCapWorkingDays: 10 };
  await ok(setRules({ points, kpi, supervision }));
  expect(await rules()).toMatchObject({ points, kpi, supervision });
  await cloud.advanceClock(CACHE_WINDOW);
  // Two of an item is now more than one redemption may take.
  expect(
    await call(
      'points',
      { action: 'redeem', itemId: 'no-such-item', quantity: 2, requestId: 'req-quantity-1' },
      'resident-3'
    )
  ).toMatchObject({ ok: false, code: 'QUANTITY_INVALID' });
});

test('units: add a community and a department, rename, confirm a guess', async () => {
  const all = await counted('org.units', org<AdminUnit[]>('units'), 2);
  expect(all.find((u) => u.id === ORG.pingan)).toMatchObject({ name: '平安社区', active: true, kind: 'community' });
  const guessed = all.find((u) => u.guess);
  expect(guessed).toBeDefined();

  expect(
    await org('addUnit', { kind: 'community', townId: ORG.xinshancun, name: '新社区', code: '500104002099' })
  ).toMatchObject({ ok: false, code: 'UNIT_CODE_INVALID' });
  expect(
    await org('addUnit', { kind: 'community', townId: ORG.pingan, name: '新社区', code: '500104001099' })
  ).toMatchObject({ ok: false, code: 'NOT_A_TOWN' });
  expect(
    await org('addUnit', { kind: 'community', townId: ORG.xinshancun, name: '平安', code: ORG.pingan })
  ).toMatchObject({ ok: false, code: 'UNIT_EXISTS' });
  const added = await counted(
    'org.addUnit',
    org<AdminUnit>('addUnit', { kind: 'community', townId: ORG.xinshancun, name: '新建社区', code: '500104001099' }),
    6
  );
  expect(added).toMatchObject({ id: '500104001099', parentId: ORG.xinshancun, active: true, staffCount: 0 });
  const dept = await ok(
    org<AdminUnit>('addUnit', { kind: 'department', name: '区新部门', fullName: '大渡口区新部门' })
  );
  expect(dept).toMatchObject({ kind: 'department', parentId: ORG.district });

  await counted('org.renameUnit', org<AdminUnit>('renameUnit', { unitId: '500104001099', name: '新建社区（改）' }), 5);
  await counted('org.confirmGuess', org('confirmGuess', { unitId: guessed!.id }), 4);
  expect((await ok(org<AdminUnit[]>('units'))).find((u) => u.id === guessed!.id)?.guess).toBe(false);
  await cloud.advanceClock(CACHE_WINDOW);
  const town = (await catalog()).towns.find((t) => t.id === ORG.xinshancun)!;
  expect(town.communities).toContainEqual({ id: '500104001099', name: '新建社区（改）' });
  // A new community takes cases at once (its counters exist).
  expect(await submitOk(cloud, 'resident-1', { communityId: '500104001099' })).toMatchObject({
    unitId: '500104001099'
  });
});

test('a unit with open cases cannot be deleted, only deactivated; then it gets no new cases', async () => {
  const YEJIAN = '500104001014'; // 冶建社区
  const open = await submitOk(cloud, 'resident-3', { communityId: YEJIAN });
  expect(open.unitId).toBe(YEJIAN);
  expect(await org('deleteUnit', { unitId: YEJIAN })).toMatchObject({ ok: false, code: 'UNIT_HAS_OPEN_CASES' });
  expect(await rawFind(cloud, COLLECTIONS.units, { _id: YEJIAN })).toHaveLength(1);

  await counted('org.setUnitActive', org<AdminUnit>('setUnitActive', { unitId: YEJIAN, active: false }), 4);
  const listed = await counted('org.openCases', org<Page<OpenCase>>('openCases', { unitId: YEJIAN }), 3);
  expect(listed.items).toContainEqual(
    expect.objectContaining({ caseId: open.caseId, reassignable: true, via: 'handling' })
  );

  await cloud.advanceClock(CACHE_WINDOW);
  const town = (await catalog()).towns.find((t) => t.id === ORG.xinshancun)!;
  expect(town.communities.map((c) => c.id)).not.toContain(YEJIAN);
  // A report naming it anyway goes to the active unit above: its town.
  const next = await submitOk(cloud, 'resident-3', { communityId: YEJIAN });
  expect(next).toMatchObject({ unitId: ORG.xinshancun, level: 'town' });
  // Nor can a case be sent there.
  expect(
    await call(
      'cases',
      { action: 'reassign', caseId: next.caseId, toUnitId: YEJIAN, reason: '测试' },
      staffOf(ORG.district)
    )
  ).toMatchObject({ ok: false, code: 'UNIT_INACTIVE' });

  // The district reassigns its open case; the unit is still named by cases, so it stays (deactivated).
  await ok(
    call(
      'cases',
      { action: 'reassign', caseId: open.caseId, toUnitId: ORG.pingan, reason: '冶建社区停用' },
      staffOf(ORG.district)
    )
  );
  expect((await ok(org<Page<OpenCase>>('openCases', { unitId: YEJIAN }))).items).toEqual([]);
  expect(await org('deleteUnit', { unitId: YEJIAN })).toMatchObject({ ok: false, code: 'UNIT_HAS_STAFF' });
  const staff = await ok(call<Page<StaffMember>>('account', { action: 'staffList', unitId: YEJIAN }, ADMIN));
  for (const m of staff.items) await ok(call('account', { action: 'unbind', staffId: m.staffId }, ADMIN));
  expect(await org('deleteUnit', { unitId: YEJIAN })).toMatchObject({ ok: false, code: 'UNIT_HAS_CASES' });
  expect(await rawFind(cloud, COLLECTIONS.units, { _id: YEJIAN })).toHaveLength(1);
});

test('deleting: towns never, units with staff or sub-units not, an unused one yes', async () => {
  expect(await org('deleteUnit', { unitId: ORG.xinshancun })).toMatchObject({ ok: false, code: 'UNIT_NOT_DELETABLE' });
  expect(await org('deleteUnit', { unitId: ORG.ganghua })).toMatchObject({
    ok: false,
    code: expect.stringMatching(/UNIT_HAS_/)
  });
  expect(await org('deleteUnit', { unitId: 'dept-justice' })).toMatchObject({ ok: false, code: 'UNIT_HAS_STAFF' });
  const spare = await ok(org<AdminUnit>('addUnit', { kind: 'department', name: '待删部门' }));
  // Still active, or deactivated less than a cache window ago: a warm instance could still route to it.
  expect(await org('deleteUnit', { unitId: spare.id })).toMatchObject({ ok: false, code: 'UNIT_DEACTIVATE_FIRST' });
  await ok(org('setUnitActive', { unitId: spare.id, active: false }));
  expect(await org('deleteUnit', { unitId: spare.id })).toMatchObject({ ok: false, code: 'UNIT_DEACTIVATE_FIRST' });
  await cloud.advanceClock(CACHE_WINDOW);
  expect(await counted('org.deleteUnit', org('deleteUnit', { unitId: spare.id }), 7)).toEqual({ deleted: spare.id });
  expect(await rawFind(cloud, COLLECTIONS.units, { _id: spare.id })).toEqual([]);
  expect(await org('setUnitActive', { unitId: ORG.district, active: false })).toMatchObject({
    ok: false,
    code: 'DISTRICT_ALWAYS_ACTIVE'
  });
});

test('every unit action is admin only, and the audit log has each one', async () => {
  // Its own fixtures: a department it adds, renames, deactivates and deletes, a guess it confirms and a
  // rule set it writes; the other tests' entries are not counted on.
  const spare = await ok(org<AdminUnit>('addUnit', { kind: 'department', name: '审计测试部门' }));
  const refusedBy = ['resident-1', staffOf(ORG.pingan), staffOf(ORG.district)];
  for (const by of refusedBy) {
    for (const unitId of [ORG.pingan, spare.id]) {
      for (const [action, fields] of [
        ['units', {}],
        ['renameUnit', { unitId, name: '改名' }],
        ['setUnitActive', { unitId, active: false }],
        ['deleteUnit', { unitId }],
        ['openCases', { unitId }],
        ['confirmGuess', { unitId }]
      ] as const) {
        expect(await org(action, fields, by)).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
      }
    }
  }
  await ok(org('renameUnit', { unitId: spare.id, name: '审计测试部门（改）' }));
  await ok(org('setUnitActive', { unitId: spare.id, active: false }));
  const guessed = (await ok(org<AdminUnit[]>('units'))).filter((u) => u.guess).pop();
  expect(guessed).toBeDefined();
  await ok(org('confirmGuess', { unitId: guessed!.id }));
  const { kpi } = await rules();
  await ok(setRules({ kpi }));
  await cloud.advanceClock(CACHE_WINDOW); // deleting waits a cache window after deactivating
  await ok(org('deleteUnit', { unitId: spare.id }));

  const log = (await rawFind<{ action: string; target: string; by: string | null }>(cloud, COLLECTIONS.auditLog)) ?? [];
  for (const [action, target] of [
    ['org.addUnit', spare.id],
    ['org.renameUnit', spare.id],
    ['org.setUnitActive', spare.id],
    ['org.confirmGuess', guessed!.id],
    ['org.deleteUnit', spare.id],
    ['setup.setRules', 'kpi']
  ])
    expect(log).toContainEqual(expect.objectContaining({ action, target, by: ADMIN }));
  // The refused calls left no entry.
  expect(log.filter((e) => e.by !== null && refusedBy.includes(e.by))).toEqual([]);
  expect(log.filter((e) => e.target === spare.id).map((e) => e.action)).toEqual([
    'org.addUnit',
    'org.renameUnit',
    'org.setUnitActive',
    'org.deleteUnit'
  ]);
});
