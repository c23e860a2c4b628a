// The points function through the gateway, with the real SDK against the local cloud.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import type { PointsItemView, PointsOrderView } from '../../typings/points';
import {
  audit,
  awardNow,
  fund,
  GANGHUA,
  PINGAN,
  points,
  pointsOk,
  preparePoints,
  readAll,
  rid,
  secondStaffOf,
  staffOf
} from './pointsHelpers';
import { POINTS_COLLECTIONS as C } from '../../server/repos/points';

let cloud: TestCloud;
const staff = staffOf(PINGAN);
const otherStaff = staffOf(GANGHUA);

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: false });
  await preparePoints(cloud);
});
afterAll(() => cloud?.stop());

afterEach(async () => {
  expect((await audit(cloud)).breaches).toEqual([]);
});

const lastInvocation = async () => (await cloud.invocations(1))[0];

/** Entry, order and outcome counts and stock shards: what "nothing was written" compares. */
async function snapshot(): Promise<unknown> {
  const [entries, outcomes, items, claims, awards, waiting] = await Promise.all([
    readAll(cloud, C.ledger),
    readAll(cloud, C.outcomes),
    readAll<{ _id: string; stock: number }>(cloud, C.accounts, { itemId: { $exists: true } }),
    readAll(cloud, C.claims),
    readAll(cloud, C.awards),
    readAll(cloud, C.secondKeys)
  ]);
  return {
    entries: entries.length,
    outcomes: outcomes.length,
    stock: items.map((i) => [i._id, i.stock]),
    claims: claims.length,
    awards: awards.length,
    waiting: waiting.length
  };
}

async function addItem(
  fields: Partial<{ points: number; stock: number; monthlyLimit: number; name: string }> = {},
  communityId = PINGAN
): Promise<PointsItemView> {
  const res = await pointsOk(cloud, staffOf(communityId), 'items', {
    op: 'add',
    communityId,
    name: '洗衣液',
    points: 10,
    stock: 5,
    monthlyLimit: 2,
    requestId: rid(),
    ...fields
  });
  return res.item;
}

