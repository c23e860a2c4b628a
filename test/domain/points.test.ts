import {
  awardableAt,
  earn,
  emptyWallet,
  expire,
  expiryOf,
  freeze,
  isFailure,
  noticeEndOf,
  release,
  revoke,
  spend,
  viewWallet,
  walletBreach,
  type Change,
  type Wallet
} from '../../domain/points/ledger';
import {
  cannotCancel,
  cannotCollect,
  planCancel,
  planRedeem,
  type RedeemPlan,
  type ShopItem
} from '../../domain/points/shop';
import {
  cannotDecide,
  cannotObject,
  cannotRule,
  noticeRights,
  noticeStatus,
  releaseAt
} from '../../domain/points/notice';
import { DEED_RULES, DEED_TYPES, deedPointsRange, DEFAULT_POLICY, policyFromEnv } from '../../domain/points/rules';
import { actsForCommunity, workbenchCommunity, type PointsActor } from '../../domain/points/staff';
import type { Failure } from '../../domain/errors';

const policy = DEFAULT_POLICY;
const at = (iso: string): Date => new Date(iso);

function ok<T extends object>(x: T | Failure): T {
  if (isFailure(x)) throw new Error(`unexpected failure ${x.code} ${x.detail ?? ''}`);
  return x;
}

function earned(w: Wallet, id: string, points: number, when: string): Wallet {
  return ok(earn(w, id, points, at(when), policy)).wallet;
}

const item: ShopItem = {
  communityId: '500104001001',
  points: 10,
  stock: 5,
  monthlyLimit: 2,
  status: 'on',
  availableUntil: null
};

describe('expiry and the notice period', () => {
  test('points lapse at the end of the year after the one they were earned in (Shanghai time)', () => {
    expect(expiryOf(at('2026-03-10T10:00:00+08:00'), policy).toISOString()).toBe('2027-12-31T16:00:00.000Z');
    // 31 Dec 2026 23:30 in Shanghai is still 2026 there, though 2026-12-31T15:30Z in UTC.
    expect(expiryOf(at('2026-12-31T23:30:00+08:00'), policy).toISOString()).toBe('2027-12-31T16:00:00.000Z');
    // 1 Jan 2027 00:30 in Shanghai is 2027, though still 2026 in UTC.
    expect(expiryOf(at('2027-01-01T00:30:00+08:00'), policy).toISOString()).toBe('2028-12-31T16:00:00.000Z');
    expect(expiryOf(at('2026-03-10T10:00:00+08:00'), { expiryYears: 0 }).toISOString()).toBe(
      '2026-12-31T16:00:00.000Z'
    );
  });

  test('an award is pending for 3 days, then counts without anything happening', () => {
    const w = earned(emptyWallet(), 'a1', 10, '2026-05-04T09:00:00+08:00');
    expect(noticeEndOf(at('2026-05-04T09:00:00+08:00'), policy).toISOString()).toBe('2026-05-07T01:00:00.000Z');
    expect(viewWallet(w, at('2026-05-07T08:59:59+08:00'), policy)).toMatchObject({ balance: 0, pending: 10 });
    expect(viewWallet(w, at('2026-05-07T09:00:00+08:00'), policy)).toMatchObject({ balance: 10, pending: 0 });
  });

  test('expiring soon: within 60 days of the lapse, with the date', () => {
    const w = earned(emptyWallet(), 'a1', 10, '2025-06-01T09:00:00+08:00');
    expect(viewWallet(w, at('2026-10-01T00:00:00+08:00'), policy)).toMatchObject({
      balance: 10,
      expiringSoon: 0,
      expiringAt: null
    });
    expect(viewWallet(w, at('2026-11-15T00:00:00+08:00'), policy)).toMatchObject({
      balance: 10,
      expiringSoon: 10,
      expiringAt: '2026-12-31T16:00:00.000Z'
    });
    expect(viewWallet(w, at('2027-01-01T00:00:00+08:00'), policy)).toMatchObject({
      balance: 0,
      pending: 0,
      expiringSoon: 0
    });
  });

  test('policy overrides come from the environment and bad values are refused', () => {
    expect(policyFromEnv({ POINTS_NOTICE_DAYS: '5', POINTS_DAILY_CAP: '' })).toMatchObject({
      noticeDays: 5,
      dailyCap: 100
    });
    expect(policyFromEnv({ POINTS_NOTICE_DAYS: '0' }).noticeDays).toBe(0);
    expect(() => policyFromEnv({ POINTS_DAILY_CAP: '0' })).toThrow(RangeError);
    expect(() => policyFromEnv({ POINTS_MONTHLY_CAP: '1.5' })).toThrow(RangeError);
  });
});

