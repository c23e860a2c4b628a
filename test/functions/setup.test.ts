import { expect } from '@jest/globals';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { rawFind, rawSet } from '../support/rawDb';
import { actOk, ORG, submitOk } from '../support/cases';
import { COLLECTIONS } from '../../server/collections';
import { REFERENCE_TTL_MS } from '../../server/reference';
import type { AuditEntry } from '../../server/audit';
import type { Me } from '../../typings/account';
import type { Result } from '../../typings/result';
import type { BootstrapResult, Rules, SeedDemoResult, SeedResult } from '../../typings/setup';

// Each group starts a local cloud in the state its tests need (empty, just bootstrapped, seeded as
// `npm start` seeds it); a test that moves setup on starts its own, so any one runs alone (`-t`).
// `cloud` is the one the helpers below talk to.
let cloud: TestCloud;
const emptyCloud = async (): Promise<void> => {
  cloud = await startLocalCloud({ seed: false });
};
const stopCloud = () => cloud?.stop();

const setup = <T>(event: Record<string, unknown>, openid?: string) => cloud.call<Result<T>>('setup', event, openid);
const lastRequests = async () => (await cloud.invocations(1))[0].dbRequests;
const NOTHING_CREATED = { district: 0, towns: 0, communities: 0, departments: 0, categories: 0, config: [] };
const DAY_MS = 24 * 3600000;
const DISTRICT = '500104000000';
const redeem = (code: string, openid: string) =>
  cloud.call<Result<Me>>('account', { action: 'redeemInvite', code }, openid);
const me = (openid: string) => cloud.call<Result<Me>>('account', { action: 'me' }, openid);
const auditOf = async (action: string) =>
  ((await rawFind<AuditEntry>(cloud, COLLECTIONS.auditLog, { action })) ?? []).sort(
    (a, b) => +new Date(a.at) - +new Date(b.at)
  );

async function bootstrap(): Promise<BootstrapResult> {
  const res = await setup<BootstrapResult>({ action: 'bootstrap' });
  if (!res.ok) throw new Error(`bootstrap: ${res.code}`);
  return res.data;
}

async function rulesNow(): Promise<Rules> {
  const res = await setup<Rules>({ action: 'getRules' }, 'admin-1');
  if (!res.ok) throw new Error(`getRules: ${res.code}`);
  return res.data;
}