describe('earning: claims, approval, 公示', () => {
  test('a claim approved by community staff is pending for 3 days, then spendable with no further action', async () => {
    const claim = await pointsOk(cloud, 'resident-1', 'claim', {
      deedType: 'volunteer',
      communityId: PINGAN,
      text: '周末在社区清理楼道小广告',
      requestId: rid()
    });
    expect(claim).toMatchObject({ status: 'pending', deedLabel: '志愿服务', communityName: '平安社区' });
    const queue = await pointsOk(cloud, staff, 'claims', { scope: 'community' });
    expect(queue.items.map((c) => c.claimId)).toContain(claim.claimId);
    // The queue carries what approval may give (the deed rule), so the workbench keeps no copy of the table.
    expect(queue.items.find((c) => c.claimId === claim.claimId)?.pointsRange).toEqual({
      suggested: 5,
      min: 1,
      max: 20
    });

    const approved = await pointsOk(cloud, staff, 'approve', { claimId: claim.claimId, points: 8 });
    expect(approved).toMatchObject({ status: 'approved', points: 8 });
    expect(await pointsOk(cloud, 'resident-1', 'balance', {})).toMatchObject({ balance: 0, pending: 8 });
    const notice = (await pointsOk(cloud, 'resident-2', 'notices', { communityId: PINGAN })).items.find(
      (n) => n.awardId === approved.awardId
    );
    expect(notice).toMatchObject({
      status: 'notice',
      points: 8,
      title: '志愿服务',
      isMine: false,
      canObject: true,
      canRule: false
    });
    expect(JSON.stringify(notice)).not.toContain('resident-1');
    const own = (await pointsOk(cloud, 'resident-1', 'notices', { communityId: PINGAN })).items.find(
      (n) => n.awardId === approved.awardId
    );
    expect(own).toMatchObject({ isMine: true, canObject: false, canRule: false });

    await cloud.advanceClock(3 * 86_400_000 + 1000);
    expect(await pointsOk(cloud, 'resident-1', 'balance', {})).toMatchObject({ balance: 8, pending: 0 });
    const after = (await pointsOk(cloud, 'resident-2', 'notices', { communityId: PINGAN })).items.find(
      (n) => n.awardId === approved.awardId
    );
    expect(after).toMatchObject({ status: 'confirmed', canObject: false, canRule: false });
  });

  test('a repeated claim request stores one claim; refusal carries its reason', async () => {
    const req = { deedType: 'neighbour' as const, communityId: PINGAN, text: '帮邻居修水管', requestId: rid() };
    const [a, b] = await Promise.all([
      pointsOk(cloud, 'resident-3', 'claim', req),
      pointsOk(cloud, 'resident-3', 'claim', req)
    ]);
    expect(b.claimId).toBe(a.claimId);
    const refused = await pointsOk(cloud, staff, 'refuse', { claimId: a.claimId, reason: '未能核实' });
    expect(refused).toMatchObject({ status: 'refused', reason: '未能核实' });
    expect(await points(cloud, staff, 'approve', { claimId: a.claimId })).toMatchObject({
      ok: false,
      code: 'CLAIM_DECIDED'
    });
  });

  test('who may decide: not the claimant, not another community, not a resident; points within the rule', async () => {
    const own = await pointsOk(cloud, staff, 'claim', {
      deedType: 'volunteer',
      communityId: PINGAN,
      text: '我自己做的好事',
      requestId: rid()
    });
    const other = await pointsOk(cloud, 'resident-1', 'claim', {
      deedType: 'bravery',
      communityId: PINGAN,
      text: '救起落水儿童',
      requestId: rid()
    });
    const before = await snapshot();
    expect(await points(cloud, staff, 'approve', { claimId: own.claimId })).toMatchObject({
      ok: false,
      code: 'OWN_CLAIM'
    });
    expect(await points(cloud, otherStaff, 'approve', { claimId: other.claimId })).toMatchObject({
      ok: false,
      code: 'NOT_COMMUNITY_STAFF'
    });
    expect(await points(cloud, 'resident-2', 'approve', { claimId: other.claimId })).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
    expect(await points(cloud, staff, 'approve', { claimId: other.claimId, points: 500 })).toMatchObject({
      ok: false,
      code: 'AWARD_OUT_OF_RANGE'
    });
    expect(await points(cloud, staff, 'approve', { claimId: other.claimId, points: 5 })).toMatchObject({
      ok: false,
      code: 'AWARD_OUT_OF_RANGE'
    });
    expect(await points(cloud, staff, 'approve', { claimId: 'claim-nope' })).toMatchObject({
      ok: false,
      code: 'CLAIM_NOT_FOUND'
    });
    expect(await snapshot()).toEqual(before);
  });

  test('bad claims get their own codes', async () => {
    const base = { deedType: 'volunteer', communityId: PINGAN, text: '好事', requestId: rid() };
    expect(await cloud.call('points', { action: 'claim', ...base, deedType: 'robbery' }, 'resident-1')).toMatchObject({
      code: 'UNKNOWN_DEED_TYPE'
    });
    expect(
      await cloud.call('points', { action: 'claim', ...base, communityId: '500104001000' }, 'resident-1')
    ).toMatchObject({ code: 'UNKNOWN_COMMUNITY' });
    expect(
      await cloud.call('points', { action: 'claim', ...base, text: '好'.repeat(501) }, 'resident-1')
    ).toMatchObject({ code: 'DESCRIPTION_TOO_LONG' });
    expect(
      await cloud.call('points', { action: 'claim', ...base, photos: Array(7).fill('cloud://x/p.jpg') }, 'resident-1')
    ).toMatchObject({ code: 'TOO_MANY_PHOTOS' });
  });
});