describe('caps', () => {
  test('per day and per month, by Shanghai date', () => {
    let w = earned(emptyWallet(), 'a1', 60, '2026-05-04T09:00:00+08:00');
    w = earned(w, 'a2', 40, '2026-05-04T23:59:00+08:00');
    expect(awardableAt(w, at('2026-05-04T23:59:30+08:00'), policy)).toBe(0);
    expect(earn(w, 'a3', 1, at('2026-05-04T23:59:30+08:00'), policy)).toMatchObject({
      ok: false,
      code: 'DAILY_CAP_EXCEEDED'
    });
    // Shanghai midnight starts a new day, though UTC is still on the 4th.
    w = earned(w, 'a3', 100, '2026-05-05T00:00:30+08:00');
    w = earned(w, 'a4', 100, '2026-05-06T10:00:00+08:00');
    expect(awardableAt(w, at('2026-05-07T10:00:00+08:00'), policy)).toBe(0);
    expect(earn(w, 'a5', 1, at('2026-05-07T10:00:00+08:00'), policy)).toMatchObject({
      ok: false,
      code: 'MONTHLY_CAP_EXCEEDED'
    });
    expect(awardableAt(w, at('2026-06-01T00:00:00+08:00'), policy)).toBe(100);
  });

  test('bad amounts and a reused award id are refused', () => {
    const w = earned(emptyWallet(), 'a1', 5, '2026-05-04T09:00:00+08:00');
    for (const p of [0, -1, 1.5, Number.NaN, 2 ** 60])
      expect(earn(w, 'x', p, at('2026-05-04T10:00:00+08:00'), policy)).toMatchObject({ code: 'POINTS_INVALID' });
    expect(earn(w, 'a1', 5, at('2026-05-04T10:00:00+08:00'), policy)).toMatchObject({ code: 'ALREADY_AWARDED' });
  });
});

describe('spending', () => {
  const now = '2026-06-01T10:00:00+08:00';
  test('oldest lots first, pending lots untouched', () => {
    let w = earned(emptyWallet(), 'old', 10, '2026-05-01T09:00:00+08:00');
    w = earned(w, 'mid', 10, '2026-05-10T09:00:00+08:00');
    w = earned(w, 'new', 10, '2026-05-31T09:00:00+08:00'); // still in notice on 1 June
    const c = ok(spend(w, 15, at(now)));
    expect(c.entry).toMatchObject({ kind: 'spend', points: -15, balanceAfter: 15 });
    expect(c.entry.lots.map((l) => [l.lotId, l.points])).toEqual([
      ['old', 10],
      ['mid', 5]
    ]);
    expect(c.wallet.lots.map((l) => [l.id, l.points])).toEqual([
      ['mid', 5],
      ['new', 10]
    ]);
    expect(spend(c.wallet, 6, at(now))).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    expect(walletBreach(c.wallet)).toBeNull();
  });

  test('expire writes off lapsed lots with one entry', () => {
    let w = earned(emptyWallet(), 'y2025', 10, '2025-05-01T09:00:00+08:00');
    w = earned(w, 'y2026', 7, '2026-05-01T09:00:00+08:00');
    expect(expire(w, at('2026-12-31T23:59:59+08:00'))).toBeNull();
    const c = expire(w, at('2027-01-01T00:00:00+08:00')) as Change;
    expect(c.entry).toMatchObject({ kind: 'expire', points: -10, balanceAfter: 7 });
    expect(c.wallet.lots.map((l) => l.id)).toEqual(['y2026']);
  });
});

