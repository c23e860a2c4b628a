// Issue 10's points holes through the gateway: staff never award staff, awards above the threshold need
// a second key before their 公示 starts, orders cannot be probed, and pickup codes cannot be guessed.
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import type { PointsItemView } from '../../typings/points';
import {
  audit,
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
import { POINTS_COLLECTIONS as C, type SecondKeyDoc, type VerifyLimitDoc } from '../../server/repos/points';

let cloud: TestCloud;
const staff = staffOf(PINGAN);
const staff2 = secondStaffOf(PINGAN);
const otherStaff = staffOf(GANGHUA);
const TOWN = '500104001000'; // 新山村街道: a town's staff is staff too

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: false });
  await preparePoints(cloud, [PINGAN, GANGHUA, TOWN]);
});
afterAll(() => cloud?.stop());
afterEach(async () => {
  expect((await audit(cloud)).breaches).toEqual([]);
});

/** What "nothing was written" compares. */
async function snapshot(): Promise<unknown> {
  const names = [C.ledger, C.awards, C.secondKeys, C.claims, C.outcomes, C.accounts];
  const all = await Promise.all(names.map((n) => readAll(cloud, n)));
  return Object.fromEntries(names.map((n, i) => [n, all[i].length]));
}

const day = 86_400_000;
const cloudNow = async (): Promise<number> =>
  Date.now() + ((await cloud.request('GET', '/__emulator/clock')).body as { offsetMs: number }).offsetMs;

