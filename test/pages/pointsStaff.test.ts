/**
 * @jest-environment jsdom
 */
// 积分工作台: four tabs (申报 / 公示 / 商品 / 核销), only the active one rendered; approving a claim,
// staff pick the points within the deed's range and the resident gets exactly that.
import { LAST_COMMUNITY_STORAGE_KEY } from '../../miniprogram/config';
import type { TestCloud } from '../support/localcloud';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';
import { PINGAN, pointsOk, preparePoints, rid, staffOf } from '../functions/pointsHelpers';

let cloud: TestCloud;
let page: LoadedPage | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud();
  await preparePoints(cloud);
}, 60_000);
afterAll(() => cloud?.stop());
beforeEach(() => {
  wxControl.reset();
  as(staffOf(PINGAN));
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

function as(openid: string): void {
  signIn(cloud.url, openid);
  wxControl.storage.set(LAST_COMMUNITY_STORAGE_KEY, PINGAN);
}

async function openWorkbench(): Promise<LoadedPage> {
  page = await loadPage('packagePoints/staff/index');
  await page.waitFor(() => page!.data.status === 'ready');
  return page;
}

test('the four tabs, 申报 first; each tap shows that part only', async () => {
  const p = await openWorkbench();
  expect(p.queryAll('.staff__tab').map((t) => t.dom?.textContent?.replace(/（.*）/, ''))).toEqual([
    '申报',
    '公示',
    '商品',
    '核销'
  ]);
  expect(p.text()).toContain('待审核申报');
  expect(p.text()).not.toContain('直接发放积分');
  await p.tap('.staff__tab--notices');
  expect(p.text()).toContain('直接发放积分');
  expect(p.text()).not.toContain('待审核申报');
  await p.tap('.staff__tab--items');
  expect(p.text()).toContain('上架新商品');
  expect(p.text()).not.toContain('直接发放积分');
  await p.tap('.staff__tab--pickup');
  expect(p.text()).not.toContain('上架新商品');
  expect(p.text()).not.toContain('待审核申报');
  await p.tap('.staff__tab--claims');
  expect(p.text()).toContain('待审核申报');
});

test('approving with a chosen value awards exactly that value', async () => {
  const resident = `resident-ps-${rid().slice(0, 6)}`;
  const claim = await pointsOk(cloud, resident, 'claim', {
    deedType: 'bravery',
    communityId: PINGAN,
    text: `帮邻居搬家${rid().slice(0, 6)}`,
    requestId: rid()
  });
  const p = await openWorkbench();
  type Row = { claimId: string; chosen: number };
  const row = () => (p.data.claims as Row[]).find((c) => c.claimId === claim.claimId);
  await p.waitFor(() => row() !== undefined);
  // The newest claim is the first row; 50 suggested, three − taps make 47.
  expect((p.data.claims as Row[])[0].claimId).toBe(claim.claimId);
  for (let i = 0; i < 3; i++) await p.tap('.staff__minus >>> .t-button');
  expect(row()!.chosen).toBe(47);
  expect(p.text()).toContain('通过（47 分）');
  await p.tap('.staff__approve >>> .t-button');
  await p.waitFor(() => expect(wxControl.showToast).toHaveBeenCalled());
  const mine = await pointsOk(cloud, resident, 'claims', { scope: 'mine' });
  expect(mine.items.find((c) => c.claimId === claim.claimId)).toMatchObject({ points: 47 });
});