describe('objections', () => {
  const awardAt = '2026-05-04T09:00:00+08:00';
  test('freeze holds the points past the notice end; release and revoke', () => {
    const w = earned(emptyWallet(), 'a1', 20, awardAt);
    const held = ok(freeze(w, 'a1', at('2026-05-05T09:00:00+08:00')));
    expect(viewWallet(held, at('2026-05-10T09:00:00+08:00'), policy)).toMatchObject({ balance: 0, pending: 20 });
    const released = release(held, 'a1', at('2026-05-10T09:00:00+08:00'));
    expect(viewWallet(released, at('2026-05-10T09:00:00+08:00'), policy)).toMatchObject({ balance: 20, pending: 0 });
    const revoked = ok(revoke(held, 'a1', at('2026-05-10T09:00:00+08:00')));
    expect(revoked.entry).toMatchObject({ kind: 'adjust', points: -20, balanceAfter: 0 });
    expect(revoked.wallet.earned.monthPoints).toBe(0);
    // Spendable points can no longer be objected to or revoked.
    expect(freeze(w, 'a1', at('2026-05-08T09:00:00+08:00'))).toMatchObject({ code: 'NOT_PENDING' });
    expect(revoke(w, 'a1', at('2026-05-08T09:00:00+08:00'))).toMatchObject({ code: 'NOT_PENDING' });
  });

  test('who may object and when; the status residents see', () => {
    const a = { openid: 'r1', state: 'notice' as const, noticeEndsAt: at('2026-05-07T09:00:00+08:00') };
    expect(cannotObject(a, 'r1', at('2026-05-05T09:00:00+08:00'))).toMatchObject({ code: 'OBJECT_OWN' });
    expect(cannotObject(a, 'r2', at('2026-05-05T09:00:00+08:00'))).toBeNull();
    expect(cannotObject(a, 'r2', at('2026-05-07T09:00:00+08:00'))).toMatchObject({ code: 'NOTICE_ENDED' });
    expect(noticeStatus(a, at('2026-05-07T08:00:00+08:00'))).toBe('notice');
    expect(noticeStatus(a, at('2026-05-07T09:00:00+08:00'))).toBe('confirmed');
    expect(noticeStatus({ ...a, state: 'objected' }, at('2026-06-07T09:00:00+08:00'))).toBe('objected');
    expect(releaseAt(a, at('2026-05-05T09:00:00+08:00'))).toEqual(a.noticeEndsAt);
    expect(releaseAt(a, at('2026-05-09T09:00:00+08:00'))).toEqual(at('2026-05-09T09:00:00+08:00'));
  });

  test('no staff member decides their own claim, and a claim is decided once', () => {
    expect(cannotDecide({ openid: 'staff-1', status: 'pending' }, 'staff-1')).toMatchObject({ code: 'OWN_CLAIM' });
    expect(cannotDecide({ openid: 'r1', status: 'approved' }, 'staff-1')).toMatchObject({ code: 'CLAIM_DECIDED' });
    expect(cannotDecide({ openid: 'r1', status: 'pending' }, 'staff-1')).toBeNull();
  });

  test('who may rule on an objection: the community’s staff, not on their own award, only while objected', () => {
    const c1 = '500104001001';
    const a = {
      openid: 'r1',
      state: 'objected' as const,
      noticeEndsAt: at('2026-05-07T09:00:00+08:00'),
      communityId: c1
    };
    const staff: PointsActor = { openid: 'staff-1', role: 'staff', unitId: c1 };
    expect(cannotRule(a, staff)).toBeNull();
    expect(cannotRule(a, { openid: 'admin-1', role: 'admin', unitId: '500104000000' })).toMatchObject({
      code: 'NOT_COMMUNITY_STAFF'
    });
    expect(cannotRule(a, { ...staff, unitId: '500104001004' })).toMatchObject({ code: 'NOT_COMMUNITY_STAFF' });
    expect(cannotRule(a, { openid: 'r2', role: 'resident', unitId: null })).toMatchObject({ code: 'NOT_STAFF' });
    expect(cannotRule({ ...a, openid: 'staff-1' }, staff)).toMatchObject({ code: 'OWN_AWARD' });
    expect(cannotRule({ ...a, state: 'notice' }, staff)).toMatchObject({ code: 'NO_OBJECTION' });
    expect(cannotRule({ ...a, state: 'revoked' }, staff)).toMatchObject({ code: 'NO_OBJECTION' });
  });

  test('a 公示 line says what the viewer may do: object once during the notice, rule as its staff', () => {
    const a = {
      openid: 'r1',
      state: 'notice' as const,
      noticeEndsAt: at('2026-05-07T09:00:00+08:00'),
      communityId: '500104001001'
    };
    const during = at('2026-05-05T09:00:00+08:00');
    const resident: PointsActor = { openid: 'r2', role: 'resident', unitId: null };
    const staff: PointsActor = { openid: 'staff-1', role: 'staff', unitId: '500104001001' };
    expect(noticeRights(a, resident, during, false)).toEqual({ canObject: true, canRule: false });
    expect(noticeRights(a, resident, during, true)).toEqual({ canObject: false, canRule: false });
    expect(noticeRights(a, { ...resident, openid: 'r1' }, during, false)).toEqual({ canObject: false, canRule: false });
    expect(noticeRights(a, resident, at('2026-05-07T09:00:00+08:00'), false)).toEqual({
      canObject: false,
      canRule: false
    });
    // Under objection: others may still object (counted) until the notice ends; staff may rule.
    const objected = { ...a, state: 'objected' as const };
    expect(noticeRights(objected, resident, during, false)).toEqual({ canObject: true, canRule: false });
    expect(noticeRights(objected, staff, at('2026-06-01T09:00:00+08:00'), false)).toEqual({
      canObject: false,
      canRule: true
    });
    expect(noticeRights({ ...a, state: 'revoked' }, staff, during, false)).toEqual({
      canObject: false,
      canRule: false
    });
  });
});

