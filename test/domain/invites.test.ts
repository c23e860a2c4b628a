import {
  INVITE_ALPHABET,
  makeInviteCode,
  mintRevoked,
  normaliseInviteCode,
  redeemStep,
  type BindingState
} from '../../domain/invites';

const at = (iso: string) => new Date(iso);

describe('invite codes', () => {
  test('are 8 characters of the alphabet, which has no look-alikes', () => {
    let i = 0;
    const code = makeInviteCode((n) => i++ % n);
    expect(code).toBe('ABCDEFGH');
    expect(makeInviteCode((n) => n - 1)).toBe('99999999');
    expect(INVITE_ALPHABET).not.toMatch(/[0O1IL]/);
  });

  test('are read loosely: case, spaces and dashes do not matter', () => {
    expect(normaliseInviteCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normaliseInviteCode('ABCD EFGH')).toBe('ABCDEFGH');
    expect(normaliseInviteCode('ABCDEFG')).toBeNull();
    expect(normaliseInviteCode('ABCDEFGHJ')).toBeNull();
    expect(normaliseInviteCode('ABCDEFG0')).toBeNull(); // 0 is not in the alphabet
  });
});

describe('redeemStep', () => {
  const CODE = 'ABCDEFGH';
  const open = { usedBy: null, usedAt: null, expiresAt: at('2026-12-04T00:00:00Z') };
  const claimed = { usedBy: 'u1', usedAt: at('2026-11-28T00:00:00Z'), expiresAt: open.expiresAt };
  const bound: BindingState = { role: 'staff', inviteCode: CODE, createdAt: claimed.usedAt };
  const before = at('2026-11-27T00:00:00Z');

  test('unknown, used by another, expired; a live unused code is claimed', () => {
    expect(redeemStep(CODE, null, 'u1', null, before)).toEqual({ kind: 'refuse', code: 'INVITE_INVALID' });
    expect(redeemStep(CODE, { ...claimed, usedBy: 'u2' }, 'u1', null, before)).toEqual({
      kind: 'refuse',
      code: 'INVITE_USED'
    });
    expect(redeemStep(CODE, open, 'u1', null, at('2026-12-04T00:00:00Z'))).toEqual({
      kind: 'refuse',
      code: 'INVITE_EXPIRED'
    });
    expect(redeemStep(CODE, open, 'u1', null, at('2026-12-03T23:59:59.999Z'))).toEqual({ kind: 'claim' });
  });

  test('the owner of a redeemed code gets their binding back, even after expiry (idempotent redeem)', () => {
    expect(redeemStep(CODE, claimed, 'u1', bound, at('2027-01-01T00:00:00Z'))).toEqual({ kind: 'answer' });
    // Bound elsewhere since: the old code answers the binding as it stands.
    expect(
      redeemStep(
        CODE,
        claimed,
        'u1',
        { role: 'staff', inviteCode: 'OTHERCDE', createdAt: at('2026-11-30T00:00:00Z') },
        before
      )
    ).toEqual({ kind: 'answer' });
  });

  test('a claim whose binding was never written is completed, but only before expiry', () => {
    expect(redeemStep(CODE, claimed, 'u1', null, at('2026-11-29T00:00:00Z'))).toEqual({ kind: 'complete' });
    const older: BindingState = { role: 'staff', inviteCode: 'OTHERCDE', createdAt: at('2026-11-01T00:00:00Z') };
    expect(redeemStep(CODE, claimed, 'u1', older, at('2026-11-29T00:00:00Z'))).toEqual({ kind: 'complete' });
    expect(redeemStep(CODE, claimed, 'u1', null, at('2026-12-05T00:00:00Z'))).toEqual({
      kind: 'refuse',
      code: 'INVITE_EXPIRED'
    });
  });

  test('after an unbind the old code never binds again, expired or not', () => {
    const unbound: BindingState = { role: 'resident', createdAt: at('2026-11-30T00:00:00Z') };
    expect(redeemStep(CODE, claimed, 'u1', unbound, at('2026-12-01T00:00:00Z'))).toEqual({
      kind: 'refuse',
      code: 'INVITE_USED'
    });
    expect(redeemStep(CODE, claimed, 'u1', unbound, at('2027-01-01T00:00:00Z'))).toEqual({
      kind: 'refuse',
      code: 'INVITE_USED'
    });
    // Unbound in the same millisecond as the claim still counts as after it.
    expect(redeemStep(CODE, claimed, 'u1', { role: 'resident', createdAt: claimed.usedAt }, before)).toEqual({
      kind: 'refuse',
      code: 'INVITE_USED'
    });
  });
});

describe('mintRevoked', () => {
  const UNIT = '500104001001';
  const staffInvite = { unitId: UNIT, role: 'staff', createdBy: 'minter' };
  const active = { inactive: false };

  test('an invite binds while its minter may still mint it and its unit is active', () => {
    expect(mintRevoked(staffInvite, { role: 'admin', unitId: null }, active)).toBeNull();
    expect(mintRevoked(staffInvite, { role: 'staff', unitId: UNIT, head: true }, active)).toBeNull();
    expect(mintRevoked({ ...staffInvite, role: 'representative' }, { role: 'staff', unitId: UNIT }, active)).toBeNull();
    // The console's bootstrap invite has no minter.
    expect(mintRevoked({ ...staffInvite, role: 'admin', createdBy: null }, null, active)).toBeNull();
  });

  test('it dies when the minter was unbound, demoted, lost the head, moved, or the unit was deactivated', () => {
    for (const minter of [
      null,
      { role: 'resident' as const, unitId: null },
      { role: 'staff' as const, unitId: UNIT, head: false },
      { role: 'staff' as const, unitId: '500104001004', head: true }
    ])
      expect(mintRevoked(staffInvite, minter, active)).toBe('INVITE_REVOKED');
    // An admin invite minted by an admin now demoted to staff (even a head) is dead.
    expect(mintRevoked({ ...staffInvite, role: 'admin' }, { role: 'staff', unitId: UNIT, head: true }, active)).toBe(
      'INVITE_REVOKED'
    );
    expect(mintRevoked({ ...staffInvite, role: 'supervisor' }, { role: 'resident', unitId: null }, active)).toBe(
      'INVITE_REVOKED'
    );
    expect(mintRevoked(staffInvite, { role: 'admin', unitId: null }, { inactive: true })).toBe('INVITE_REVOKED');
    expect(mintRevoked({ ...staffInvite, createdBy: null }, null, { inactive: true })).toBe('INVITE_REVOKED');
  });
});
