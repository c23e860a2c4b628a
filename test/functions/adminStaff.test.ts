// Issue 12, staff: invite → redeem → work → unbind; unit heads invite for their own unit only; staff
// lists and the audit log name people by name and an opaque staffId, never by openid.
import { expect } from '@jest/globals';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { rawFind, rawInsert } from '../support/rawDb';
import { COLLECTIONS } from '../../server/collections';
import type { Invite, Me } from '../../typings/account';
import type { AuditView, InviteInfo, StaffMember } from '../../typings/admin';
import type { Page } from '../../typings/cases';
import type { Result } from '../../typings/result';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const PINGAN = '500104001001'; // 平安社区
const GANGHUA = '500104001004'; // 钢花社区
const DISTRICT = '500104000000';
const MINUTE = 60_000;

const account = <T>(event: Record<string, unknown>, openid?: string) => cloud.call<Result<T>>('account', event, openid);
const lastRequests = async () => (await cloud.invocations(1))[0].dbRequests;
const inviteCount = async () => (await rawFind(cloud, COLLECTIONS.invites))?.length ?? 0;

async function ok<T>(res: Promise<Result<T>>): Promise<T> {
  const r = await res;
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.data;
}
const invite = (unitId: string, by = 'admin-1', role = 'staff') =>
  ok(account<Invite>({ action: 'createInvite', unitId, role }, by));
const redeem = (code: string, openid: string, name?: string) =>
  ok(account<Me>({ action: 'redeemInvite', code, ...(name ? { name } : {}) }, openid));
async function bind(openid: string, unitId: string, name: string): Promise<Me> {
  return redeem((await invite(unitId)).code, openid, name);
}

test('invite → see the unit → redeem → act as staff → unbind → refused', async () => {
  const inv = await invite(PINGAN);
  const info = await ok(account<InviteInfo>({ action: 'inviteInfo', code: inv.code.toLowerCase() }, 'joiner-1'));
  expect(info).toEqual({
    unitId: PINGAN,
    unitName: '平安社区',
    unitKind: 'community',
    role: 'staff',
    expiresAt: inv.expiresAt
  });
  expect(await lastRequests()).toBeLessThanOrEqual(3); // the invite, then its unit and its minter at once

  const me = await redeem(inv.code, 'joiner-1', ' 张三 ');
  expect(me).toMatchObject({ role: 'staff', unitId: PINGAN, name: '张三', head: false });
  expect(me.staffId).toMatch(/^[A-Za-z0-9_-]{16}$/);
  // The code is spent: the redeem page now shows why.
  expect(await account({ action: 'inviteInfo', code: inv.code }, 'joiner-2')).toMatchObject({
    ok: false,
    code: 'INVITE_USED'
  });

  const queue = () => cloud.call<Result<unknown>>('cases', { action: 'queue' }, 'joiner-1');
  expect(await queue()).toMatchObject({ ok: true });
  expect(await account({ action: 'unbind', staffId: me.staffId }, 'admin-1')).toMatchObject({ ok: true });
  // Staff checks are cached for a minute (server/repos/users.ts); past it the former staff is refused.
  await cloud.advanceClock(MINUTE);
  expect(await queue()).toMatchObject({ ok: false, code: 'NOT_STAFF' });
  expect(await ok(account<Me>({ action: 'me' }, 'joiner-1'))).toMatchObject({ role: 'resident', staffId: null });
});

test('inviteInfo: unknown and malformed codes are INVITE_INVALID; a call without OPENID is nobody', async () => {
  for (const code of ['ZZZZZZZZ', 'abc', '0OIL1234']) {
    expect(await account({ action: 'inviteInfo', code }, 'joiner-3')).toMatchObject({
      ok: false,
      code: 'INVITE_INVALID'
    });
  }
  expect(await account({ action: 'inviteInfo', code: 'ZZZZZZZZ' })).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' });
});

