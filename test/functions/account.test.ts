import { expect } from '@jest/globals';
import { FIRST_ADMIN_NAME } from '../../cloudfunctions/account/actions/redeemInvite';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { rawFind, rawSet } from '../support/rawDb';
import { COLLECTIONS } from '../../server/collections';
import type { AuditEntry } from '../../server/audit';
import type { Invite, Me, UnbindResult } from '../../typings/account';
import type { Result } from '../../typings/result';

// One local cloud for the file, seeded as `npm start` seeds it (seedDemo on an empty database).
let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const PINGAN = '500104001001'; // 平安社区
const GANGHUA = '500104001004'; // 钢花社区
const DISTRICT = '500104000000';
const DAY_MS = 24 * 3600000;

const account = <T>(event: Record<string, unknown>, openid?: string) => cloud.call<Result<T>>('account', event, openid);
const me = (openid: string) => account<Me>({ action: 'me' }, openid);
const lastRequests = async () => (await cloud.invocations(1))[0].dbRequests;
const invites = async () =>
  (await rawFind<{ _id: string; usedBy: string | null; usedAt: Date | null }>(cloud, COLLECTIONS.invites))!;
const staffOf = async (unitId: string) =>
  (await rawFind<{ staffOpenids?: string[] }>(cloud, COLLECTIONS.units, { _id: unitId }))![0].staffOpenids ?? [];
const auditOf = async (action: string) =>
  ((await rawFind<AuditEntry>(cloud, COLLECTIONS.auditLog, { action })) ?? []).sort(
    (a, b) => +new Date(a.at) - +new Date(b.at)
  );
const redeem = (code: string, openid: string) => account<Me>({ action: 'redeemInvite', code }, openid);
/** The binding id pages know a person by (tests look it up by openid, which pages never see). */
const staffIdOf = async (openid: string): Promise<string> =>
  (await rawFind<{ staffId?: string }>(cloud, COLLECTIONS.users, { _id: openid }))?.[0]?.staffId ?? 'nosuchstaff';
const unbind = async (openid: string, by?: string) =>
  account<UnbindResult>({ action: 'unbind', staffId: await staffIdOf(openid) }, by);
/** What `me` adds for a binding: its opaque id, the name given, the head flag. */
const bindingOf = async (openid: string, name: string | null = null, head = false) => ({
  staffId: await staffIdOf(openid),
  name,
  head
});
const NOT_BOUND_ME = { staffId: null, name: null, head: false };

async function invite(unitId: string, role: 'staff' | 'admin' = 'staff', by = 'admin-1'): Promise<Invite> {
  const res = await account<Invite>({ action: 'createInvite', unitId, role }, by);
  if (!res.ok) throw new Error(`createInvite: ${res.code}`);
  return res.data;
}

