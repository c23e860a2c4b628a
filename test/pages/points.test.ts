/**
 * @jest-environment jsdom
 */
// 德分宝 pages against the real local cloud: a resident sees their points, redeems an item, gets a
// pickup code (digits and QR), and staff look it up, then collect it; a second staff member confirms
// an award above the threshold; plus the page labels match the domain's.
import { LAST_COMMUNITY_STORAGE_KEY } from '../../miniprogram/config';
import {
  CLAIM_LABELS,
  DEED_OPTIONS,
  ENTRY_LABELS,
  NOTICE_LABELS,
  ORDER_LABELS
} from '../../miniprogram/packagePoints/common';
import { CLAIM_STATUSES, NOTICE_STATUSES } from '../../domain/points/notice';
import { ENTRY_KINDS } from '../../domain/points/ledger';
import { ORDER_STATUSES } from '../../domain/points/shop';
import { DEED_RULES, DEED_TYPES } from '../../domain/points/rules';
import type { TestCloud } from '../support/localcloud';
import { loadPage, signIn, startLocalCloud, wxControl, type LoadedPage } from '../support/simulate';
import {
  fund,
  GANGHUA,
  PINGAN,
  pointsOk,
  preparePoints,
  rid,
  secondStaffOf,
  staffOf
} from '../functions/pointsHelpers';

let cloud: TestCloud;
let page: LoadedPage | undefined;
const resident = 'resident-pages';
/** One buyer per ordering test (the item's monthly limit is 2), so each test runs alone and in any order. */
const buyers = { page: 'resident-pages-b1', orders: 'resident-pages-b2', collect: 'resident-pages-b3' };
/** An order of 环保袋 ×2 placed by `buyer` through the points function. */
async function placeOrder(buyer: string): Promise<{ orderId: string; pickupCode: string }> {
  const { orderId } = await pointsOk(cloud, buyer, 'redeem', { itemId, quantity: 2, requestId: rid() });
  return { orderId, pickupCode: (await pointsOk(cloud, buyer, 'order', { orderId })).pickupCode };
}
let itemId = '';
/** The 7 points still in 公示 for `resident`. */
let awardId = '';

beforeAll(async () => {
  cloud = await startLocalCloud();
  await preparePoints(cloud);
  itemId = (
    await pointsOk(cloud, staffOf(PINGAN), 'items', {
      op: 'add',
      communityId: PINGAN,
      name: '环保袋',
      points: 10,
      stock: 8,
      monthlyLimit: 2,
      requestId: rid()
    })
  ).itemId;
  await fund(cloud, [resident, ...Object.values(buyers)], 50);
  awardId = (
    await pointsOk(cloud, staffOf(PINGAN), 'award', {
      openid: resident,
      points: 7,
      reason: '清理楼道',
      requestId: rid()
    })
  ).awardId;
}, 60_000);
afterAll(() => cloud?.stop());
beforeEach(() => {
  wxControl.reset();
  as(resident);
});
afterEach(() => {
  page?.unload();
  page = undefined;
});

function as(openid: string): void {
  signIn(cloud.url, openid);
  wxControl.storage.set(LAST_COMMUNITY_STORAGE_KEY, PINGAN);
}

