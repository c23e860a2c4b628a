import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { rawFind } from '../support/rawDb';
import { COLLECTIONS } from '../../server/collections';
import type { Me } from '../../typings/account';
import type { Result } from '../../typings/result';
import type { Rules, SeedDemoResult, SeedResult } from '../../typings/setup';

// One local cloud for the file, started empty: the tests run in order, from "before setup" on.
let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud({ seed: false });
});
afterAll(() => cloud?.stop());

const setup = <T>(event: Record<string, unknown>, openid?: string) => cloud.call<Result<T>>('setup', event, openid);
const lastRequests = async () => (await cloud.invocations(1))[0].dbRequests;
const NOTHING_CREATED = { district: 0, towns: 0, communities: 0, departments: 0, categories: 0, config: [] };

async function rulesNow(): Promise<Rules> {
  const res = await setup<Rules>({ action: 'getRules' }, 'admin-1');
  if (!res.ok) throw new Error(`getRules: ${res.code}`);
  return res.data;
}

describe('before setup', () => {
  test('a mini-program caller cannot seed, and nothing is created', async () => {
    expect(await setup({ action: 'seed' }, 'resident-1')).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    expect(await setup({ action: 'seedDemo' }, 'admin-1')).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    expect(await rawFind(cloud, COLLECTIONS.units)).toBeNull();
    expect(await rawFind(cloud, COLLECTIONS.users)).toBeNull();
  });

  test('rules cannot be read or set yet', async () => {
    expect(await setup({ action: 'getRules' })).toMatchObject({ ok: false, code: 'SETUP_REQUIRED' });
    expect(await setup({ action: 'setRules', calendar: [] })).toMatchObject({ ok: false, code: 'SETUP_REQUIRED' });
    expect(await rawFind(cloud, COLLECTIONS.config)).toBeNull();
  });
});