describe('before bootstrap', () => {
  beforeAll(emptyCloud);
  afterAll(stopCloud);

  test('a mini-program caller cannot seed, and nothing is created', async () => {
    expect(await setup({ action: 'seed' }, 'resident-1')).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    expect(await setup({ action: 'seedDemo' }, 'admin-1')).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    expect(await rawFind(cloud, COLLECTIONS.units)).toBeNull();
    expect(await rawFind(cloud, COLLECTIONS.users)).toBeNull();
  });

  test('a call without OPENID is nobody: every action but bootstrap answers NOT_LOGGED_IN', async () => {
    for (const event of [
      { action: 'seed' },
      { action: 'seedDemo' },
      { action: 'getRules' },
      { action: 'setRules', calendar: [] }
    ]) {
      const res = await setup(event);
      expect(res).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
      expect(res.ok ? '' : res.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await rawFind(cloud, COLLECTIONS.units)).toBeNull();
    expect(await rawFind(cloud, COLLECTIONS.config)).toBeNull();
  });

  test('bootstrap is for the console: a mini-program caller is refused, and nothing is created', async () => {
    for (const openid of ['resident-1', 'admin-1']) {
      expect(await setup({ action: 'bootstrap' }, openid)).toMatchObject({ ok: false, code: 'BOOTSTRAP_CONSOLE_ONLY' });
    }
    expect(await rawFind(cloud, COLLECTIONS.units)).toBeNull();
    expect(await rawFind(cloud, COLLECTIONS.invites)).toBeNull();
  });
});

describe('the first bootstrap', () => {
  let before = 0;
  let res: Result<BootstrapResult>;
  let requests = 0;
  beforeAll(async () => {
    await emptyCloud();
    before = Date.now();
    res = await setup<BootstrapResult>({ action: 'bootstrap' });
    requests = await lastRequests();
  });
  afterAll(stopCloud);

  test('from the console: creates every collection, loads the organisation and answers the first admin invite', async () => {
    expect(res).toEqual({
      ok: true,
      data: {
        collectionsCreated: Object.values(COLLECTIONS),
        created: {
          district: 1,
          towns: 8,
          communities: 97,
          departments: 37,
          categories: 20,
          config: ['routing', 'deadlines', 'calendar', 'notify', 'orgSource']
        },
        adminInvite: {
          code: expect.stringMatching(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/),
          expiresAt: expect.any(String),
          unitId: DISTRICT,
          unitName: '大渡口区'
        }
      }
    });
    if (!res.ok) return;
    const firstCode = res.data.adminInvite.code;
    const ttl = new Date(res.data.adminInvite.expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThanOrEqual(7 * DAY_MS - 1000);
    expect(ttl).toBeLessThanOrEqual(7 * DAY_MS + 60_000);
    // Per collection: a read that finds it missing and a create; one batch insert per seeded collection (3);
    // the assessment counters of every unit for this year and the next: one read and 286 ÷ 200 → 2 inserts;
    // then the admin check, ending older bootstrap invites, the invite, the audit entry.
    expect(requests).toBeLessThanOrEqual(2 * Object.keys(COLLECTIONS).length + 3 + 3 + 4);
    const [stored] = (await rawFind<Record<string, unknown>>(cloud, COLLECTIONS.invites, { _id: firstCode }))!;
    expect(stored).toMatchObject({ role: 'admin', unitId: DISTRICT, createdBy: null, bootstrap: true, usedBy: null });
    const [entry] = await auditOf('setup.bootstrap');
    expect(entry).toMatchObject({ by: null, target: DISTRICT, after: { created: { communities: 97 } } });
    // The log never holds a code that could still be redeemed.
    expect(JSON.stringify(entry)).not.toContain(firstCode);
  });

  test('units keep their ids, levels, names and guess flags', async () => {
    const units = (await rawFind<Record<string, unknown>>(cloud, COLLECTIONS.units))!;
    expect(units).toHaveLength(1 + 8 + 97 + 37);
    const byId = new Map(units.map((u) => [u._id, u]));
    expect(byId.get('500104000000')).toMatchObject({
      kind: 'district',
      level: 'district',
      parentId: null,
      centres: expect.arrayContaining(['区莎姐调解中心'])
    });
    expect(byId.get('500104103000')).toMatchObject({
      name: '跳磴镇',
      kind: 'town',
      level: 'town',
      subKind: 'town',
      parentId: '500104000000',
      guess: false
    });
    expect(byId.get('500104001001')).toMatchObject({
      name: '平安社区',
      officialName: '平安社区居民委员会',
      kind: 'community',
      level: 'community',
      parentId: '500104001000'
    });
    expect(byId.get('dept-justice')).toMatchObject({
      kind: 'department',
      level: null,
      parentId: '500104000000',
      guess: false
    });
    expect(byId.get('dept-gov-office')).toMatchObject({ guess: true });
    expect(units.filter((u) => u.kind === 'department' && u.guess === true)).toHaveLength(19);
  });

  test('categories, default rules and the data file provenance are stored', async () => {
    const categories = (await rawFind<Record<string, unknown>>(cloud, COLLECTIONS.categories))!;
    expect(categories).toHaveLength(20);
    expect(categories.find((c) => c._id === 'marriage-family')).toMatchObject({
      name: '婚姻家庭纠纷',
      defaultDepartment: 'dept-justice',
      guess: true,
      basis: expect.any(String)
    });
    const source = (await rawFind<Record<string, unknown>>(cloud, COLLECTIONS.config, { _id: 'orgSource' }))![0];
    expect(source).toMatchObject({ dataYear: 2023, about: expect.stringContaining('Dadukou') });
    expect(source.sources).toHaveLength(19);
    const config = new Map((await rawFind<Record<string, unknown>>(cloud, COLLECTIONS.config))!.map((d) => [d._id, d]));
    expect(config.get('routing')?.rules).toEqual(
      expect.arrayContaining([
        { category: 'medical', startLevel: 'district' },
        { category: 'labor', startLevel: 'town' }
      ])
    );
    expect(config.get('calendar')?.overrides).toEqual([]);
    expect((config.get('notify')?.templates as Record<string, string>).caseAccepted).toBe('TPL_CASE_ACCEPTED');
  });
});

describe('after the first bootstrap', () => {
  // Each test gets its own cloud, bootstrapped, with the code of the first admin invite.
  let firstCode = '';
  beforeEach(async () => {
    await emptyCloud();
    firstCode = (await bootstrap()).adminInvite.code;
  });
  afterEach(stopCloud);
  /** admin-1 redeems the first code, as the first admin does. */
  const firstAdmin = async () => expect(await redeem(firstCode, 'admin-1')).toMatchObject({ ok: true });

  test('a second bootstrap ends the first code; two at once never leave a code that binds after an admin exists', async () => {
    const second = await bootstrap();
    expect(second.collectionsCreated).toEqual([]);
    expect(await redeem(firstCode, 'someone-1')).toMatchObject({ ok: false, code: 'INVITE_EXPIRED' });

    const [a, b] = await Promise.all([bootstrap(), bootstrap()]);
    // Stage the worst interleaving: both runs ended older codes before either stored its own.
    await rawSet(
      cloud,
      COLLECTIONS.invites,
      { bootstrap: true, usedBy: null },
      { expiresAt: new Date(Date.now() + DAY_MS) }
    );
    expect(await redeem(a.adminInvite.code, 'admin-1')).toMatchObject({
      ok: true,
      data: { openid: 'admin-1', role: 'admin', unitId: DISTRICT, unitName: '大渡口区', head: false }
    });
    for (const code of [b.adminInvite.code, second.adminInvite.code, firstCode]) {
      expect(await redeem(code, 'intruder-1')).toMatchObject({ ok: false, code: 'ALREADY_BOOTSTRAPPED' });
    }
    expect(await me('intruder-1')).toMatchObject({ data: { role: 'resident' } });
  });

  test('once an admin exists, bootstrap is refused and changes nothing', async () => {
    await firstAdmin();
    const invitesBefore = await rawFind(cloud, COLLECTIONS.invites);
    const auditBefore = await auditOf('setup.bootstrap');
    expect(await setup({ action: 'bootstrap' })).toMatchObject({
      ok: false,
      code: 'ALREADY_BOOTSTRAPPED',
      message: expect.stringMatching(/管理员/)
    });
    expect(await setup({ action: 'bootstrap' }, 'admin-1')).toMatchObject({
      ok: false,
      code: 'BOOTSTRAP_CONSOLE_ONLY'
    });
    expect(await rawFind(cloud, COLLECTIONS.invites)).toEqual(invitesBefore);
    expect(await auditOf('setup.bootstrap')).toEqual(auditBefore);
  });

  test('the admin reads the default rules', async () => {
    await firstAdmin();
    const rules = await rulesNow();
    expect(rules.routing).toEqual(
      expect.arrayContaining([
        { category: 'medical', startLevel: 'district' },
        { category: 'labor', startLevel: 'town' }
      ])
    );
    expect(rules.calendar).toEqual([]);
    expect(rules.notify.caseAccepted).toBe('TPL_CASE_ACCEPTED');
  });

  test('seedDemo after bootstrap binds the demo identities and adds nothing else', async () => {
    await firstAdmin();
    const res = await setup<SeedDemoResult>({ action: 'seedDemo' }, 'admin-1');
    // admin-1 is already bound through the bootstrap invite: the 143 demo staff are new.
    expect(res).toEqual({
      ok: true,
      data: { collectionsCreated: [], created: NOTHING_CREATED, demoUsersCreated: 143 }
    });
    expect(await auditOf('setup.seedDemo')).toEqual([
      expect.objectContaining({
        by: 'admin-1',
        target: 'organisation',
        after: expect.objectContaining({ demoUsersCreated: 143 })
      })
    ]);
    expect(await me('staff-500104001001')).toMatchObject({
      ok: true,
      data: {
        openid: 'staff-500104001001',
        role: 'staff',
        unitId: '500104001001',
        unitName: '平安社区',
        name: '平安社区工作人员',
        staffId: expect.stringMatching(/^demo/)
      }
    });
    expect(await me('staff-dept-justice')).toMatchObject({
      ok: true,
      data: { role: 'staff', unitId: 'dept-justice', unitName: '区司法局' }
    });
    expect(await me('admin-1')).toMatchObject({ ok: true, data: { role: 'admin', unitId: '500104000000' } });
    expect(await me('resident-1')).toEqual({
      ok: true,
      data: {
        openid: 'resident-1',
        role: 'resident',
        unitId: null,
        unitName: null,
        staffId: null,
        name: null,
        head: false
      }
    });
    // Units seeded earlier learn their demo staff member, for case notices.
    const [unit] = (await rawFind<{ staffOpenids?: string[] }>(cloud, COLLECTIONS.units, { _id: '500104001001' }))!;
    expect(unit.staffOpenids).toEqual(['staff-500104001001']);
  });

  test('running it again changes nothing and keeps an admin edit', async () => {
    await firstAdmin();
    expect(await setup({ action: 'seedDemo' }, 'admin-1')).toMatchObject({ ok: true });
    const edit = await setup(
      { action: 'setRules', routing: [{ category: 'labor', startLevel: 'district', reason: '试行' }] },
      'admin-1'
    );
    expect(edit).toEqual({ ok: true, data: { updated: ['routing'] } });
    const before = await rawFind(cloud, COLLECTIONS.units);

    expect(await setup<SeedResult>({ action: 'seed' }, 'admin-1')).toEqual({
      ok: true,
      data: { collectionsCreated: [], created: NOTHING_CREATED }
    });
    // The admin check, one read per collection, one to see the counter documents are there, the audit entry.
    expect(await lastRequests()).toBeLessThanOrEqual(Object.keys(COLLECTIONS).length + 3);
    expect(await auditOf('setup.seed')).toEqual([
      expect.objectContaining({ by: 'admin-1', after: { collectionsCreated: [], created: NOTHING_CREATED } })
    ]);
    expect(await setup<SeedDemoResult>({ action: 'seedDemo' }, 'admin-1')).toEqual({
      ok: true,
      data: { collectionsCreated: [], created: NOTHING_CREATED, demoUsersCreated: 0 }
    });

    expect((await rulesNow()).routing).toEqual([{ category: 'labor', startLevel: 'district', reason: '试行' }]);
    expect(await rawFind(cloud, COLLECTIONS.units)).toEqual(before);
  });
});

describe('setRules and getRules', () => {
  // Seeded as `npm start` seeds it: the organisation, the default rules, admin-1 and the demo staff.
  beforeAll(async () => {
    cloud = await startLocalCloud();
  });
  afterAll(stopCloud);

  test('only admins may read or change rules', async () => {
    const before = await rulesNow();
    for (const openid of ['resident-1', 'staff-500104000000']) {
      expect(await setup({ action: 'getRules' }, openid)).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
      expect(
        await setup({ action: 'setRules', calendar: [{ date: '2027-01-01', workday: false }] }, openid)
      ).toMatchObject({ ok: false, code: 'NOT_ADMIN', message: '此操作仅限管理员使用' });
      expect(await setup({ action: 'seed' }, openid)).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    }
    expect(await rulesNow()).toEqual(before);
  });

  test.each([
    ['an unknown routing category', { routing: [{ category: 'no-such', startLevel: 'town' }] }, 'UNKNOWN_CATEGORY'],
    [
      'an unknown deadline category',
      { deadlines: [{ category: 'no-such', level: '*', resolveWorkingDays: 3 }] },
      'UNKNOWN_CATEGORY'
    ],
    ['a bad routing level', { routing: [{ category: 'labor', startLevel: 'city' }] }, 'LEVEL_INVALID'],
    [
      'a bad deadline level',
      { deadlines: [{ category: '*', level: 'province', resolveWorkingDays: 3 }] },
      'LEVEL_INVALID'
    ],
    [
      'a fractional day count',
      { deadlines: [{ category: '*', level: '*', resolveWorkingDays: 1.5 }] },
      'DEADLINE_RULE_INVALID'
    ],
    ['a rule with no term', { deadlines: [{ category: 'labor', level: 'town' }] }, 'DEADLINE_RULE_INVALID'],
    ['an impossible date', { calendar: [{ date: '2027-02-30', workday: true }] }, 'CALENDAR_DATE_INVALID'],
    ['a date in another format', { calendar: [{ date: '2027/01/01', workday: false }] }, 'CALENDAR_DATE_INVALID'],
    ['a missing routing level', { routing: [{ category: 'labor' }] }, 'FIELD_REQUIRED'],
    ['a list given as text', { routing: 'labor=town' }, 'FIELD_INVALID'],
    [
      'a day count given as text',
      { deadlines: [{ category: '*', level: '*', resolveWorkingDays: '5' }] },
      'FIELD_INVALID'
    ],
    [
      'a template missing',
      { notify: { caseAccepted: 'a', caseReplied: 'b', caseResolved: 'c', caseRejected: 'd' } },
      'FIELD_REQUIRED'
    ],
    ['an unknown field', { routing: [], colour: 'red' }, 'FIELD_INVALID'],
    ['nothing to set', {}, 'FIELD_REQUIRED'],
    // A valid set next to an invalid one: the valid one must not be written either.
    [
      'one bad set among good ones',
      { routing: [], calendar: [{ date: '2027-13-01', workday: true }] },
      'CALENDAR_DATE_INVALID'
    ]
  ])('refuses %s and writes nothing', async (_what, fields, code) => {
    const before = await rulesNow();
    const res = await setup({ action: 'setRules', ...fields }, 'admin-1');
    expect(res).toMatchObject({ ok: false, code });
    expect(res.ok ? '' : res.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await rulesNow()).toEqual(before);
  });

  test('replaces every rule set at once, validated, in few requests', async () => {
    const rules: Pick<Rules, 'routing' | 'deadlines' | 'calendar' | 'notify'> = {
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
    expect(await setup({ action: 'setRules', ...rules }, 'admin-1')).toEqual({
      ok: true,
      data: { updated: ['routing', 'deadlines', 'calendar', 'notify'] }
    });
    // The admin check, the category read, one write per set, the audit entry.
    expect(await lastRequests()).toBeLessThanOrEqual(7);
    expect(await rulesNow()).toMatchObject(rules);
    expect(await lastRequests()).toBeLessThanOrEqual(3);
    const [stored] = (await rawFind<{ updatedBy: string; updatedAt: Date }>(cloud, COLLECTIONS.config, {
      _id: 'calendar'
    }))!;
    expect(stored.updatedBy).toBe('admin-1');
  });

  test('optional notices without their own template use caseAssigned’s, not a placeholder', async () => {
    const notify = {
      caseAccepted: 'tplA',
      caseReplied: 'tplB',
      caseResolved: 'tplC',
      caseRejected: 'tplD',
      caseAssigned: 'tplE'
    };
    expect(await setup({ action: 'setRules', notify }, 'admin-1')).toEqual({ ok: true, data: { updated: ['notify'] } });
    expect((await rulesNow()).notify).toEqual({
      ...notify,
      caseWhistled: 'tplE',
      caseDue: 'tplE',
      caseSupervised: 'tplE'
    });
  });

  test('a call without OPENID may not set rules, not even from the console', async () => {
    const before = await rulesNow();
    expect(await setup({ action: 'setRules', calendar: [{ date: '2027-01-01', workday: true }] })).toMatchObject({
      ok: false,
      code: 'NOT_LOGGED_IN'
    });
    expect(await rulesNow()).toEqual(before);
  });

  test('every rule change is in the audit log: who, when, which sets, what was written', async () => {
    const calendar = [{ date: '2027-10-08', workday: false, note: '补休' }];
    const before = await auditOf('setup.setRules');
    expect(await setup({ action: 'setRules', calendar }, 'admin-1')).toEqual({
      ok: true,
      data: { updated: ['calendar'] }
    });
    const after = await auditOf('setup.setRules');
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({
      by: 'admin-1',
      action: 'setup.setRules',
      target: 'calendar',
      after: { calendar },
      at: expect.anything()
    });
    // A refused change leaves no entry.
    await setup({ action: 'setRules', calendar: [{ date: '2027-13-01', workday: true }] }, 'admin-1');
    expect(await auditOf('setup.setRules')).toHaveLength(after.length);
  });

  test('a changed routing rule routes the next case the new way, once the reference cache window has passed', async () => {
    const neighbour = { category: 'neighbor', communityId: ORG.pingan };
    // No rule for the category: its community (小事不出村). This also warms the cases instance's cache.
    const before = await submitOk(cloud, 'resident-1', neighbour);
    expect(before).toMatchObject({ level: 'community', unitId: ORG.pingan });
    const { routing } = await rulesNow();
    const rule = { category: 'neighbor', startLevel: 'town' as const, reason: '试行：邻里纠纷由街道受理' };
    expect(await setup({ action: 'setRules', routing: [...routing, rule] }, 'admin-1')).toEqual({
      ok: true,
      data: { updated: ['routing'] }
    });
    // Functions keep the organisation and rules for REFERENCE_TTL_MS (server/reference.ts): the stated
    // window in which a rule change reaches every call. Past it, the next case sees the new rule.
    await cloud.advanceClock(REFERENCE_TTL_MS + 1000);
    const after = await submitOk(cloud, 'resident-1', neighbour);
    expect(after).toMatchObject({ level: 'town', unitId: ORG.xinshancun });
    const [filed] = (await actOk(cloud, 'resident-1', 'detail', { caseId: after.caseId })).timeline;
    expect(filed.note).toContain('（试行：邻里纠纷由街道受理）');
    // A case filed before keeps its unit; removing the rule routes the next one to the community again.
    expect((await actOk(cloud, 'resident-1', 'detail', { caseId: before.caseId })).case.unitId).toBe(ORG.pingan);
    expect(await setup({ action: 'setRules', routing }, 'admin-1')).toMatchObject({ ok: true });
    await cloud.advanceClock(REFERENCE_TTL_MS + 1000);
    expect(await submitOk(cloud, 'resident-1', neighbour)).toMatchObject({ level: 'community', unitId: ORG.pingan });
  });

  test('bad requests get stable codes', async () => {
    expect(await setup({ action: 'nope' })).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    expect(await setup({ action: 'seed', force: true })).toMatchObject({ ok: false, code: 'FIELD_INVALID' });
    expect(await setup({ action: 'getRules', extra: 1 }, 'admin-1')).toMatchObject({
      ok: false,
      code: 'FIELD_INVALID'
    });
  });
});

describe('outside the local cloud', () => {
  // A local cloud that does not tell its functions where they run: the environment a real one gives them.
  let prod: TestCloud;
  beforeAll(async () => {
    prod = await startLocalCloud({ seed: false, env: { LOCALCLOUD_MARK_FUNCTIONS: 'off' } });
  });
  afterAll(() => prod?.stop());

  test('seedDemo is refused, even to an admin, and no demo identity appears', async () => {
    const boot = await prod.call<Result<BootstrapResult>>('setup', { action: 'bootstrap' });
    if (!boot.ok) throw new Error(`bootstrap: ${boot.code}`);
    expect(
      await prod.call('account', { action: 'redeemInvite', code: boot.data.adminInvite.code }, 'first-admin')
    ).toMatchObject({ ok: true, data: { role: 'admin' } });
    const res = await prod.call<Result<SeedDemoResult>>('setup', { action: 'seedDemo' }, 'first-admin');
    expect(res).toMatchObject({ ok: false, code: 'NOT_LOCAL_CLOUD', message: expect.stringMatching(/本地/) });
    expect(await prod.call('setup', { action: 'seedDemo' })).toMatchObject({ ok: false, code: 'NOT_LOCAL_CLOUD' });
    expect((await rawFind<{ _id: string }>(prod, COLLECTIONS.users))!.map((u) => u._id)).toEqual(['first-admin']);
    expect(await prod.call('account', { action: 'me' }, 'admin-1')).toMatchObject({
      ok: true,
      data: { role: 'resident' }
    });
    // The rest of setup works as usual there.
    expect(await prod.call('setup', { action: 'seed' }, 'first-admin')).toMatchObject({ ok: true });
  });
});