describe('resident', () => {
  test('the points home shows what is spendable and what is still in 公示', async () => {
    page = await loadPage('packagePoints/home/index');
    await page.waitForText('可用德分');
    expect(page.text()).toContain('50');
    expect(page.text()).toContain('公示中 7 分');
    expect(page.text()).toContain('积分商城');
  });

  test('redeem from the item page: confirm, then the pickup code as digits and the buyer tag', async () => {
    as(buyers.page);
    page = await loadPage('packagePoints/item/index', { query: { itemId, communityId: PINGAN } });
    await page.waitForText('环保袋');
    await page.tapText('＋');
    await page.waitForText('20 德分');
    await page.tapText('立即兑换');
    await page.waitFor(() => expect(wxControl.redirectTo).toHaveBeenCalled());
    const url = String((wxControl.redirectTo.mock.calls[0][0] as { url: string }).url);
    const orderId = decodeURIComponent(url.split('orderId=')[1]);
    expect(orderId).toMatch(/^order-[0-9a-f]{24}$/);
    page.unload();

    page = await loadPage('packagePoints/order/index', { query: { orderId } });
    await page.waitForText('待领取');
    const order = await pointsOk(cloud, buyers.page, 'order', { orderId });
    const { pickupCode } = order;
    expect(pickupCode).toMatch(/^\d{12}$/);
    expect(page.text()).toContain(`${pickupCode.slice(0, 4)} ${pickupCode.slice(4, 8)} ${pickupCode.slice(8)}`);
    expect(page.text()).toContain(order.buyerTag);
    expect(page.text()).toContain('平安社区');
  });

  test('my orders and the ledger list it', async () => {
    await placeOrder(buyers.orders);
    as(buyers.orders);
    page = await loadPage('packagePoints/orders/index');
    await page.waitForText('环保袋 ×2');
    expect(page.text()).toContain('待领取');
    page.unload();
    page = await loadPage('packagePoints/ledger/index');
    await page.waitForText('兑换 环保袋 ×2');
    expect(page.text()).toContain('−20');
  });

  test('staff look the code up (item, quantity, buyer tag; nothing collected), then collect it; the order shows as collected', async () => {
    const { orderId, pickupCode } = await placeOrder(buyers.collect);
    as(staffOf(PINGAN));
    page = await loadPage('packagePoints/staff/index');
    await page.waitFor(() => page!.data.status === 'ready');
    await page.tap('.staff__tab--pickup');
    await page.waitForText('核销取货');
    await page.typeInto('.staff__code', pickupCode);
    await page.waitFor(() => page!.data.pickupCode === pickupCode);
    await page.tapText('查询订单');
    const { buyerTag } = await pointsOk(cloud, buyers.collect, 'order', { orderId });
    await page.waitForText(`兑换人标识 ${buyerTag}`);
    expect(page.text()).toContain('环保袋 ×2');
    expect(await pointsOk(cloud, buyers.collect, 'order', { orderId })).toMatchObject({ status: 'placed' });
    await page.tapText('确认核销');
    await page.waitFor(() =>
      expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '核销成功' }))
    );
    expect(page.text()).toContain('已核销：环保袋 ×2');
    page.unload();
    as(buyers.collect);
    page = await loadPage('packagePoints/order/index', { query: { orderId } });
    await page.waitForText('已领取');
  });

  test('a claim from the form reaches the staff queue', async () => {
    page = await loadPage('packagePoints/claim/index');
    await page.waitFor(() => page!.query('.claim__deed') !== undefined);
    page.query('.claim__deed')!.dispatchEvent('change', { detail: { value: 0 } });
    await page.typeInto('.claim__text', '陪社区老人去医院复诊');
    await page.waitFor(() => page!.data.communityId === PINGAN && page!.data.text !== '');
    await page.tapText('提交申报');
    await page.waitFor(() =>
      expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交待审核' }))
    );
    await page.waitForText('待审核');
    const queue = await pointsOk(cloud, staffOf(PINGAN), 'claims', { scope: 'community' });
    expect(queue.items.map((c) => c.text)).toContain('陪社区老人去医院复诊');
  });
});