describe('seed', () => {
  test('a server-side call creates every collection and loads the organisation', async () => {
    const res = await setup<SeedResult>({ action: 'seed' });
    expect(res).toEqual({
      ok: true,
      data: {
        collectionsCreated: Object.values(COLLECTIONS),
        created: { district: 1, towns: 8, communities: 97, departments: 37, categories: 20, config: ['routing', 'deadlines', 'calendar', 'notify', 'orgSource'] }
      }
    });
    // Per collection: a read that finds it missing and a create; one batch insert per seeded collection (3);
    // then the assessment counters of every unit for this year and the next: one read and 286 ÷ 200 → 2 inserts.
    expect(await lastRequests()).toBeLessThanOrEqual(2 * Object.keys(COLLECTIONS).length + 3 + 3);
  });

  test('units keep their ids, levels, names and guess flags', async () => {
    const units = (await rawFind<Record<string, unknown>>(cloud, COLLECTIONS.units))!;
    expect(units).toHaveLength(1 + 8 + 97 + 37);
    const byId = new Map(units.map((u) => [u._id, u]));
    expect(byId.get('500104000000')).toMatchObject({ kind: 'district', level: 'district', parentId: null, centres: expect.arrayContaining(['区莎姐调解中心']) });
    expect(byId.get('500104103000')).toMatchObject({ name: '跳磴镇', kind: 'town', level: 'town', subKind: 'town', parentId: '500104000000', guess: false });
    expect(byId.get('500104001001')).toMatchObject({ name: '平安社区', officialName: '平安社区居民委员会', kind: 'community', level: 'community', parentId: '500104001000' });
    expect(byId.get('dept-justice')).toMatchObject({ kind: 'department', level: null, parentId: '500104000000', guess: false });
    expect(byId.get('dept-gov-office')).toMatchObject({ guess: true });
    expect(units.filter((u) => u.kind === 'department' && u.guess === true)).toHaveLength(19);
  });

  test('categories, default rules and the data file provenance are stored', async () => {
    const categories = (await rawFind<Record<string, unknown>>(cloud, COLLECTIONS.categories))!;
    expect(categories).toHaveLength(20);
    expect(categories.find((c) => c._id === 'marriage-family')).toMatchObject({ name: '婚姻家庭纠纷', defaultDepartment: 'dept-justice', guess: true, basis: expect.any(String) });
    const source = (await rawFind<Record<string, unknown>>(cloud, COLLECTIONS.config, { _id: 'orgSource' }))![0];
    expect(source).toMatchObject({ dataYear: 2023, about: expect.stringContaining('Dadukou') });
    expect(source.sources).toHaveLength(19);
    const rules = await setup<Rules>({ action: 'getRules' });
    expect(rules.ok && rules.data.routing).toEqual(expect.arrayContaining([{ category: 'medical', startLevel: 'district' }, { category: 'labor', startLevel: 'town' }]));
    expect(rules.ok && rules.data.calendar).toEqual([]);
    expect(rules.ok && rules.data.notify.caseAccepted).toBe('TPL_CASE_ACCEPTED');
  });

  test('seedDemo after seed binds the demo identities and adds nothing else', async () => {
    const res = await setup<SeedDemoResult>({ action: 'seedDemo' });
    expect(res).toEqual({ ok: true, data: { collectionsCreated: [], created: NOTHING_CREATED, demoUsersCreated: 1 + 143 } });
    const me = (openid: string) => cloud.call<Result<Me>>('account', { action: 'me' }, openid);
    expect(await me('staff-500104001001')).toEqual({ ok: true, data: { openid: 'staff-500104001001', role: 'staff', unitId: '500104001001', unitName: '平安社区' } });
    expect(await me('staff-dept-justice')).toMatchObject({ ok: true, data: { role: 'staff', unitId: 'dept-justice', unitName: '区司法局' } });
    expect(await me('admin-1')).toMatchObject({ ok: true, data: { role: 'admin', unitId: '500104000000' } });
    expect(await me('resident-1')).toEqual({ ok: true, data: { openid: 'resident-1', role: 'resident', unitId: null, unitName: null } });
    // Units seeded earlier learn their demo staff member, for case notices.
    const [unit] = (await rawFind<{ staffOpenids?: string[] }>(cloud, COLLECTIONS.units, { _id: '500104001001' }))!;
    expect(unit.staffOpenids).toEqual(['staff-500104001001']);
  });

  test('running it again changes nothing and keeps an admin edit', async () => {
    const edit = await setup({ action: 'setRules', routing: [{ category: 'labor', startLevel: 'district', reason: '试行' }] }, 'admin-1');
    expect(edit).toEqual({ ok: true, data: { updated: ['routing'] } });
    const before = await rawFind(cloud, COLLECTIONS.units);

    expect(await setup<SeedResult>({ action: 'seed' })).toEqual({ ok: true, data: { collectionsCreated: [], created: NOTHING_CREATED } });
    // One read per collection, and one to see the counter documents are there.
    expect(await lastRequests()).toBeLessThanOrEqual(Object.keys(COLLECTIONS).length + 1);
    expect(await setup<SeedDemoResult>({ action: 'seed' }, 'admin-1')).toMatchObject({ ok: true, data: { created: NOTHING_CREATED } });
    expect(await setup<SeedDemoResult>({ action: 'seedDemo' })).toEqual({ ok: true, data: { collectionsCreated: [], created: NOTHING_CREATED, demoUsersCreated: 0 } });

    expect((await rulesNow()).routing).toEqual([{ category: 'labor', startLevel: 'district', reason: '试行' }]);
    expect(await rawFind(cloud, COLLECTIONS.units)).toEqual(before);
  });
});