describe('the workbench', () => {
  test('balance says whose 积分工作台 the caller runs: staff of a village/community, nobody else', async () => {
    expect((await pointsOk(cloud, staff, 'balance', {})).workbench).toEqual({
      communityId: PINGAN,
      communityName: '平安社区'
    });
    expect((await pointsOk(cloud, otherStaff, 'balance', {})).workbench).toEqual({
      communityId: GANGHUA,
      communityName: '钢花社区'
    });
    expect((await pointsOk(cloud, 'resident-1', 'balance', {})).workbench).toBeNull();
    // An admin bound to no community has none, as the workbench's own actions say.
    expect((await pointsOk(cloud, 'admin-points', 'balance', {})).workbench).toBeNull();
    expect(await points(cloud, 'admin-points', 'claims', { scope: 'community' })).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
    expect(await points(cloud, 'admin-points', 'approve', { claimId: 'any-claim' })).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
  });
});

describe('direct awards and caps', () => {
  test('an award over the daily cap is refused and writes nothing; the same request twice awards once', async () => {
    const req = { openid: 'resident-cap', points: 60, reason: '协助社区防汛', requestId: rid() };
    const first = await awardNow(cloud, PINGAN, req);
    expect(await pointsOk(cloud, staff, 'award', req)).toMatchObject({ awardId: first.awardId });
    const before = await snapshot();
    expect(await points(cloud, staff, 'award', { ...req, points: 41, requestId: rid() })).toMatchObject({
      ok: false,
      code: 'DAILY_CAP_EXCEEDED'
    });
    expect(await points(cloud, staff, 'award', { ...req, points: 101, requestId: rid() })).toMatchObject({
      ok: false,
      code: 'AWARD_OUT_OF_RANGE'
    });
    expect(await points(cloud, staff, 'award', { ...req, points: 0, requestId: rid() })).toMatchObject({
      ok: false,
      code: 'POINTS_INVALID'
    });
    expect(await points(cloud, staff, 'award', { ...req, openid: staff, requestId: rid() })).toMatchObject({
      ok: false,
      code: 'OWN_AWARD'
    });
    expect(await points(cloud, 'resident-1', 'award', { ...req, requestId: rid() })).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
    expect(await snapshot()).toEqual(before);
    expect(await pointsOk(cloud, 'resident-cap', 'balance', {})).toMatchObject({ pending: 60 });
  });

  test('the monthly cap holds across days', async () => {
    // Start early in a Shanghai month so that the three days below share it.
    const now = Date.now() + (await cloudOffset());
    const shanghai = new Date(now + 8 * 3600_000);
    if (shanghai.getUTCDate() > 25)
      await cloud.advanceClock(
        Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth() + 1, 1, 10) - 8 * 3600_000 - now
      );
    const who = `resident-month-${rid()}`;
    for (let day = 0; day < 3; day++) {
      await awardNow(cloud, PINGAN, { openid: who, points: 100, reason: '长期志愿服务', requestId: rid() });
      await cloud.advanceClock(86_400_000);
    }
    expect(
      await points(cloud, staff, 'award', { openid: who, points: 1, reason: '再奖励', requestId: rid() })
    ).toMatchObject({ ok: false, code: 'MONTHLY_CAP_EXCEEDED' });
  });

  test('two staff approving one claim at once: one award', async () => {
    await preparePoints(cloud, [PINGAN]);
    const claim = await pointsOk(cloud, 'resident-1', 'claim', {
      deedType: 'environment',
      communityId: PINGAN,
      text: '捡拾河边垃圾',
      requestId: rid()
    });
    const results = await Promise.all([
      points(cloud, staff, 'approve', { claimId: claim.claimId }),
      points(cloud, secondStaffOf(PINGAN), 'approve', { claimId: claim.claimId })
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(['CLAIM_DECIDED']);
    const awards = await readAll(cloud, C.awards, { _id: `claim-${claim.claimId}` });
    expect(awards).toHaveLength(1);
  });
});

describe('objections', () => {
  test('an objection holds the points past the notice; upheld takes them back', async () => {
    const award = await awardNow(cloud, PINGAN, {
      openid: 'resident-obj',
      points: 30,
      reason: '调解邻里纠纷',
      requestId: rid()
    });
    expect(await points(cloud, 'resident-obj', 'object', { awardId: award.awardId, reason: '不实' })).toMatchObject({
      ok: false,
      code: 'OBJECT_OWN'
    });
    const objected = await pointsOk(cloud, 'resident-2', 'object', {
      awardId: award.awardId,
      reason: '该纠纷并非其调解'
    });
    expect(objected).toMatchObject({ status: 'objected', objections: 1 });
    expect(await points(cloud, 'resident-2', 'object', { awardId: award.awardId, reason: '再次异议' })).toMatchObject({
      ok: false,
      code: 'ALREADY_OBJECTED'
    });
    // Each viewer's notice says what they may do: the objector may not object twice, others may still;
    // the community's staff and admins may rule, other communities' staff may not.
    const rights = async (openid: string) => {
      const n = (await pointsOk(cloud, openid, 'notices', { communityId: PINGAN })).items.find(
        (x) => x.awardId === award.awardId
      );
      return { canObject: n?.canObject, canRule: n?.canRule };
    };
    expect(await rights('resident-2')).toEqual({ canObject: false, canRule: false });
    expect(await rights('resident-3')).toEqual({ canObject: true, canRule: false });
    expect(await rights('resident-obj')).toEqual({ canObject: false, canRule: false });
    expect(await rights(staff)).toEqual({ canObject: true, canRule: true });
    expect(await rights('admin-points')).toEqual({ canObject: true, canRule: false });
    expect(await rights(otherStaff)).toEqual({ canObject: true, canRule: false });
    await cloud.advanceClock(4 * 86_400_000);
    expect(await pointsOk(cloud, 'resident-obj', 'balance', {})).toMatchObject({ balance: 0, pending: 30 });
    expect(
      await points(cloud, otherStaff, 'ruling', { awardId: award.awardId, upheld: true, note: '核实' })
    ).toMatchObject({ ok: false, code: 'NOT_COMMUNITY_STAFF' });
    const ruled = await pointsOk(cloud, staff, 'ruling', {
      awardId: award.awardId,
      upheld: true,
      note: '经核实异议成立'
    });
    expect(ruled).toMatchObject({ status: 'revoked', ruling: { upheld: true } });
    expect(await pointsOk(cloud, 'resident-obj', 'balance', {})).toMatchObject({ balance: 0, pending: 0 });
    const ledger = await pointsOk(cloud, 'resident-obj', 'ledger', {});
    expect(ledger.items.map((e) => [e.kind, e.points])).toEqual([
      ['adjust', -30],
      ['earn', 30]
    ]);
    expect(
      await points(cloud, staff, 'ruling', { awardId: award.awardId, upheld: false, note: '再裁定' })
    ).toMatchObject({ ok: false, code: 'NO_OBJECTION' });
    expect(await rights(staff)).toEqual({ canObject: false, canRule: false });
  });

  test('a dismissed objection releases the points; objections after the notice are refused', async () => {
    const award = await pointsOk(cloud, staff, 'award', {
      openid: 'resident-obj2',
      points: 20,
      reason: '孝老爱亲',
      requestId: rid()
    });
    await pointsOk(cloud, 'resident-3', 'object', { awardId: award.awardId, reason: '有疑问' });
    await pointsOk(cloud, staff, 'ruling', { awardId: award.awardId, upheld: false, note: '经核实属实' });
    expect(await pointsOk(cloud, 'resident-obj2', 'balance', {})).toMatchObject({ balance: 0, pending: 20 });
    await cloud.advanceClock(3 * 86_400_000 + 1000);
    expect(await pointsOk(cloud, 'resident-obj2', 'balance', {})).toMatchObject({ balance: 20, pending: 0 });
    expect(await points(cloud, 'resident-1', 'object', { awardId: award.awardId, reason: '迟到的异议' })).toMatchObject(
      { ok: false, code: 'NOTICE_ENDED' }
    );
  });
});

describe('the shop', () => {
  let item: PointsItemView;
  const buyer = 'resident-buyer';
  beforeAll(async () => {
    item = await addItem({ points: 10, stock: 4, monthlyLimit: 3, name: '大米5kg' });
    await fund(cloud, [buyer, 'resident-buyer2'], 100);
  });

  test('redeem: one transaction of 6 requests, a 12-digit pickup code, and the same requestId gives the same order', async () => {
    const requestId = rid();
    // As a resident does: the shop first (which also brings this instance's reference data up to date).
    await pointsOk(cloud, buyer, 'shop', { communityId: PINGAN });
    const order = await pointsOk(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 2, requestId });
    expect(order).toMatchObject({ status: 'placed', points: 20, quantity: 2, itemName: '大米5kg' });
    expect(order.pickupCode).toMatch(/^\d{12}$/);
    const inv = await lastInvocation();
    expect(inv).toMatchObject({ action: 'redeem', ok: true });
    // startTransaction, take from a shard, read the wallet with every shard, add the entry (the order,
    // claiming its pickup code), set the wallet, commitTransaction.
    expect(inv.dbRequests).toBe(6);
    const [again1, again2] = await Promise.all([
      pointsOk(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 2, requestId }),
      pointsOk(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 2, requestId })
    ]);
    expect(again1.orderId).toBe(order.orderId);
    expect(again2.orderId).toBe(order.orderId);
    expect(await points(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 1, requestId })).toMatchObject({
      ok: false,
      code: 'REQUEST_REUSED'
    });
    expect(await pointsOk(cloud, buyer, 'balance', {})).toMatchObject({ balance: 80 });
    const shop = await pointsOk(cloud, buyer, 'shop', { communityId: PINGAN });
    expect(shop.items.find((i) => i.itemId === item.itemId)?.stock).toBe(2);
  });

  test('bad quantities, unknown and expired items, the monthly limit and stock: each its code, nothing written', async () => {
    // Its own item and buyers, two of the three a month already bought: the test stands alone.
    const item = await addItem({ points: 10, stock: 4, monthlyLimit: 3, name: '大米5kg' });
    const buyer = 'resident-limits-1';
    await fund(cloud, [buyer, 'resident-limits-2'], 100);
    await pointsOk(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 2, requestId: rid() });
    const before = await snapshot();
    for (const quantity of [0, -1, 1.5, 1e9, '2', null]) {
      expect(
        await cloud.call('points', { action: 'redeem', itemId: item.itemId, quantity, requestId: rid() }, buyer)
      ).toMatchObject({ ok: false, code: 'QUANTITY_INVALID' });
    }
    expect(await points(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 21, requestId: rid() })).toMatchObject(
      { ok: false, code: 'QUANTITY_INVALID' }
    );
    expect(await points(cloud, buyer, 'redeem', { itemId: 'item-nope', quantity: 1, requestId: rid() })).toMatchObject({
      ok: false,
      code: 'ITEM_NOT_FOUND'
    });
    expect(await points(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 2, requestId: rid() })).toMatchObject({
      ok: false,
      code: 'MONTHLY_LIMIT_REACHED'
    });
    expect(
      await points(cloud, 'resident-limits-2', 'redeem', { itemId: item.itemId, quantity: 3, requestId: rid() })
    ).toMatchObject({ ok: false, code: 'OUT_OF_STOCK' });
    expect(
      await points(cloud, 'resident-poor', 'redeem', { itemId: item.itemId, quantity: 1, requestId: rid() })
    ).toMatchObject({ ok: false, code: 'INSUFFICIENT_POINTS' });
    const expired = await addItem({ name: '月饼' });
    await pointsOk(cloud, staff, 'items', {
      op: 'edit',
      itemId: expired.itemId,
      availableUntil: new Date(Date.now() - 86_400_000).toISOString()
    });
    const off = await addItem({ name: '雨伞' });
    await pointsOk(cloud, staff, 'items', { op: 'edit', itemId: off.itemId, status: 'off' });
    const mid = await snapshot();
    expect(
      await points(cloud, buyer, 'redeem', { itemId: expired.itemId, quantity: 1, requestId: rid() })
    ).toMatchObject({ ok: false, code: 'ITEM_EXPIRED' });
    expect(await points(cloud, buyer, 'redeem', { itemId: off.itemId, quantity: 1, requestId: rid() })).toMatchObject({
      ok: false,
      code: 'ITEM_OFF_SHELF'
    });
    expect(await snapshot()).toEqual(mid);
    expect((before as { entries: number }).entries).toBe((mid as { entries: number }).entries);
    // Residents do not see them; staff managing the shop do.
    const visible = (await pointsOk(cloud, buyer, 'shop', { communityId: PINGAN })).items.map((i) => i.itemId);
    expect(visible).not.toContain(expired.itemId);
    expect(visible).not.toContain(off.itemId);
    expect(
      (await pointsOk(cloud, staff, 'shop', { communityId: PINGAN, all: true })).items.map((i) => i.itemId)
    ).toContain(off.itemId);
    expect(await points(cloud, buyer, 'shop', { communityId: PINGAN, all: true })).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
  });

  test('a request older than the recent window still finds its order', async () => {
    const cheap = await addItem({ points: 1, stock: 100, monthlyLimit: 50, name: '便民袋' });
    await fund(cloud, ['resident-old'], 100);
    const requestId = rid();
    const first = await pointsOk(cloud, 'resident-old', 'redeem', { itemId: cheap.itemId, quantity: 1, requestId });
    // 20 later redemptions push the first request out of the account's recent list; its repeat still finds it.
    for (let i = 0; i < 20; i++)
      await pointsOk(cloud, 'resident-old', 'redeem', { itemId: cheap.itemId, quantity: 1, requestId: rid() });
    expect(
      await pointsOk(cloud, 'resident-old', 'redeem', { itemId: cheap.itemId, quantity: 1, requestId })
    ).toMatchObject({ orderId: first.orderId, pickupCode: first.pickupCode });
    expect(
      await points(cloud, 'resident-old', 'redeem', { itemId: cheap.itemId, quantity: 2, requestId })
    ).toMatchObject({ ok: false, code: 'REQUEST_REUSED' });
  });

  test('items: only the community staff manage them; restock is idempotent', async () => {
    expect(
      await points(cloud, otherStaff, 'items', { op: 'restock', itemId: item.itemId, quantity: 5, requestId: rid() })
    ).toMatchObject({ ok: false, code: 'NOT_COMMUNITY_STAFF' });
    expect(
      await points(cloud, 'resident-1', 'items', {
        op: 'add',
        communityId: PINGAN,
        name: 'x',
        points: 1,
        stock: 1,
        monthlyLimit: 1,
        requestId: rid()
      })
    ).toMatchObject({ ok: false, code: 'NOT_STAFF' });
    const requestId = rid();
    const a = await pointsOk(cloud, staff, 'items', { op: 'restock', itemId: item.itemId, quantity: 5, requestId });
    const b = await pointsOk(cloud, staff, 'items', { op: 'restock', itemId: item.itemId, quantity: 5, requestId });
    expect(b.item.stock).toBe(a.item.stock);
  });
});