describe('who may do what: the points function says, the pages follow', () => {
  test('the 积分工作台 entry shows to a community’s staff only, and the workbench agrees', async () => {
    page = await loadPage('packagePoints/home/index');
    await page.waitForText('可用德分');
    expect(page.text()).not.toContain('积分工作台');
    page.unload();

    as(staffOf(PINGAN));
    page = await loadPage('packagePoints/home/index');
    await page.waitForText('积分工作台');
    page.unload();

    // An admin bound to no village/community runs no workbench: no entry, and the page says why.
    as('admin-points');
    page = await loadPage('packagePoints/home/index');
    await page.waitForText('可用德分');
    expect(page.text()).not.toContain('积分工作台');
    page.unload();
    page = await loadPage('packagePoints/staff/index');
    await page.waitForText('积分工作台仅限村（社区）工作人员使用');
  });

  test('the workbench shows each claim with its deed’s range and suggested points, as the server sends them', async () => {
    await pointsOk(cloud, 'resident-2', 'claim', {
      deedType: 'bravery',
      communityId: PINGAN,
      text: '救起落水儿童',
      requestId: rid()
    });
    as(staffOf(PINGAN));
    page = await loadPage('packagePoints/staff/index');
    await page.waitForText('见义勇为（20–100 分）');
    expect(page.text()).toContain('通过（50 分）');
  });

  test('approving, staff choose the points within the deed’s range; the claim gets exactly those', async () => {
    const claim = await pointsOk(cloud, 'resident-2', 'claim', {
      deedType: 'bravery',
      communityId: PINGAN,
      text: `扶起摔倒老人${rid().slice(0, 6)}`,
      requestId: rid()
    });
    as(staffOf(PINGAN));
    page = await loadPage('packagePoints/staff/index');
    type Row = { claimId: string; min: number; max: number; chosen: number; choose: boolean };
    const rows = () => page!.data.claims as Row[];
    await page.waitFor(() => rows().some((c) => c.claimId === claim.claimId));
    const row = () => rows().find((c) => c.claimId === claim.claimId)!;
    expect(row()).toMatchObject({ min: 20, max: 100, chosen: 50, choose: true });
    // The newest claim is the first row: its − / + and 通过 are the first on the page.
    expect(rows()[0].claimId).toBe(claim.claimId);
    await page.tap('.staff__plus >>> .t-button');
    await page.tap('.staff__plus >>> .t-button');
    expect(row().chosen).toBe(52);
    for (let i = 0; i < 60; i++) await page.tap('.staff__plus >>> .t-button');
    expect(row().chosen).toBe(100); // never beyond the range
    for (let i = 0; i < 90; i++) await page.tap('.staff__minus >>> .t-button');
    expect(row().chosen).toBe(20); // nor under it
    // 20: not above the second-key threshold, so the approval takes effect at once.
    await page.tap('.staff__approve >>> .t-button');
    await page.waitFor(() => expect(wxControl.showToast).toHaveBeenCalled());
    const mine = await pointsOk(cloud, 'resident-2', 'claims', { scope: 'mine' });
    expect(mine.items.find((c) => c.claimId === claim.claimId)).toMatchObject({ status: 'approved', points: 20 });
  });

  test('an award above the threshold waits on the workbench: the proposer cannot confirm it, a second staff member does', async () => {
    const made = await pointsOk(cloud, staffOf(PINGAN), 'award', {
      openid: 'resident-3',
      points: 30,
      reason: '抗洪抢险',
      requestId: rid()
    });
    expect(made.status).toBe('awaiting');
    as(staffOf(PINGAN));
    page = await loadPage('packagePoints/staff/index');
    await page.waitFor(() => page!.data.status === 'ready');
    await page.tap('.staff__tab--notices');
    await page.waitForText('待复核奖励（1）');
    expect(page.text()).toContain('由您发起，需另一位工作人员复核');
    expect(page.text()).not.toContain('复核通过');
    page.unload();

    as(secondStaffOf(PINGAN));
    page = await loadPage('packagePoints/staff/index');
    await page.waitFor(() => page!.data.status === 'ready');
    await page.tap('.staff__tab--notices');
    await page.waitForText('抗洪抢险');
    await page.tapText('复核通过');
    await page.waitFor(() =>
      expect(wxControl.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已复核' }))
    );
    await page.waitFor(() => !page!.text().includes('待复核奖励'));
    const notices = await pointsOk(cloud, 'resident-1', 'notices', { communityId: PINGAN });
    expect(notices.items.find((n) => n.awardId === made.awardId)).toMatchObject({ status: 'notice', points: 30 });
  });

  test('公示: 提出异议 for others’ awards; 异议成立/不成立 for the community’s staff once objected', async () => {
    const row = () =>
      (page!.data.items as Array<{ awardId: string; canObject: boolean; canRule: boolean }>).find(
        (r) => r.awardId === awardId
      );
    const open = async (openid: string) => {
      page?.unload();
      as(openid);
      page = await loadPage('packagePoints/notices/index');
      await page.waitFor(() => row() !== undefined);
      return row()!;
    };
    expect(await open(resident)).toMatchObject({ canObject: false, canRule: false });
    expect(await open('resident-2')).toMatchObject({ canObject: true, canRule: false });
    expect(page!.text()).toContain('提出异议');

    await pointsOk(cloud, 'resident-2', 'object', { awardId, reason: '并非其清理' });
    expect(await open(staffOf(GANGHUA))).toMatchObject({ canRule: false });
    expect(page!.text()).not.toContain('异议成立');
    expect(await open(staffOf(PINGAN))).toMatchObject({ canRule: true });
    expect(page!.text()).toContain('异议成立');
    expect(page!.text()).toContain('异议不成立');
  });
});

describe('labels', () => {
  test('the pages label every code the domain has, with the domain deed rules', () => {
    expect(DEED_OPTIONS.map((d) => d.value)).toEqual([...DEED_TYPES]);
    for (const d of DEED_OPTIONS)
      expect({ label: d.label, points: d.points, min: d.min, max: d.max }).toEqual(DEED_RULES[d.value]);
    expect(Object.keys(ENTRY_LABELS).sort()).toEqual([...ENTRY_KINDS].sort());
    expect(Object.keys(ORDER_LABELS).sort()).toEqual([...ORDER_STATUSES].sort());
    expect(Object.keys(NOTICE_LABELS).sort()).toEqual([...NOTICE_STATUSES].sort());
    expect(Object.keys(CLAIM_LABELS).sort()).toEqual([...CLAIM_STATUSES].sort());
  });
});