describe('me', () => {
  test('demo identities: community staff, department staff, admin, residents', async () => {
    expect(await me('staff-500104001001')).toEqual({
      ok: true,
      data: {
        openid: 'staff-500104001001',
        role: 'staff',
        unitId: PINGAN,
        unitName: '平安社区',
        ...(await bindingOf('staff-500104001001', '平安社区工作人员'))
      }
    });
    expect(await lastRequests()).toBe(1);
    expect(await me('staff-500104101000')).toMatchObject({
      ok: true,
      data: { role: 'staff', unitId: '500104101000', unitName: '八桥镇' }
    });
    expect(await me('staff-dept-justice')).toMatchObject({
      ok: true,
      data: { role: 'staff', unitId: 'dept-justice', unitName: '区司法局' }
    });
    expect(await me('admin-1')).toEqual({
      ok: true,
      data: {
        openid: 'admin-1',
        role: 'admin',
        unitId: DISTRICT,
        unitName: '大渡口区',
        // Bound by the console's bootstrap code without a name: named as the first admin.
        ...(await bindingOf('admin-1', FIRST_ADMIN_NAME))
      }
    });
    for (const resident of ['resident-1', 'resident-2', 'resident-3', 'someone-new']) {
      expect(await me(resident)).toEqual({
        ok: true,
        data: { openid: resident, role: 'resident', unitId: null, unitName: null, ...NOT_BOUND_ME }
      });
    }
  });

  test('a call without OPENID is nobody', async () => {
    const res = await account({ action: 'me' });
    expect(res).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
    expect(res.ok ? '' : res.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('each demo unit lists its staff member for case notices', async () => {
    // (Other tests here bind more staff to 平安社区.)
    expect(await staffOf(PINGAN)).toContain('staff-500104001001');
    expect(await staffOf('dept-justice')).toContain('staff-dept-justice');
  });
});

describe('createInvite', () => {
  test('an admin gets an 8-character code valid for 7 days', async () => {
    // The local cloud's time, which other tests here move forward.
    const before = Date.parse(((await cloud.request('GET', '/__emulator/clock')).body as { now: string }).now);
    const inv = await invite(PINGAN);
    expect(inv).toMatchObject({ unitId: PINGAN, unitName: '平安社区', role: 'staff' });
    expect(inv.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
    const ttl = new Date(inv.expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThanOrEqual(7 * DAY_MS - 1000);
    expect(ttl).toBeLessThanOrEqual(7 * DAY_MS + 60_000);
    // The admin check and the unit read at once, the invite, the audit entry.
    expect(await lastRequests()).toBeLessThanOrEqual(4);
    const [entry] = (await auditOf('account.createInvite')).slice(-1);
    expect(entry).toMatchObject({
      by: 'admin-1',
      target: PINGAN,
      after: { role: 'staff', unitId: PINGAN, expiresAt: inv.expiresAt }
    });
    expect(JSON.stringify(entry)).not.toContain(inv.code);
  });

  test('a call without OPENID (the console, the HTTP API) cannot create one, not even an admin invite', async () => {
    const before = await invites();
    const res = await account({ action: 'createInvite', unitId: DISTRICT, role: 'admin' });
    expect(res).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
    expect(await invites()).toEqual(before);
  });

  test('residents and staff are refused, and nothing is stored', async () => {
    const before = await invites();
    for (const openid of ['resident-1', 'staff-500104001001', 'staff-500104000000']) {
      const res = await account({ action: 'createInvite', unitId: PINGAN, role: 'staff' }, openid);
      expect(res).toMatchObject({ ok: false, code: 'NOT_ADMIN', message: '此操作仅限管理员使用' });
    }
    // Even for a unit that does not exist: the admin check answers first.
    expect(await account({ action: 'createInvite', unitId: 'dept-nope', role: 'staff' }, 'resident-1')).toMatchObject({
      code: 'NOT_ADMIN'
    });
    expect(await invites()).toEqual(before);
  });

  test.each([
    ['an unknown unit', { unitId: 'dept-nope', role: 'staff' }, 'UNKNOWN_UNIT'],
    ['an unknown 12-digit unit', { unitId: '500104999999', role: 'staff' }, 'UNKNOWN_UNIT'],
    ['the resident role', { unitId: PINGAN, role: 'resident' }, 'FIELD_INVALID'],
    ['a missing unit', { role: 'staff' }, 'FIELD_REQUIRED'],
    ['a unit id with odd characters', { unitId: '$where', role: 'staff' }, 'FIELD_INVALID'],
    ['a unit id given as a number', { unitId: 500104001001, role: 'staff' }, 'FIELD_INVALID'],
    ['an extra field', { unitId: PINGAN, role: 'staff', expiresAt: '2099-01-01' }, 'FIELD_INVALID']
  ])('refuses %s and stores nothing', async (_what, fields, code) => {
    const before = await invites();
    const res = await account({ action: 'createInvite', ...fields }, 'admin-1');
    expect(res).toMatchObject({ ok: false, code });
    expect(res.ok ? '' : res.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await invites()).toEqual(before);
  });
});

describe('redeemInvite', () => {
  test('binds a new user to the unit once, typed loosely; a repeat is idempotent', async () => {
    const before = await staffOf(PINGAN);
    const inv = await invite(PINGAN);
    const typed = `${inv.code.slice(0, 4).toLowerCase()}-${inv.code.slice(4)} `;
    const res = await account<Me>({ action: 'redeemInvite', code: typed }, 'newbie-1');
    expect(res).toEqual({
      ok: true,
      data: {
        openid: 'newbie-1',
        role: 'staff',
        unitId: PINGAN,
        unitName: '平安社区',
        ...(await bindingOf('newbie-1'))
      }
    });
    expect(res.ok && res.data.staffId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await lastRequests()).toBeLessThanOrEqual(7); // +2: the unit and the minter, still entitled
    expect(await me('newbie-1')).toEqual(res);
    expect(await staffOf(PINGAN)).toEqual([...before, 'newbie-1']);

    const stored = (await invites()).find((i) => i._id === inv.code)!;
    expect(stored.usedBy).toBe('newbie-1');
    expect(await account({ action: 'redeemInvite', code: inv.code }, 'newbie-1')).toEqual(res);
    expect(await lastRequests()).toBeLessThanOrEqual(2); // reads only
    expect((await invites()).find((i) => i._id === inv.code)).toEqual(stored);
  });

  test('a used code is refused to anyone else, who stays a resident', async () => {
    const inv = await invite(PINGAN);
    expect(await account({ action: 'redeemInvite', code: inv.code }, 'newbie-2')).toMatchObject({ ok: true });
    const res = await account({ action: 'redeemInvite', code: inv.code }, 'newbie-3');
    expect(res).toMatchObject({ ok: false, code: 'INVITE_USED', message: '该邀请码已被使用' });
    expect(await me('newbie-3')).toMatchObject({ data: { role: 'resident' } });
  });

  test('two people racing for one code: exactly one wins', async () => {
    const inv = await invite(GANGHUA);
    const results = await Promise.all(
      ['racer-1', 'racer-2', 'racer-3'].map((o) => account({ action: 'redeemInvite', code: inv.code }, o))
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(['INVITE_USED', 'INVITE_USED']);
    expect((await staffOf(GANGHUA)).filter((o) => o.startsWith('racer-'))).toHaveLength(1);
  });

  test('unknown and malformed codes are INVITE_INVALID; a wrong type is FIELD_INVALID', async () => {
    expect(await account({ action: 'redeemInvite', code: 'ZZZZ2222' }, 'newbie-4')).toMatchObject({
      ok: false,
      code: 'INVITE_INVALID'
    });
    expect(await account({ action: 'redeemInvite', code: 'abc' }, 'newbie-4')).toMatchObject({
      ok: false,
      code: 'INVITE_INVALID'
    });
    expect(await account({ action: 'redeemInvite', code: 'O0I1L0O1' }, 'newbie-4')).toMatchObject({
      ok: false,
      code: 'INVITE_INVALID'
    });
    expect(await account({ action: 'redeemInvite', code: 'x'.repeat(33) }, 'newbie-4')).toMatchObject({
      ok: false,
      code: 'FIELD_INVALID'
    });
    expect(await account({ action: 'redeemInvite', code: 12345678 }, 'newbie-4')).toMatchObject({
      ok: false,
      code: 'FIELD_INVALID'
    });
    expect(await account({ action: 'redeemInvite' }, 'newbie-4')).toMatchObject({ ok: false, code: 'FIELD_REQUIRED' });
    expect(await me('newbie-4')).toMatchObject({ data: { role: 'resident' } });
  });

  test('a call without OPENID cannot redeem, and the code stays unused', async () => {
    const inv = await invite(PINGAN);
    expect(await account({ action: 'redeemInvite', code: inv.code })).toMatchObject({
      ok: false,
      code: 'NOT_LOGGED_IN'
    });
    expect((await invites()).find((i) => i._id === inv.code)?.usedBy).toBeNull();
  });

  test('staff moving to another unit leave the old one; an admin invite makes an admin', async () => {
    const inv = await invite(PINGAN);
    expect(await account({ action: 'redeemInvite', code: inv.code }, 'staff-500104001004')).toMatchObject({
      ok: true,
      data: { role: 'staff', unitId: PINGAN }
    });
    expect(await staffOf(GANGHUA)).not.toContain('staff-500104001004');
    expect(await staffOf(PINGAN)).toContain('staff-500104001004');

    const adminInvite = await invite(DISTRICT, 'admin');
    // An admin invite an admin created is not the console's bootstrap one: it binds with admins present.
    expect(await account({ action: 'redeemInvite', code: adminInvite.code }, 'newbie-5')).toMatchObject({
      ok: true,
      data: { role: 'admin', unitId: DISTRICT }
    });
    expect(await account({ action: 'createInvite', unitId: PINGAN, role: 'staff' }, 'newbie-5')).toMatchObject({
      ok: true
    });
    expect(await staffOf(DISTRICT)).not.toContain('newbie-5'); // admins get no case notices as staff
  });

  test('redeeming an old code again does not undo a later binding', async () => {
    const first = await invite(PINGAN);
    const second = await invite(GANGHUA);
    await account({ action: 'redeemInvite', code: first.code }, 'newbie-6');
    await account({ action: 'redeemInvite', code: second.code }, 'newbie-6');
    expect(await account({ action: 'redeemInvite', code: first.code }, 'newbie-6')).toMatchObject({
      ok: true,
      data: { unitId: GANGHUA }
    });
    expect(await me('newbie-6')).toMatchObject({ data: { unitId: GANGHUA } });
    expect(await staffOf(PINGAN)).not.toContain('newbie-6');
  });

  test('a retry after a failure between the claim and the binding completes the binding', async () => {
    const inv = await invite(GANGHUA);
    // The state a crash right after step 1 leaves: the code is claimed, the user is not bound.
    expect(
      await rawSet(cloud, COLLECTIONS.invites, { _id: inv.code }, { usedBy: 'newbie-7', usedAt: new Date() })
    ).toBe(1);
    expect(await me('newbie-7')).toMatchObject({ data: { role: 'resident' } });
    expect(await account({ action: 'redeemInvite', code: inv.code }, 'newbie-8')).toMatchObject({
      ok: false,
      code: 'INVITE_USED'
    });
    expect(await account({ action: 'redeemInvite', code: inv.code }, 'newbie-7')).toMatchObject({
      ok: true,
      data: { role: 'staff', unitId: GANGHUA }
    });
    expect(await staffOf(GANGHUA)).toContain('newbie-7');
  });

  // Last: it moves the local cloud's clock.
  test('a code expires after 7 days; one already redeemed still answers its owner', async () => {
    const redeemed = await invite(PINGAN);
    const fresh = await invite(PINGAN);
    await cloud.advanceClock(6 * DAY_MS);
    expect(await account({ action: 'redeemInvite', code: redeemed.code }, 'newbie-9')).toMatchObject({ ok: true });
    await cloud.advanceClock(DAY_MS + 60_000);
    const res = await account({ action: 'redeemInvite', code: fresh.code }, 'newbie-10');
    expect(res).toMatchObject({ ok: false, code: 'INVITE_EXPIRED', message: expect.stringMatching(/过期/) });
    expect(await me('newbie-10')).toMatchObject({ data: { role: 'resident' } });
    expect((await invites()).find((i) => i._id === fresh.code)?.usedBy).toBeNull();
    expect(await account({ action: 'redeemInvite', code: redeemed.code }, 'newbie-9')).toMatchObject({
      ok: true,
      data: { unitId: PINGAN }
    });
  });
});

describe('unbind', () => {
  async function bound(openid: string, unitId = PINGAN): Promise<Invite> {
    const inv = await invite(unitId);
    expect(await redeem(inv.code, openid)).toMatchObject({ ok: true, data: { role: 'staff', unitId } });
    return inv;
  }

  test('an admin removes a staff binding: a resident at once, off the unit, in the audit log', async () => {
    await bound('leaver-1');
    const res = await unbind('leaver-1', 'admin-1');
    const staffId = await staffIdOf('leaver-1');
    expect(res).toEqual({
      ok: true,
      data: { staffId, removed: { role: 'staff', unitId: PINGAN, unitName: '平安社区' } }
    });
    expect(await me('leaver-1')).toEqual({
      ok: true,
      data: { openid: 'leaver-1', role: 'resident', unitId: null, unitName: null, ...NOT_BOUND_ME }
    });
    expect(await staffOf(PINGAN)).not.toContain('leaver-1');
    const [entry] = (await auditOf('account.unbind')).slice(-1);
    expect(entry).toMatchObject({
      by: 'admin-1',
      target: staffId,
      before: { role: 'staff', unitId: PINGAN, staffId },
      after: { role: 'resident' }
    });
  });

  test('their old invite never binds them again', async () => {
    const inv = await bound('leaver-2');
    expect(await unbind('leaver-2', 'admin-1')).toMatchObject({ ok: true });
    const res = await redeem(inv.code, 'leaver-2');
    expect(res).toMatchObject({ ok: false, code: 'INVITE_USED' });
    expect(await me('leaver-2')).toMatchObject({ data: { role: 'resident' } });
    expect(await staffOf(PINGAN)).not.toContain('leaver-2');
    // A fresh invite from an admin does bring them back.
    expect(await redeem((await invite(GANGHUA)).code, 'leaver-2')).toMatchObject({
      ok: true,
      data: { unitId: GANGHUA }
    });
  });

  test('refusals: not an admin, no OPENID, nobody bound, and nothing changes', async () => {
    await bound('leaver-3');
    for (const by of ['resident-1', 'staff-500104001001', 'staff-500104000000']) {
      expect(await unbind('leaver-3', by)).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    }
    expect(await unbind('leaver-3')).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
    expect(await unbind('resident-2', 'admin-1')).toMatchObject({
      ok: false,
      code: 'NOT_BOUND',
      message: expect.stringMatching(/[\u4e00-\u9fa5]/)
    });
    expect(await unbind('never-seen', 'admin-1')).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await account({ action: 'unbind', staffId: '' }, 'admin-1')).toMatchObject({
      ok: false,
      code: 'FIELD_INVALID'
    });
    expect(await account({ action: 'unbind', staffId: 'x'.repeat(65) }, 'admin-1')).toMatchObject({
      ok: false,
      code: 'FIELD_INVALID'
    });
    // Pages never know openids: an openid where a staffId goes finds nobody.
    expect(await account({ action: 'unbind', staffId: 'leaver-3' }, 'admin-1')).toMatchObject({
      ok: false,
      code: 'NOT_BOUND'
    });
    expect(await account({ action: 'unbind', openid: 'leaver-3' }, 'admin-1')).toMatchObject({
      ok: false,
      code: 'FIELD_REQUIRED'
    });
    expect(await me('leaver-3')).toMatchObject({ data: { role: 'staff', unitId: PINGAN } });
    expect(await staffOf(PINGAN)).toContain('leaver-3');
  });

  test('an admin may leave while another admin remains, never as the last one', async () => {
    const second = await invite(DISTRICT, 'admin');
    expect(await redeem(second.code, 'admin-2')).toMatchObject({ ok: true, data: { role: 'admin' } });
    const admin2 = await staffIdOf('admin-2');
    expect(await unbind('admin-2', 'admin-2')).toEqual({
      ok: true,
      data: { staffId: admin2, removed: { role: 'admin', unitId: DISTRICT, unitName: '大渡口区' } }
    });
    // Admin checks are not cached: the next admin action is refused.
    expect(await account({ action: 'createInvite', unitId: PINGAN, role: 'staff' }, 'admin-2')).toMatchObject({
      ok: false,
      code: 'NOT_ADMIN'
    });
    // Every other admin leaves (another test here makes one): then admin-1 is the last one.
    const admins = (await rawFind<{ _id: string }>(cloud, COLLECTIONS.users, { role: 'admin' }))!.map((u) => u._id);
    for (const other of admins.filter((id) => id !== 'admin-1'))
      expect(await unbind(other, 'admin-1')).toMatchObject({ ok: true });
    const res = await unbind('admin-1', 'admin-1');
    expect(res).toMatchObject({ ok: false, code: 'LAST_ADMIN', message: expect.stringMatching(/管理员/) });
    expect(await me('admin-1')).toMatchObject({ data: { role: 'admin' } });
  });

  // Last: these move the local cloud's clock.
  test('staff checks see the unbind within the users cache window (60 s)', async () => {
    await bound('leaver-4');
    const queue = () => cloud.call<Result<unknown>>('cases', { action: 'queue' }, 'leaver-4');
    expect(await queue()).toMatchObject({ ok: true }); // a warm instance now remembers leaver-4 as staff
    expect(await unbind('leaver-4', 'admin-1')).toMatchObject({ ok: true });
    await cloud.advanceClock(60_000);
    expect(await queue()).toMatchObject({ ok: false, code: 'NOT_STAFF' });
  });

  test('an expired invite stays spent after an unbind', async () => {
    const inv = await bound('leaver-5');
    expect(await unbind('leaver-5', 'admin-1')).toMatchObject({ ok: true });
    await cloud.advanceClock(8 * DAY_MS);
    expect(await redeem(inv.code, 'leaver-5')).toMatchObject({ ok: false, code: 'INVITE_USED' });
    expect(await me('leaver-5')).toMatchObject({ data: { role: 'resident' } });
  });
});

describe('admin actions of other functions', () => {
  test('a call without OPENID is refused: the manual sweep and reconcile, and a forged timer event', async () => {
    const [sweeps, reconciles] = [await auditOf('deadlines.sweep'), await auditOf('stats.reconcile')];
    expect(await cloud.call('deadlines', { action: 'sweep' })).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
    expect(await cloud.call('stats', { action: 'reconcile', day: '2026-01-05' })).toMatchObject({
      ok: false,
      code: 'NOT_LOGGED_IN'
    });
    // Only the platform's timer run carries TRIGGER_SRC=timer; a body that says Timer is just a body.
    expect(await cloud.call('deadlines', { Type: 'Timer' })).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    expect(await cloud.call('stats', { Type: 'Timer' })).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    expect(await auditOf('deadlines.sweep')).toEqual(sweeps);
    expect(await auditOf('stats.reconcile')).toEqual(reconciles);
  });

  test('an admin runs them, and each run is in the audit log', async () => {
    const [sweeps, reconciles] = [await auditOf('deadlines.sweep'), await auditOf('stats.reconcile')];
    expect(await cloud.call('deadlines', { action: 'sweep' }, 'admin-1')).toMatchObject({ ok: true });
    expect((await auditOf('deadlines.sweep')).slice(sweeps.length)).toEqual([
      expect.objectContaining({
        by: 'admin-1',
        target: 'deadlines',
        after: expect.objectContaining({ visited: expect.any(Number) })
      })
    ]);
    expect(await cloud.call('stats', { action: 'reconcile', day: '2026-01-05' }, 'admin-1')).toMatchObject({
      ok: true
    });
    expect((await auditOf('stats.reconcile')).slice(reconciles.length)).toEqual([
      expect.objectContaining({ by: 'admin-1', target: '2026-01-05', after: { drift: 0, repaired: 0 } })
    ]);
  });
});
