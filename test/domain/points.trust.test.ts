// The points rules of issue 10: who may receive an award, when it needs a second key and who may turn
// it, what a stranger's order looks like, and the pickup code's format (property-tested, fixed seed).
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { cannotConfirm, cannotReceive, needsSecondKey, type AwaitingAward } from '../../domain/points/secondKey';
import { DEFAULT_POLICY, policyFromEnv } from '../../domain/points/rules';
import {
  cannotCancel,
  PICKUP_CODE_LENGTH,
  PICKUP_CODE_PATTERN,
  pickupCodeFrom,
  verifyWindow
} from '../../domain/points/shop';
import type { PointsActor } from '../../domain/points/staff';

const PINGAN = '500104001001';
const first: PointsActor = { openid: 'staff-a', role: 'staff', unitId: PINGAN };
const second: PointsActor = { openid: 'staff-b', role: 'staff', unitId: PINGAN };

describe('two keys', () => {
  test('staff and admins of any unit never receive points; residents do', () => {
    expect(cannotReceive('staff')).toMatchObject({ code: 'RECIPIENT_IS_STAFF' });
    expect(cannotReceive('admin')).toMatchObject({ code: 'RECIPIENT_IS_STAFF' });
    expect(cannotReceive('resident')).toBeNull();
    expect(cannotReceive(null)).toBeNull();
  });

  test('above the threshold (default 20, configurable, 0 = always) an award needs a second key', () => {
    expect(DEFAULT_POLICY.secondKeyAbove).toBe(20);
    expect(needsSecondKey(20, DEFAULT_POLICY)).toBe(false);
    expect(needsSecondKey(21, DEFAULT_POLICY)).toBe(true);
    expect(policyFromEnv({ POINTS_SECOND_KEY_ABOVE: '50', POINTS_VERIFY_FAILURES_PER_HOUR: '5' })).toMatchObject({
      secondKeyAbove: 50,
      verifyFailuresPerHour: 5
    });
    expect(needsSecondKey(1, policyFromEnv({ POINTS_SECOND_KEY_ABOVE: '0' }))).toBe(true);
    expect(() => policyFromEnv({ POINTS_VERIFY_FAILURES_PER_HOUR: '0' })).toThrow(RangeError);
  });

  test('the second key: another staff member of the community (never an admin), once', () => {
    const a: AwaitingAward = { communityId: PINGAN, requestedBy: first.openid, openid: 'r1', status: 'awaiting' };
    expect(cannotConfirm(a, second)).toBeNull();
    expect(cannotConfirm(a, { openid: 'admin-1', role: 'admin', unitId: null })).toMatchObject({
      code: 'NOT_COMMUNITY_STAFF'
    });
    expect(cannotConfirm(a, first)).toMatchObject({ code: 'SAME_APPROVER' });
    expect(cannotConfirm(a, { ...second, unitId: '500104001004' })).toMatchObject({ code: 'NOT_COMMUNITY_STAFF' });
    expect(cannotConfirm(a, { openid: 'r2', role: 'resident', unitId: null })).toMatchObject({ code: 'NOT_STAFF' });
    expect(cannotConfirm({ ...a, openid: second.openid }, second)).toMatchObject({ code: 'OWN_AWARD' });
    expect(cannotConfirm({ ...a, status: 'confirmed' }, second)).toMatchObject({ code: 'AWARD_NOT_AWAITING' });
    expect(cannotConfirm({ ...a, status: 'declined' }, second)).toMatchObject({ code: 'AWARD_NOT_AWAITING' });
  });
});

describe('pickup', () => {
  test("someone else's order reads as no order", () => {
    const order = {
      openid: 'r1',
      itemId: 'i1',
      quantity: 1,
      status: 'placed' as const,
      placedAt: new Date(),
      lots: []
    };
    expect(cannotCancel(order, 'r2')).toEqual({ ok: false, code: 'ORDER_NOT_FOUND' });
  });

  test('codes are 12 digits, one per draw, so distinct draws give distinct codes (fixed seed)', () => {
    const draws = fc.array(fc.integer({ min: 0, max: 9 }), {
      minLength: PICKUP_CODE_LENGTH,
      maxLength: PICKUP_CODE_LENGTH
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(draws, { minLength: 2, maxLength: 50, comparator: (x, y) => x.join() === y.join() }),
        (sequences) => {
          const codes = sequences.map((seq) => {
            let i = 0;
            return pickupCodeFrom(() => seq[i++]);
          });
          for (const c of codes) if (!PICKUP_CODE_PATTERN.test(c)) return false;
          return new Set(codes).size === codes.length && codes.every((c, k) => c === sequences[k].join(''));
        }
      ),
      { seed: 20261010, numRuns: 300 }
    );
    expect(() => pickupCodeFrom(() => 10)).toThrow(RangeError);
  });

  test('with the crypto RNG: 2000 codes, all well formed, none repeated, digits evenly used', () => {
    const codes = Array.from({ length: 2000 }, () => pickupCodeFrom((bound) => randomInt(bound)));
    expect(codes.every((c) => PICKUP_CODE_PATTERN.test(c))).toBe(true);
    // Two equal codes among 2000 of 10^12 happen about once in 500,000 runs.
    expect(new Set(codes).size).toBe(codes.length);
    const counts = new Array(10).fill(0);
    for (const c of codes) for (const d of c) counts[Number(d)] += 1;
    // 2400 expected per digit, σ ≈ 46: a 20 % band is over 10 σ.
    for (const n of counts) expect(Math.abs(n - 2400)).toBeLessThan(480);
  });

  test('failed verifications count per UTC hour', () => {
    expect(verifyWindow(new Date('2026-05-01T09:59:59+08:00'))).toBe('2026-05-01T01');
    expect(verifyWindow(new Date('2026-05-01T10:00:00+08:00'))).toBe('2026-05-01T02');
  });
});