describe('staff and the workbench', () => {
  const isCommunity = (id: string): boolean => /^\d{9}(?!000)\d{3}$/.test(id);

  test('staff act for their own community; admins for none', () => {
    expect(actsForCommunity({ role: 'staff', unitId: '500104001001' }, '500104001001')).toBe(true);
    expect(actsForCommunity({ role: 'staff', unitId: '500104001001' }, '500104001004')).toBe(false);
    expect(actsForCommunity({ role: 'admin', unitId: '500104000000' }, '500104001004')).toBe(false);
    expect(actsForCommunity({ role: 'resident', unitId: null }, '500104001001')).toBe(false);
  });

  test('the 积分工作台 belongs to staff of a village/community, never to an admin', () => {
    expect(workbenchCommunity({ role: 'staff', unitId: '500104001001' }, isCommunity)).toBe('500104001001');
    expect(workbenchCommunity({ role: 'admin', unitId: '500104001001' }, isCommunity)).toBeNull();
    expect(workbenchCommunity({ role: 'admin', unitId: '500104000000' }, isCommunity)).toBeNull();
    expect(workbenchCommunity({ role: 'staff', unitId: '500104001000' }, isCommunity)).toBeNull();
    expect(workbenchCommunity({ role: 'staff', unitId: 'dept-justice' }, isCommunity)).toBeNull();
    expect(workbenchCommunity({ role: 'staff', unitId: null }, isCommunity)).toBeNull();
    expect(workbenchCommunity({ role: 'resident', unitId: '500104001001' }, isCommunity)).toBeNull();
  });

  test('approval ranges are the deed rules', () => {
    for (const t of DEED_TYPES)
      expect(deedPointsRange(t)).toEqual({
        suggested: DEED_RULES[t].points,
        min: DEED_RULES[t].min,
        max: DEED_RULES[t].max
      });
    expect(deedPointsRange('bravery')).toEqual({ suggested: 50, min: 20, max: 100 });
  });
});

