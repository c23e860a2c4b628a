// Issue 12, invites: the 小程序码 (WeChat draws it, storage keeps it, a scan opens the redeem page with
// the code), invites that die with their minter's rights or their unit, the first admin's name, and
// units named in the audit log. Each test brings its own units and people.
import { expect } from '@jest/globals';
import jsQR from 'jsqr';
import { FIRST_ADMIN_NAME } from '../../cloudfunctions/account/actions/redeemInvite';
import { COLLECTIONS } from '../../server/collections';
import type { Invite, Me } from '../../typings/account';
import type { AdminUnit, AuditView, InviteInfo, StaffMember } from '../../typings/admin';
import type { Page } from '../../typings/cases';
import type { Result } from '../../typings/result';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { decodePng } from '../support/png';
import { rawFind } from '../support/rawDb';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const ADMIN = 'admin-1';
const account = <T>(event: Record<string, unknown>, openid?: string) => cloud.call<Result<T>>('account', event, openid);
async function ok<T>(res: Promise<Result<T>>): Promise<T> {
  const r = await res;
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.data;
}
const newDepartment = (name: string) =>
  ok(cloud.call<Result<AdminUnit>>('org', { action: 'addUnit', kind: 'department', name }, ADMIN));
const invite = (unitId: string, by = ADMIN, role = 'staff', extra: Record<string, unknown> = {}) =>
  ok(account<Invite>({ action: 'createInvite', unitId, role, ...extra }, by));
const redeem = (code: string, openid: string, name: string) =>
  account<Me>({ action: 'redeemInvite', code, name }, openid);
const openapiCalls = async (): Promise<number> => {
  const stats = (await cloud.request('GET', '/__emulator/stats')).body as { openapi?: Record<string, number> };
  return stats.openapi?.['wxacode.getUnlimited'] ?? 0;
};
/** What a camera reads off the image at a URL the function answered. */
async function scan(url: string): Promise<string | undefined> {
  const { pathname, search } = new URL(url);
  const res = await cloud.request('GET', pathname + search);
  expect(res.status).toBe(200);
  const { width, height, data } = decodePng(res.raw);
  return jsQR(data, width, height)?.data;
}
const writes = async (): Promise<number> =>
  ((await cloud.request('GET', '/__emulator/stats')).body as { committedWrites: number }).committedWrites;

test('an invite’s 小程序码 is drawn by WeChat, stored, and scanned opens the redeem page with the code', async () => {
  const dept = await newDepartment('区小程序码测试局');
  const before = await openapiCalls();
  const inv = await invite(dept.id);
  expect(await openapiCalls()).toBe(before + 1);
  expect((await cloud.invocations(1))[0].dbRequests).toBeLessThanOrEqual(4);
  expect(inv.qrUrl).toMatch(/^http/);
  expect(inv).not.toHaveProperty('qrUnavailable');
  // A scan: the released mini-program (no version asked), the redeem page, the code as scene.
  expect(await scan(inv.qrUrl!)).toBe(`wxacode://packageAdmin/redeem/index?scene=${inv.code}&env_version=release`);
  // Stored once under the invite, which keeps its fileID (never shown to pages).
  const [stored] = (await rawFind<{ qrFileId?: string }>(cloud, COLLECTIONS.invites, { _id: inv.code })) ?? [];
  expect(stored.qrFileId).toMatch(new RegExp(`^cloud://.+/invites/${inv.code}\\.png$`));
  const audit = await rawFind<{ after: unknown }>(cloud, COLLECTIONS.auditLog, {
    action: 'account.createInvite',
    target: dept.id
  });
  expect(audit).toHaveLength(1);
  expect(JSON.stringify(audit)).not.toContain(inv.code); // the log must not hand out the code (nor its QR)

  // A develop build's admin gets a code that opens the develop build.
  const dev = await invite(dept.id, ADMIN, 'staff', { envVersion: 'develop' });
  expect(await scan(dev.qrUrl!)).toBe(`wxacode://packageAdmin/redeem/index?scene=${dev.code}&env_version=develop`);
  expect(
    await account({ action: 'createInvite', unitId: dept.id, role: 'staff', envVersion: 'beta' }, ADMIN)
  ).toMatchObject({
    ok: false,
    code: 'FIELD_INVALID'
  });

  // The scanned scene redeems.
  const scene = new URL((await scan(inv.qrUrl!))!.replace('wxacode://', 'https://x/')).searchParams.get('scene')!;
  expect(await redeem(scene, 'qr-joiner-1', '钱八')).toMatchObject({
    ok: true,
    data: { role: 'staff', unitId: dept.id }
  });
});

