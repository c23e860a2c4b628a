/**
 * @jest-environment jsdom
 */
// The invite's 小程序码 when WeChat cannot draw it (the local cloud's wxacode.getUnlimited answers
// "system error"): the invite is still made and binds by its code, and the page says why there is no
// QR. And what a scan hands the redeem page: the scene, URL-encoded, read back as the code.
import { expect } from '@jest/globals';
import { codeFromQuery } from '../../miniprogram/packageAdmin/common';
import { INVITE_CODE_LENGTH, WXACODE_SCENE_MAX, inviteScene, makeInviteCode } from '../../domain/invites';
import { COLLECTIONS } from '../../server/collections';
import type { Invite, Me, Result } from '../../typings';
import { ORG } from '../support/cases';
import { rawFind } from '../support/rawDb';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';
import type { TestCloud } from '../support/localcloud';

interface InviteData {
  invite: { code: string; qrUrl: string; qrUnavailable: string } | null;
}

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud({ env: { LOCALCLOUD_OPENAPI_DOWN: 'wxacode.getUnlimited' } });
});
afterAll(() => cloud?.stop());
beforeEach(() => {
  wxControl.reset();
  signIn(cloud.url, 'admin-1');
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

test('without a 小程序码 the invite is still made, the page says so, and its code binds', async () => {
  page = await loadPage<InviteData>('packageAdmin/invite/index', {
    query: { unitId: ORG.pingan, unitName: '平安社区' }
  });
  const invite = page as LoadedPage<InviteData>;
  await page.tapText('生成邀请码');
  await page.waitForText('有效期至');
  const code = invite.data.invite?.code ?? '';
  expect(code).toHaveLength(INVITE_CODE_LENGTH);
  expect(page.text()).toContain('小程序码暂时无法生成，请把邀请码发给对方');
  expect(page.text()).toContain(`${code.slice(0, 4)} ${code.slice(4)}`);
  expect(page.queryAll('.invite__qr')).toHaveLength(0);

  // The function answers the same: no QR, a hint in Chinese; the invite is stored without one.
  const res = await cloud.call<Result<Invite>>(
    'account',
    { action: 'createInvite', unitId: ORG.pingan, role: 'staff' },
    'admin-1'
  );
  expect(res).toMatchObject({ ok: true, data: { qrUrl: null, qrUnavailable: expect.stringMatching(/邀请码/) } });
  const [stored] = (await rawFind<Record<string, unknown>>(cloud, COLLECTIONS.invites, { _id: code })) ?? [];
  expect(stored).toMatchObject({ unitId: ORG.pingan, usedBy: null });
  expect(stored).not.toHaveProperty('qrFileId');

  // Typed in, the code binds.
  const me = await cloud.call<Result<Me>>('account', { action: 'redeemInvite', code, name: '赵六' }, 'qr-down-joiner');
  expect(me).toMatchObject({ ok: true, data: { role: 'staff', unitId: ORG.pingan, name: '赵六' } });
});

test('a scan hands the redeem page the scene URL-encoded; a share card the code; both read back', () => {
  expect(codeFromQuery({ scene: encodeURIComponent('ABCD2345') })).toBe('ABCD2345');
  expect(codeFromQuery({ scene: 'ABCD2345' })).toBe('ABCD2345');
  expect(codeFromQuery({ code: 'abcd-2345' })).toBe('ABCD2345');
  expect(codeFromQuery({ scene: encodeURIComponent('ABCD 2345') })).toBe('ABCD2345');
  expect(codeFromQuery({ scene: 'AB%CD2345' })).toBe('AB%CD2345'); // not encoded: read as is (and refused later)
  expect(codeFromQuery({})).toBe('');
});

test('every invite code fits a 小程序码 scene (at most 32 allowed characters); a longer one is refused', () => {
  let seed = 20261204;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 0; i < 1000; i++) {
    const code = makeInviteCode(random);
    expect(inviteScene(code)).toBe(code);
  }
  expect(INVITE_CODE_LENGTH).toBeLessThanOrEqual(WXACODE_SCENE_MAX);
  expect(() => inviteScene('A'.repeat(WXACODE_SCENE_MAX + 1))).toThrow(RangeError);
  expect(() => inviteScene('ABCD 2345')).toThrow(RangeError);
});