describe('redeeming and cancelling', () => {
  const now = at('2026-06-10T10:00:00+08:00');
  const rich = earned(emptyWallet(), 'a1', 100, '2026-05-01T09:00:00+08:00');

  test('a redemption spends, takes stock and counts towards the monthly limit', () => {
    const plan = ok(planRedeem(rich, item, 'i1', 2, now, policy));
    expect(plan).toMatchObject({ cost: 20, stock: 3, expired: null });
    expect(plan.spent).toMatchObject({ kind: 'spend', points: -20, balanceAfter: 80 });
    expect(plan.wallet.bought).toEqual({ month: '2026-06', items: { i1: 2 } });
    expect(planRedeem(plan.wallet, { ...item, stock: 3 }, 'i1', 1, now, policy)).toMatchObject({
      code: 'MONTHLY_LIMIT_REACHED'
    });
    // Next month the limit starts again.
    expect(
      isFailure(planRedeem(plan.wallet, { ...item, stock: 3 }, 'i1', 1, at('2026-07-01T00:00:00+08:00'), policy))
    ).toBe(false);
  });

  test('each bad request gets its own code', () => {
    for (const q of [0, -1, 1.5, 21, 1e9, Number.NaN])
      expect(planRedeem(rich, item, 'i1', q, now, policy)).toMatchObject({ code: 'QUANTITY_INVALID' });
    expect(planRedeem(rich, { ...item, status: 'off' }, 'i1', 1, now, policy)).toMatchObject({
      code: 'ITEM_OFF_SHELF'
    });
    expect(
      planRedeem(rich, { ...item, availableUntil: at('2026-06-10T09:59:59+08:00') }, 'i1', 1, now, policy)
    ).toMatchObject({ code: 'ITEM_EXPIRED' });
    expect(planRedeem(rich, { ...item, stock: 1 }, 'i1', 2, now, policy)).toMatchObject({ code: 'OUT_OF_STOCK' });
    expect(planRedeem(rich, { ...item, points: 60 }, 'i1', 2, now, policy)).toMatchObject({
      code: 'INSUFFICIENT_POINTS'
    });
  });

  test('lapsed points are written off before spending', () => {
    let w = earned(emptyWallet(), 'y2025', 50, '2025-03-01T09:00:00+08:00');
    w = earned(w, 'y2026', 10, '2026-03-01T09:00:00+08:00');
    const plan = planRedeem(w, item, 'i1', 1, at('2027-01-02T10:00:00+08:00'), policy) as RedeemPlan;
    expect(plan.expired).toMatchObject({ kind: 'expire', points: -50, balanceAfter: 10 });
    expect(plan.spent).toMatchObject({ points: -10, balanceAfter: 0 });
    expect(planRedeem(w, { ...item, points: 11 }, 'i1', 1, at('2027-01-02T10:00:00+08:00'), policy)).toMatchObject({
      code: 'INSUFFICIENT_POINTS'
    });
  });

  test('cancel refunds into the same lots, frees the quota, and writes off what lapsed meanwhile', () => {
    const plan = planRedeem(rich, item, 'i1', 2, now, policy) as RedeemPlan;
    const order = {
      openid: 'r1',
      itemId: 'i1',
      quantity: 2,
      status: 'placed' as const,
      placedAt: now,
      lots: plan.spent.lots
    };
    expect(cannotCancel(order, 'r2')).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(cannotCancel({ ...order, status: 'collected' }, 'r1')).toMatchObject({ code: 'ORDER_COLLECTED' });
    expect(cannotCollect({ status: 'collected' })).toMatchObject({ code: 'ORDER_COLLECTED' });
    expect(cannotCollect({ status: 'cancelled' })).toMatchObject({ code: 'ORDER_CANCELLED' });
    const back = planCancel(plan.wallet, order, at('2026-06-11T10:00:00+08:00'));
    expect(back.refunded).toMatchObject({ kind: 'refund', points: 20, balanceAfter: 100 });
    expect(back.wallet.lots).toEqual(rich.lots);
    expect(back.wallet.bought.items).toEqual({});
    const late = planCancel(plan.wallet, order, at('2028-01-01T10:00:00+08:00'));
    expect(late.expired).toMatchObject({ kind: 'expire', points: -100, balanceAfter: 0 });
    expect(late.wallet.lots).toEqual([]);
  });
});
