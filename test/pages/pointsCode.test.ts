/**
 * @jest-environment jsdom
 */
// 积分码: the resident's 德分宝 home shows a short-lived random code as a QR (never the openid); staff
// scan it on the 积分工作台 and award points to whoever it names; a stale or made-up code is refused.
import { wxControl, loadPage, signIn, startLocalCloud, type LoadedPage } from '../support/simulate';
import type { TestCloud } from '../support/localcloud';
import { ORG, staffOf } from '../support/cases';
import type { Result } from '../../typings/result';
import type { PointsBalance, PointsCode } from '../../typings/points';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
beforeEach(() => wxControl.reset());
afterEach(() => {
  page?.unload();
  page = undefined;
});

const resident = 'resident-code-1';
const balance = async (): Promise<PointsBalance> => {
  const res = await cloud.call<Result<PointsBalance>>('points', { action: 'balance' }, resident);
  if (!res.ok) throw new Error(res.code);
  return res.data;
};

test('the home shows a code, not the openid; staff award points by scanning it', async () => {
  signIn(cloud.url, resident);
  page = await loadPage('packagePoints/home/index');
  await page.waitForText('我的积分码');
  const code = page.data.code as string;
  expect(code).toMatch(/^\d{16}$/);
  expect(page.text()).not.toContain(resident);
  expect(page.text()).toContain(code.replace(/(\d{4})(?=\d)/g, '$1 '));
  page.unload();

  // The staff page scans it (wx.scanCode answers the digits) and awards.
  signIn(cloud.url, staffOf(ORG.pingan));
  const award = await cloud.call<Result<unknown>>(
    'points',
    { action: 'award', code, points: 5, reason: '帮助邻居搬家', requestId: 'code-award-000001' },
    staffOf(ORG.pingan)
  );
  expect(award.ok).toBe(true);
  expect((await balance()).pending).toBe(5);
});

test('a stale or made-up code is refused with its code; nothing is awarded', async () => {
  const res = await cloud.call<Result<PointsCode>>('points', { action: 'myCode' }, 'resident-code-2');
  if (!res.ok) throw new Error(res.code);
  const give = (code: string, requestId: string) =>
    cloud.call<Result<unknown>>(
      'points',
      { action: 'award', code, points: 5, reason: '帮助邻居', requestId },
      staffOf(ORG.pingan)
    );
  expect(await give('1234567890123456', 'code-award-000002')).toMatchObject({ ok: false, code: 'POINTS_CODE_INVALID' });
  expect(await give('12ab', 'code-award-000003')).toMatchObject({ ok: false, code: 'POINTS_CODE_INVALID' });
  await cloud.advanceClock(11 * 60_000);
  expect(await give(res.data.code, 'code-award-000004')).toMatchObject({ ok: false, code: 'POINTS_CODE_INVALID' });
  const wallet = await cloud.call<Result<PointsBalance>>('points', { action: 'balance' }, 'resident-code-2');
  expect(wallet).toMatchObject({ ok: true, data: { pending: 0, balance: 0 } });
});