describe('setRules and getRules', () => {
  test('only admins may read or change rules', async () => {
    const before = await rulesNow();
    for (const openid of ['resident-1', 'staff-500104000000']) {
      expect(await setup({ action: 'getRules' }, openid)).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
      expect(await setup({ action: 'setRules', calendar: [{ date: '2027-01-01', workday: false }] }, openid)).toMatchObject({ ok: false, code: 'NOT_ADMIN', message: '此操作仅限管理员使用' });
      expect(await setup({ action: 'seed' }, openid)).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    }
    expect(await rulesNow()).toEqual(before);
  });

  test.each([
    ['an unknown routing category', { routing: [{ category: 'no-such', startLevel: 'town' }] }, 'UNKNOWN_CATEGORY'],
    ['an unknown deadline category', { deadlines: [{ category: 'no-such', level: '*', resolveWorkingDays: 3 }] }, 'UNKNOWN_CATEGORY'],
    ['a bad routing level', { routing: [{ category: 'labor', startLevel: 'city' }] }, 'LEVEL_INVALID'],
    ['a bad deadline level', { deadlines: [{ category: '*', level: 'province', resolveWorkingDays: 3 }] }, 'LEVEL_INVALID'],
    ['a fractional day count', { deadlines: [{ category: '*', level: '*', resolveWorkingDays: 1.5 }] }, 'DEADLINE_RULE_INVALID'],
    ['a rule with no term', { deadlines: [{ category: 'labor', level: 'town' }] }, 'DEADLINE_RULE_INVALID'],
    ['an impossible date', { calendar: [{ date: '2027-02-30', workday: true }] }, 'CALENDAR_DATE_INVALID'],
    ['a date in another format', { calendar: [{ date: '2027/01/01', workday: false }] }, 'CALENDAR_DATE_INVALID'],
    ['a missing routing level', { routing: [{ category: 'labor' }] }, 'FIELD_REQUIRED'],
    ['a list given as text', { routing: 'labor=town' }, 'FIELD_INVALID'],
    ['a day count given as text', { deadlines: [{ category: '*', level: '*', resolveWorkingDays: '5' }] }, 'FIELD_INVALID'],
    ['a template missing', { notify: { caseAccepted: 'a', caseReplied: 'b', caseResolved: 'c', caseRejected: 'd' } }, 'FIELD_REQUIRED'],
    ['an unknown field', { routing: [], colour: 'red' }, 'FIELD_INVALID'],
    ['nothing to set', {}, 'FIELD_REQUIRED'],
    // A valid set next to an invalid one: the valid one must not be written either.
    ['one bad set among good ones', { routing: [], calendar: [{ date: '2027-13-01', workday: true }] }, 'CALENDAR_DATE_INVALID']
  ])('refuses %s and writes nothing', async (_what, fields, code) => {
    const before = await rulesNow();
    const res = await setup({ action: 'setRules', ...fields }, 'admin-1');
    expect(res).toMatchObject({ ok: false, code });
    expect(res.ok ? '' : res.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await rulesNow()).toEqual(before);
  });

  test('replaces every rule set at once, validated, in few requests', async () => {
    const rules: Rules = {
      routing: [
        { category: 'medical', startLevel: 'district' },
        { category: 'labor', startLevel: 'town' }
      ],
      deadlines: [
        { category: '*', level: '*', responseWorkingDays: 1, resolveWorkingDays: 10 },
        { category: 'medical', level: 'district', responseHours: 24, resolveWorkingDays: 30 }
      ],
      calendar: [
        { date: '2027-01-01', workday: false, note: '元旦' },
        { date: '2027-02-06', workday: true, note: '春节调休上班' }
      ],
      notify: {
        caseAccepted: 'tplA-1_x',
        caseReplied: 'tplB',
        caseResolved: 'tplC',
        caseRejected: 'tplD',
        caseAssigned: 'tplE',
        caseWhistled: 'tplF',
        caseDue: 'tplG',
        caseSupervised: 'tplH'
      }
    };
    expect(await setup({ action: 'setRules', ...rules }, 'admin-1')).toEqual({ ok: true, data: { updated: ['routing', 'deadlines', 'calendar', 'notify'] } });
    // The admin check, the category read, one write per set.
    expect(await lastRequests()).toBeLessThanOrEqual(6);
    expect(await rulesNow()).toEqual(rules);
    expect(await lastRequests()).toBeLessThanOrEqual(2);
    const [stored] = (await rawFind<{ updatedBy: string; updatedAt: Date }>(cloud, COLLECTIONS.config, { _id: 'calendar' }))!;
    expect(stored.updatedBy).toBe('admin-1');
  });

  test('optional notices without their own template use caseAssigned’s, not a placeholder', async () => {
    const notify = { caseAccepted: 'tplA', caseReplied: 'tplB', caseResolved: 'tplC', caseRejected: 'tplD', caseAssigned: 'tplE' };
    expect(await setup({ action: 'setRules', notify }, 'admin-1')).toEqual({ ok: true, data: { updated: ['notify'] } });
    expect((await rulesNow()).notify).toEqual({ ...notify, caseWhistled: 'tplE', caseDue: 'tplE', caseSupervised: 'tplE' });
  });

  test('a server-side caller may set rules too, e.g. from the console', async () => {
    expect(await setup({ action: 'setRules', calendar: [] })).toEqual({ ok: true, data: { updated: ['calendar'] } });
    expect((await rulesNow()).calendar).toEqual([]);
  });

  test('bad requests get stable codes', async () => {
    expect(await setup({ action: 'nope' })).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    expect(await setup({ action: 'seed', force: true })).toMatchObject({ ok: false, code: 'FIELD_INVALID' });
    expect(await setup({ action: 'getRules', extra: 1 }, 'admin-1')).toMatchObject({ ok: false, code: 'FIELD_INVALID' });
  });
});