describe('staff never award staff', () => {
  test('a direct award to any staff member or admin, of this unit or another, is refused and writes nothing', async () => {
    const before = await snapshot();
    for (const openid of [staff2, otherStaff, staffOf(TOWN), 'admin-points']) {
      expect(
        await points(cloud, staff, 'award', { openid, points: 5, reason: '协助值班', requestId: rid() })
      ).toMatchObject({ ok: false, code: 'RECIPIENT_IS_STAFF' });
    }
    // Admins are nobody's community staff: they award nothing, to anyone.
    expect(
      await points(cloud, 'admin-points', 'award', {
        openid: 'resident-trust-1',
        points: 5,
        reason: '协助值班',
        requestId: rid(),
        communityId: PINGAN
      })
    ).toMatchObject({ ok: false, code: 'NOT_STAFF' });
    expect(await snapshot()).toEqual(before);
    expect(
      await pointsOk(cloud, staff, 'award', {
        openid: 'resident-trust-1',
        points: 5,
        reason: '协助值班',
        requestId: rid()
      })
    ).toMatchObject({ status: 'notice' });
  });

  test("a claim filed by staff (here another unit's) cannot be approved", async () => {
    const claim = await pointsOk(cloud, staffOf(TOWN), 'claim', {
      deedType: 'volunteer',
      communityId: PINGAN,
      text: '下班后在平安社区做志愿者',
      requestId: rid()
    });
    const before = await snapshot();
    expect(await points(cloud, staff, 'approve', { claimId: claim.claimId })).toMatchObject({
      ok: false,
      code: 'RECIPIENT_IS_STAFF'
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe('two keys above the threshold', () => {
  test('at the threshold the 公示 starts at once; above it the award waits, and nothing is credited', async () => {
    expect(
      await pointsOk(cloud, staff, 'award', {
        openid: 'resident-trust-2',
        points: 20,
        reason: '防汛值守',
        requestId: rid()
      })
    ).toMatchObject({ status: 'notice' });
    const waiting = await pointsOk(cloud, staff, 'award', {
      openid: 'resident-trust-2',
      points: 21,
      reason: '防汛值守',
      requestId: rid()
    });
    expect(waiting).toMatchObject({ status: 'awaiting', noticeEndsAt: null, requestedByMe: true });
    expect(await pointsOk(cloud, 'resident-trust-2', 'balance', {})).toMatchObject({ pending: 20 });
    expect(
      (await pointsOk(cloud, 'resident-1', 'notices', { communityId: PINGAN })).items.map((n) => n.awardId)
    ).not.toContain(waiting.awardId);
  });

  test('the first staff member cannot confirm it; another of the community does, and the 公示 runs from that key', async () => {
    const who = 'resident-trust-3';
    const made = await pointsOk(cloud, staff, 'award', {
      openid: who,
      points: 40,
      reason: '抢险救灾',
      requestId: rid()
    });
    const row = async (openid: string) =>
      (await pointsOk(cloud, openid, 'awaiting', {})).items.find((n) => n.awardId === made.awardId);
    expect(await row(staff)).toMatchObject({ canConfirm: false, requestedByMe: true });
    expect(await row(staff2)).toMatchObject({ canConfirm: true, requestedByMe: false, points: 40 });
    expect(await row(otherStaff)).toBeUndefined();

    const before = await snapshot();
    expect(await points(cloud, staff, 'confirmAward', { awardId: made.awardId })).toMatchObject({
      ok: false,
      code: 'SAME_APPROVER'
    });
    expect(await points(cloud, staff, 'declineAward', { awardId: made.awardId, reason: '自己撤回' })).toMatchObject({
      ok: false,
      code: 'SAME_APPROVER'
    });
    expect(await points(cloud, otherStaff, 'confirmAward', { awardId: made.awardId })).toMatchObject({
      ok: false,
      code: 'NOT_COMMUNITY_STAFF'
    });
    expect(await points(cloud, 'resident-2', 'confirmAward', { awardId: made.awardId })).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
    expect(await points(cloud, staff2, 'confirmAward', { awardId: 'award-nope' })).toMatchObject({
      ok: false,
      code: 'AWARD_NOT_FOUND'
    });
    expect(await snapshot()).toEqual(before);

    await cloud.advanceClock(day);
    const at = await cloudNow();
    const confirmed = await pointsOk(cloud, staff2, 'confirmAward', { awardId: made.awardId });
    expect(confirmed).toMatchObject({ status: 'notice', points: 40 });
    expect(Math.abs(Date.parse(confirmed.awardedAt) - at)).toBeLessThan(60_000);
    expect(Date.parse(confirmed.noticeEndsAt!)).toBe(Date.parse(confirmed.awardedAt) + 3 * day);
    // The same key again answers the same; nobody can turn it a second time.
    expect(await pointsOk(cloud, staff2, 'confirmAward', { awardId: made.awardId })).toMatchObject({
      awardId: made.awardId,
      status: 'notice'
    });
    expect(await points(cloud, staff, 'confirmAward', { awardId: made.awardId })).toMatchObject({
      ok: false,
      code: 'SAME_APPROVER'
    });
    expect(
      (await pointsOk(cloud, 'resident-1', 'notices', { communityId: PINGAN })).items.map((n) => n.awardId)
    ).toContain(made.awardId);
    expect(await pointsOk(cloud, who, 'balance', {})).toMatchObject({ balance: 0, pending: 40 });

    // Three days after the first key the notice still runs; three after the second it has ended.
    await cloud.advanceClock(2 * day + 60_000);
    expect(await pointsOk(cloud, who, 'balance', {})).toMatchObject({ balance: 0, pending: 40 });
    await cloud.advanceClock(day);
    expect(await pointsOk(cloud, who, 'balance', {})).toMatchObject({ balance: 40, pending: 0 });
    const stored = (await readAll<SecondKeyDoc>(cloud, C.secondKeys, { _id: made.awardId }))[0];
    expect(stored).toMatchObject({ status: 'confirmed', requestedBy: staff, decidedBy: staff2 });
  });

  test('a claim approved above the threshold waits; declined, it is refused with the reason and nothing is awarded', async () => {
    const claim = await pointsOk(cloud, 'resident-trust-4', 'claim', {
      deedType: 'bravery',
      communityId: PINGAN,
      text: '救起落水儿童',
      requestId: rid()
    });
    const approved = await pointsOk(cloud, staff, 'approve', { claimId: claim.claimId });
    expect(approved).toMatchObject({ status: 'awaiting', points: 50 });
    expect((await pointsOk(cloud, staff, 'claims', { scope: 'community' })).items.map((c) => c.claimId)).not.toContain(
      claim.claimId
    );
    expect(await points(cloud, staff2, 'refuse', { claimId: claim.claimId, reason: '未核实' })).toMatchObject({
      ok: false,
      code: 'CLAIM_DECIDED'
    });

    const declined = await pointsOk(cloud, staff2, 'declineAward', { claimId: claim.claimId, reason: '现场证据不足' });
    expect(declined).toMatchObject({ status: 'declined', reason: '现场证据不足' });
    const mine = (await pointsOk(cloud, 'resident-trust-4', 'claims', {})).items.find(
      (c) => c.claimId === claim.claimId
    );
    expect(mine).toMatchObject({ status: 'refused', reason: '现场证据不足' });
    expect(await readAll(cloud, C.awards, { _id: `claim-${claim.claimId}` })).toEqual([]);
    expect(await readAll(cloud, C.ledger, { openid: 'resident-trust-4' })).toEqual([]);
    expect(await points(cloud, staff2, 'confirmAward', { claimId: claim.claimId })).toMatchObject({
      ok: false,
      code: 'AWARD_NOT_AWAITING'
    });
  });

  test('a claim confirmed by the second key is approved and listed in 公示', async () => {
    const claim = await pointsOk(cloud, 'resident-trust-5', 'claim', {
      deedType: 'bravery',
      communityId: PINGAN,
      text: '协助民警抓获小偷',
      requestId: rid()
    });
    await pointsOk(cloud, staff, 'approve', { claimId: claim.claimId, points: 60 });
    expect(await points(cloud, 'admin-points', 'confirmAward', { claimId: claim.claimId })).toMatchObject({
      ok: false,
      code: 'NOT_STAFF'
    });
    const notice = await pointsOk(cloud, staff2, 'confirmAward', { claimId: claim.claimId });
    expect(notice).toMatchObject({ awardId: `claim-${claim.claimId}`, status: 'notice', points: 60, source: 'claim' });
    expect(
      (await pointsOk(cloud, 'resident-trust-5', 'claims', {})).items.find((c) => c.claimId === claim.claimId)
    ).toMatchObject({ status: 'approved', points: 60 });
    expect(await pointsOk(cloud, 'resident-trust-5', 'balance', {})).toMatchObject({ pending: 60 });
  });

  test('the caps are checked at both keys', async () => {
    const who = 'resident-trust-6';
    const a = await pointsOk(cloud, staff, 'award', { openid: who, points: 60, reason: '防汛', requestId: rid() });
    const b = await pointsOk(cloud, staff, 'award', { openid: who, points: 60, reason: '防汛', requestId: rid() });
    await pointsOk(cloud, staff2, 'confirmAward', { awardId: a.awardId });
    expect(
      await points(cloud, staff, 'award', { openid: who, points: 50, reason: '防汛', requestId: rid() })
    ).toMatchObject({ ok: false, code: 'DAILY_CAP_EXCEEDED' });
    const before = await snapshot();
    expect(await points(cloud, staff2, 'confirmAward', { awardId: b.awardId })).toMatchObject({
      ok: false,
      code: 'DAILY_CAP_EXCEEDED'
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe('pickup', () => {
  let item: PointsItemView;
  const owner = 'resident-pickup';
  beforeAll(async () => {
    item = (
      await pointsOk(cloud, staff, 'items', {
        op: 'add',
        communityId: PINGAN,
        name: '洗洁精',
        points: 2,
        stock: 200,
        monthlyLimit: 100,
        requestId: rid()
      })
    ).item;
    await fund(cloud, [owner, 'resident-pickup-2'], 100);
  });
  const redeem = (openid = owner) =>
    pointsOk(cloud, openid, 'redeem', { itemId: item.itemId, quantity: 1, requestId: rid() });

  test("order and cancel answer someone else's order exactly as a missing one", async () => {
    const o = await redeem();
    const missing = `order-${'a'.repeat(24)}`;
    for (const action of ['order', 'cancel'] as const) {
      const theirs = await points(cloud, 'resident-pickup-2', action, { orderId: o.orderId });
      const none = await points(cloud, 'resident-pickup-2', action, { orderId: missing });
      expect(theirs).toEqual(none);
      expect(theirs).toEqual({ ok: false, code: 'ORDER_NOT_FOUND', message: expect.any(String) as string });
    }
    expect(await pointsOk(cloud, owner, 'order', { orderId: o.orderId })).toMatchObject({ status: 'placed' });
  });

  test('verify first shows the item, quantity and buyer tag and collects nothing; confirm collects, once', async () => {
    const o = await pointsOk(cloud, owner, 'redeem', { itemId: item.itemId, quantity: 3, requestId: rid() });
    const outcomes = (await readAll(cloud, C.outcomes)).length;
    const preview = await pointsOk(cloud, staff, 'verify', { pickupCode: o.pickupCode });
    expect(preview).toEqual({
      orderId: o.orderId,
      itemName: '洗洁精',
      quantity: 3,
      points: 6,
      buyerTag: o.buyerTag,
      status: 'placed',
      placedAt: o.placedAt,
      closedAt: null
    });
    expect(o.buyerTag).toMatch(/^居民[0-9A-F]{4}$/);
    expect(JSON.stringify(preview)).not.toContain(owner);
    expect((await readAll(cloud, C.outcomes)).length).toBe(outcomes);
    expect(await pointsOk(cloud, owner, 'order', { orderId: o.orderId })).toMatchObject({ status: 'placed' });

    expect(await pointsOk(cloud, staff, 'verify', { pickupCode: o.pickupCode, confirm: true })).toMatchObject({
      status: 'collected',
      orderId: o.orderId
    });
    expect(await points(cloud, staff2, 'verify', { pickupCode: o.pickupCode, confirm: true })).toMatchObject({
      ok: false,
      code: 'ORDER_COLLECTED'
    });
    expect(await points(cloud, staff2, 'verify', { pickupCode: o.pickupCode })).toMatchObject({
      ok: false,
      code: 'ORDER_COLLECTED'
    });
    expect((await readAll(cloud, C.outcomes)).length).toBe(outcomes + 1);
    expect(await pointsOk(cloud, owner, 'order', { orderId: o.orderId })).toMatchObject({ status: 'collected' });
  });

  test('failed verifications are limited per staff member and hour; known codes do not count; a burst cannot overrun it', async () => {
    await cloud.advanceClock(3600_000);
    const o = await redeem();
    const unknown = (i: number) => String(100_000_000_000 + i);
    // Known codes give their attempt back.
    for (let i = 0; i < 3; i++) await pointsOk(cloud, staff2, 'verify', { pickupCode: o.pickupCode });
    for (let i = 0; i < 10; i++)
      expect(await points(cloud, staff2, 'verify', { pickupCode: unknown(i) })).toMatchObject({
        ok: false,
        code: 'ORDER_NOT_FOUND'
      });
    const counter = async () =>
      (await readAll<VerifyLimitDoc>(cloud, C.verifyLimits, { staff: staff2 })).map((d) => d.failures);
    const full = await counter();
    expect(await points(cloud, staff2, 'verify', { pickupCode: unknown(10) })).toMatchObject({
      ok: false,
      code: 'TOO_MANY_ATTEMPTS'
    });
    // Spent attempts stop even a right code, so a limited staff member learns nothing more this hour.
    expect(await points(cloud, staff2, 'verify', { pickupCode: o.pickupCode })).toMatchObject({
      ok: false,
      code: 'TOO_MANY_ATTEMPTS'
    });
    expect(await counter()).toEqual(full);
    // Others are not limited by it; the next hour starts afresh.
    expect(await pointsOk(cloud, staff, 'verify', { pickupCode: o.pickupCode })).toMatchObject({ orderId: o.orderId });
    await cloud.advanceClock(3600_000);
    expect(await pointsOk(cloud, staff2, 'verify', { pickupCode: o.pickupCode })).toMatchObject({ orderId: o.orderId });

    // 15 unknown codes at once from a fresh staff member: 10 answered, 5 refused.
    const burst = await Promise.all(
      Array.from({ length: 15 }, (_, i) => points(cloud, otherStaff, 'verify', { pickupCode: unknown(100 + i) }))
    );
    const codes = burst.map((r) => (r.ok ? 'ok' : r.code)).sort();
    expect(codes).toEqual([
      ...Array<string>(10).fill('ORDER_NOT_FOUND'),
      ...Array<string>(5).fill('TOO_MANY_ATTEMPTS')
    ]);

    // The nightly run removes counters of past hours.
    await cloud.advanceClock(3 * 3600_000);
    expect(
      ((await cloud.trigger('points')) as { result: { verifyCounters: number } }).result.verifyCounters
    ).toBeGreaterThan(0);
    expect(await readAll(cloud, C.verifyLimits, { staff: staff2 })).toEqual([]);
  });

  test('pickup codes are 12 digits, distinct, and claimed once each in the community', async () => {
    const orders = [];
    for (let i = 0; i < 30; i++) orders.push(await redeem(i % 2 ? owner : 'resident-pickup-2'));
    const codes = orders.map((o) => o.pickupCode);
    for (const c of codes) expect(c).toMatch(/^\d{12}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Each order claims its code in the community by the ledger's unique key.
    const spends = await readAll<{ _id: string; uniqueKey: string }>(cloud, C.ledger, { kind: 'spend' });
    for (const o of orders)
      expect(spends.filter((s) => s._id === o.orderId).map((s) => s.uniqueKey)).toEqual([
        `pickup-${PINGAN}-${o.pickupCode}`
      ]);
  });
});