test('a unit head invites staff for their own unit only; nothing is written when refused', async () => {
  const head = await bind('head-1', PINGAN, '李四');
  // Not yet a head: like any staff member, no invites.
  expect(await account({ action: 'createInvite', unitId: PINGAN, role: 'staff' }, 'head-1')).toMatchObject({
    ok: false,
    code: 'NOT_ADMIN'
  });
  const made = await ok(account<StaffMember>({ action: 'setHead', staffId: head.staffId, head: true }, 'admin-1'));
  expect(made).toMatchObject({ staffId: head.staffId, name: '李四', head: true, role: 'staff' });
  expect(await ok(account<Me>({ action: 'me' }, 'head-1'))).toMatchObject({ head: true });

  const own = await invite(PINGAN, 'head-1');
  expect(own).toMatchObject({ unitId: PINGAN, role: 'staff' });
  const before = await inviteCount();
  for (const [unitId, role, code] of [
    [GANGHUA, 'staff', 'OUTSIDE_OWN_UNIT'],
    [DISTRICT, 'staff', 'OUTSIDE_OWN_UNIT'],
    [PINGAN, 'admin', 'INVITE_ROLE_NOT_ALLOWED']
  ]) {
    const res = await account({ action: 'createInvite', unitId, role }, 'head-1');
    expect(res).toMatchObject({ ok: false, code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
  }
  expect(await inviteCount()).toBe(before);

  // The head reads their own unit's staff, not another's.
  expect(await account({ action: 'staffList', unitId: PINGAN }, 'head-1')).toMatchObject({ ok: true });
  expect(await account({ action: 'staffList', unitId: GANGHUA }, 'head-1')).toMatchObject({
    ok: false,
    code: 'OUTSIDE_OWN_UNIT'
  });
  // Only admins appoint heads; an admin cannot be one.
  expect(await account({ action: 'setHead', staffId: head.staffId, head: false }, 'head-1')).toMatchObject({
    ok: false,
    code: 'NOT_ADMIN'
  });
  const admin = await ok(account<Me>({ action: 'me' }, 'admin-1'));
  expect(await account({ action: 'setHead', staffId: admin.staffId, head: true }, 'admin-1')).toMatchObject({
    ok: false,
    code: 'HEAD_MUST_BE_STAFF'
  });
  // No longer head: no more invites, on the next call.
  await ok(account({ action: 'setHead', staffId: head.staffId, head: false }, 'admin-1'));
  expect(await account({ action: 'createInvite', unitId: PINGAN, role: 'staff' }, 'head-1')).toMatchObject({
    ok: false,
    code: 'NOT_ADMIN'
  });
});

test('the staff list: names as given, roles, heads, join times, paged, and no openid anywhere', async () => {
  const unit = '500104001007'; // 沪汉社区
  const first = await bind('lister-1', unit, '王五');
  await ok(account({ action: 'setHead', staffId: first.staffId, head: true }, 'admin-1'));
  // 31 more bindings staged directly (as a long-running unit would have), joined a minute apart.
  const base = Date.parse('2026-01-01T00:00:00Z');
  await rawInsert(
    cloud,
    COLLECTIONS.users,
    Array.from({ length: 31 }, (_, i) => ({
      _id: `lister-bulk-${i}`,
      role: 'staff',
      unitId: unit,
      unitName: '某社区',
      createdAt: new Date(base + i * MINUTE),
      staffId: `bulk${String(i).padStart(4, '0')}`,
      name: `工作人员${i}`
    }))
  );
  const seen: StaffMember[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 5; n++) {
    const page = await ok(account<Page<StaffMember>>({ action: 'staffList', unitId: unit, cursor }, 'admin-1'));
    expect(await lastRequests()).toBeLessThanOrEqual(3);
    seen.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  // The demo staff member, the 31 staged, and 王五.
  expect(seen).toHaveLength(33);
  expect(new Set(seen.map((s) => s.staffId)).size).toBe(33);
  const joined = seen.map((s) => s.joinedAt);
  expect([...joined].sort()).toEqual(joined);
  expect(seen.find((s) => s.name === '王五')).toMatchObject({ role: 'staff', head: true, unitId: unit });
  const text = JSON.stringify(seen);
  expect(text).not.toMatch(/lister-|staff-500104/);

  // Head of that unit reads it too; a plain staff member of it does not.
  expect(await account({ action: 'staffList', unitId: unit }, 'lister-1')).toMatchObject({ ok: true });
  expect(await account({ action: 'staffList', unitId: unit }, `staff-${unit}`)).toMatchObject({
    ok: false,
    code: 'NOT_ADMIN'
  });
  expect(await account({ action: 'staffList', unitId: 'no-such-unit' }, 'admin-1')).toMatchObject({
    ok: false,
    code: 'UNKNOWN_UNIT'
  });
});

test('setRole: staff become admins and back; they leave and rejoin the unit’s notice list', async () => {
  const m = await bind('promoted-1', GANGHUA, '赵六');
  const staffOf = async () =>
    (await rawFind<{ staffOpenids?: string[] }>(cloud, COLLECTIONS.units, { _id: GANGHUA }))![0].staffOpenids ?? [];
  expect(await staffOf()).toContain('promoted-1');
  const up = await ok(account<StaffMember>({ action: 'setRole', staffId: m.staffId, role: 'admin' }, 'admin-1'));
  expect(up).toMatchObject({ role: 'admin', head: false, name: '赵六' });
  expect(await staffOf()).not.toContain('promoted-1');
  // Admin checks are not cached: the new admin acts at once.
  expect(await account({ action: 'staffList', unitId: PINGAN }, 'promoted-1')).toMatchObject({ ok: true });
  const down = await ok(account<StaffMember>({ action: 'setRole', staffId: m.staffId, role: 'staff' }, 'promoted-1'));
  expect(down).toMatchObject({ role: 'staff' });
  expect(await staffOf()).toContain('promoted-1');
  expect(await account({ action: 'setRole', staffId: m.staffId, role: 'admin' }, 'promoted-1')).toMatchObject({
    ok: false,
    code: 'NOT_ADMIN'
  });
  expect(await account({ action: 'setRole', staffId: 'nosuchstaff', role: 'admin' }, 'admin-1')).toMatchObject({
    ok: false,
    code: 'STAFF_NOT_FOUND'
  });
});

test('the audit log records each admin action with who, when, what, before and after, by name', async () => {
  const m = await bind('audited-1', PINGAN, '孙七');
  await ok(account({ action: 'setName', name: '管理员甲' }, 'admin-1'));
  await ok(account({ action: 'setHead', staffId: m.staffId, head: true }, 'admin-1'));
  await ok(account({ action: 'setRole', staffId: m.staffId, role: 'admin' }, 'admin-1'));
  await ok(account({ action: 'unbind', staffId: m.staffId }, 'admin-1'));
  const page = await ok(account<Page<AuditView>>({ action: 'auditLog', limit: 5 }, 'admin-1'));
  expect(await lastRequests()).toBeLessThanOrEqual(5);
  const [unbound, role, head, created] = page.items;
  const by = { staffId: expect.any(String), name: '管理员甲' };
  expect(unbound).toMatchObject({ action: 'account.unbind', by, target: m.staffId, targetName: '孙七' });
  expect(role).toMatchObject({
    action: 'account.setRole',
    by,
    target: m.staffId,
    before: { role: 'staff', head: true },
    after: { role: 'admin', head: false }
  });
  expect(head).toMatchObject({ action: 'account.setHead', before: { head: false }, after: { head: true } });
  expect(created).toMatchObject({ action: 'account.createInvite', by, target: PINGAN });
  expect(Date.parse(unbound.at)).toBeGreaterThanOrEqual(Date.parse(created.at));
  expect(JSON.stringify(page)).not.toMatch(/admin-1|audited-1/);

  // Paging goes on where the page stopped, without repeats.
  const next = await ok(account<Page<AuditView>>({ action: 'auditLog', cursor: page.nextCursor, limit: 5 }, 'admin-1'));
  expect(next.items.map((e) => e.id)).not.toContain(page.items[4].id);
  expect(await account({ action: 'auditLog' }, 'staff-500104001001')).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
});

test('setName: staff name themselves; residents cannot, and risky names are refused', async () => {
  expect(await ok(account<Me>({ action: 'setName', name: '周八' }, 'staff-500104001008'))).toMatchObject({
    name: '周八'
  });
  expect(await account({ action: 'setName', name: '周八' }, 'resident-1')).toMatchObject({
    ok: false,
    code: 'NOT_STAFF'
  });
  expect(await account({ action: 'setName', name: '' }, 'staff-500104001008')).toMatchObject({
    ok: false,
    code: 'NAME_INVALID'
  });
  expect(await account({ action: 'setName', name: '违禁测试词' }, 'staff-500104001008')).toMatchObject({
    ok: false,
    code: 'CONTENT_RISKY'
  });
});

test('requests per staff action stay within their documented figures', async () => {
  const figures: Record<string, number> = {};
  const measure = async (name: string, res: Promise<Result<unknown>>, max: number) => {
    await ok(res);
    figures[name] = await lastRequests();
    expect(figures[name]).toBeLessThanOrEqual(max);
  };
  const inv = await invite(GANGHUA);
  figures['account.createInvite'] = await lastRequests();
  expect(figures['account.createInvite']).toBeLessThanOrEqual(4);
  await measure('account.inviteInfo', account({ action: 'inviteInfo', code: inv.code }, 'counted-1'), 3);
  await measure(
    'account.redeemInvite',
    account({ action: 'redeemInvite', code: inv.code, name: '计数' }, 'counted-1'),
    8
  );
  const { staffId } = await ok(account<Me>({ action: 'me' }, 'counted-1'));
  await measure('account.staffList', account({ action: 'staffList', unitId: GANGHUA }, 'admin-1'), 3);
  await measure('account.setHead', account({ action: 'setHead', staffId, head: true }, 'admin-1'), 4);
  await measure('account.setRole', account({ action: 'setRole', staffId, role: 'admin' }, 'admin-1'), 5);
  await measure('account.setRole(demote)', account({ action: 'setRole', staffId, role: 'staff' }, 'admin-1'), 6);
  await measure('account.unbind', account({ action: 'unbind', staffId }, 'admin-1'), 6);
  await measure('account.auditLog', account({ action: 'auditLog' }, 'admin-1'), 5);
  await measure('account.setName', account({ action: 'setName', name: '甲' }, 'admin-1'), 3);
  if (process.env.ADMIN_FIGURES) console.log(JSON.stringify(figures));
});

// Last: moves the local cloud's clock.
test('inviteInfo: an expired code says so, and redeeming it binds nobody', async () => {
  const inv = await invite(PINGAN);
  await cloud.advanceClock(8 * 24 * 60 * MINUTE);
  expect(await account({ action: 'inviteInfo', code: inv.code }, 'late-1')).toMatchObject({
    ok: false,
    code: 'INVITE_EXPIRED'
  });
  expect(await account({ action: 'redeemInvite', code: inv.code, name: '迟到' }, 'late-1')).toMatchObject({
    ok: false,
    code: 'INVITE_EXPIRED'
  });
  expect(await rawFind(cloud, COLLECTIONS.users, { _id: 'late-1' })).toEqual([]);
});