describe('orders: cancel and verify', () => {
  let order: PointsOrderView;
  const owner = 'resident-orders';
  beforeAll(async () => {
    const item = await addItem({ points: 15, stock: 10, monthlyLimit: 5, name: '食用油' });
    await fund(cloud, [owner], 90);
    order = await pointsOk(cloud, owner, 'redeem', { itemId: item.itemId, quantity: 2, requestId: rid() });
  });

  test("another resident's order cannot be cancelled; the owner's refunds and restocks, once", async () => {
    const before = await snapshot();
    expect(await points(cloud, 'resident-1', 'cancel', { orderId: order.orderId })).toMatchObject({
      ok: false,
      code: 'ORDER_NOT_FOUND'
    });
    expect(await points(cloud, owner, 'cancel', { orderId: `order-${'0'.repeat(24)}` })).toMatchObject({
      ok: false,
      code: 'ORDER_NOT_FOUND'
    });
    expect(await snapshot()).toEqual(before);
    const balance = (await pointsOk(cloud, owner, 'balance', {})).balance;
    const cancelled = await pointsOk(cloud, owner, 'cancel', { orderId: order.orderId });
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    expect((await pointsOk(cloud, owner, 'balance', {})).balance).toBe(balance + 30);
    expect(await points(cloud, owner, 'cancel', { orderId: order.orderId })).toMatchObject({
      ok: false,
      code: 'ORDER_CANCELLED'
    });
    expect(await points(cloud, staff, 'verify', { pickupCode: order.pickupCode })).toMatchObject({
      ok: false,
      code: 'ORDER_CANCELLED'
    });
    expect(await points(cloud, staff, 'verify', { pickupCode: order.pickupCode, confirm: true })).toMatchObject({
      ok: false,
      code: 'ORDER_CANCELLED'
    });
    expect((await pointsOk(cloud, owner, 'orders', {})).items.find((o) => o.orderId === order.orderId)?.status).toBe(
      'cancelled'
    );
  });

  test('verify with confirm marks an order collected once; a collected order cannot be cancelled', async () => {
    const item = await addItem({ points: 5, stock: 3, monthlyLimit: 3, name: '抽纸' });
    const o = await pointsOk(cloud, owner, 'redeem', { itemId: item.itemId, quantity: 1, requestId: rid() });
    expect(await points(cloud, otherStaff, 'verify', { pickupCode: o.pickupCode })).toMatchObject({
      ok: false,
      code: 'ORDER_NOT_FOUND'
    });
    expect(await points(cloud, owner, 'verify', { pickupCode: o.pickupCode })).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
    expect(await points(cloud, staff, 'verify', { pickupCode: '123456' })).toMatchObject({
      ok: false,
      code: 'PICKUP_CODE_INVALID'
    });
    expect(await pointsOk(cloud, staff, 'verify', { pickupCode: o.pickupCode, confirm: true })).toMatchObject({
      status: 'collected',
      orderId: o.orderId
    });
    const before = await snapshot();
    expect(await points(cloud, staff, 'verify', { pickupCode: o.pickupCode, confirm: true })).toMatchObject({
      ok: false,
      code: 'ORDER_COLLECTED'
    });
    expect(await points(cloud, owner, 'cancel', { orderId: o.orderId })).toMatchObject({
      ok: false,
      code: 'ORDER_COLLECTED'
    });
    expect(await snapshot()).toEqual(before);
  });

  test('cancel and verify racing: exactly one wins', async () => {
    const item = await addItem({ points: 5, stock: 20, monthlyLimit: 20, name: '肥皂' });
    await fund(cloud, ['resident-race'], 100);
    for (let i = 0; i < 5; i++) {
      const o = await pointsOk(cloud, 'resident-race', 'redeem', {
        itemId: item.itemId,
        quantity: 1,
        requestId: rid()
      });
      const [c, v] = await Promise.all([
        points(cloud, 'resident-race', 'cancel', { orderId: o.orderId }),
        points(cloud, staff, 'verify', { pickupCode: o.pickupCode, confirm: true })
      ]);
      expect([c.ok, v.ok].filter(Boolean)).toHaveLength(1);
    }
  });
});

describe('expiry', () => {
  test('points lapse at the end of the following year: the balance drops at once, the nightly run writes the entries', async () => {
    const who = 'resident-expiry';
    await fund(cloud, [who], 40);
    const now = new Date(Date.now() + (await cloudOffset()));
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
    const lapse = Date.UTC(year + 2, 0, 1) - 8 * 3600_000;
    await cloud.advanceClock(lapse - now.getTime() + 60_000);
    expect(await pointsOk(cloud, who, 'balance', {})).toMatchObject({ balance: 0, pending: 0 });
    const swept = (await cloud.trigger('points')) as { ok: boolean; result: { accounts: number; points: number } };
    expect(swept.ok).toBe(true);
    expect(swept.result.accounts).toBeGreaterThan(0);
    const ledger = await pointsOk(cloud, who, 'ledger', {});
    expect(ledger.items[0]).toMatchObject({ kind: 'expire', points: -40, balanceAfter: 0 });
    expect((await cloud.trigger('points')) as { result: { accounts: number } }).toMatchObject({
      result: { accounts: 0 }
    });
  });
});

async function cloudOffset(): Promise<number> {
  const res = await cloud.request('GET', '/__emulator/clock');
  return (res.body as { offsetMs: number }).offsetMs;
}