test('an invite dies with its minter’s rights: a head no longer head, an admin unbound, a unit deactivated', async () => {
  const dept = await newDepartment('区邀请失效测试局');
  const head = await ok(redeem((await invite(dept.id)).code, 'rv-head', '孙头'));
  await ok(account<StaffMember>({ action: 'setHead', staffId: head.staffId, head: true }, ADMIN));
  const byHead = await invite(dept.id, 'rv-head');
  const admin2 = await ok(redeem((await invite(dept.id, ADMIN, 'admin')).code, 'rv-admin', '周管'));
  const byAdmin = await invite(dept.id, 'rv-admin');
  const live = await invite(dept.id); // admin-1's, for the same unit

  // Both still good: the redeem page shows the unit.
  for (const inv of [byHead, byAdmin])
    expect(await account<InviteInfo>({ action: 'inviteInfo', code: inv.code }, 'rv-joiner')).toMatchObject({
      ok: true
    });

  await ok(account({ action: 'setHead', staffId: head.staffId, head: false }, ADMIN));
  await ok(account({ action: 'unbind', staffId: admin2.staffId }, ADMIN));
  for (const inv of [byHead, byAdmin]) {
    expect(await account({ action: 'inviteInfo', code: inv.code }, 'rv-joiner')).toMatchObject({
      ok: false,
      code: 'INVITE_REVOKED',
      message: expect.stringMatching(/失效/)
    });
    const w = await writes();
    expect(await redeem(inv.code, 'rv-joiner', '吴九')).toMatchObject({ ok: false, code: 'INVITE_REVOKED' });
    expect(await writes()).toBe(w); // nothing claimed, nobody bound
  }
  expect(await ok(account<Me>({ action: 'me' }, 'rv-joiner'))).toMatchObject({ role: 'resident' });

  // The unit deactivated: even the sitting admin's invite is dead.
  await ok(cloud.call<Result<AdminUnit>>('org', { action: 'setUnitActive', unitId: dept.id, active: false }, ADMIN));
  expect(await redeem(live.code, 'rv-joiner', '吴九')).toMatchObject({ ok: false, code: 'INVITE_REVOKED' });
  const [stored] = (await rawFind<{ usedBy: string | null }>(cloud, COLLECTIONS.invites, { _id: live.code })) ?? [];
  expect(stored.usedBy).toBeNull();
});

test('the bootstrap admin has a name; the audit log names the units it touched, in one query', async () => {
  expect(await ok(account<Me>({ action: 'me' }, ADMIN))).toMatchObject({ role: 'admin', name: FIRST_ADMIN_NAME });
  const dept = await newDepartment('区审计名称测试局');
  await invite(dept.id);
  const page = await ok(account<Page<AuditView>>({ action: 'auditLog', limit: 100 }, ADMIN));
  expect((await cloud.invocations(1))[0].dbRequests).toBeLessThanOrEqual(5);
  const mine = page.items.filter((e) => e.target === dept.id);
  expect(mine.map((e) => e.action).sort()).toEqual(['account.createInvite', 'org.addUnit']);
  for (const e of mine) {
    expect(e).toMatchObject({ targetUnitName: '区审计名称测试局', by: { name: FIRST_ADMIN_NAME } });
    expect(e).not.toHaveProperty('targetName');
  }
  const boot = page.items.find((e) => e.action === 'setup.bootstrap');
  expect(boot).toMatchObject({ by: null, targetUnitName: '大渡口区' });
});
