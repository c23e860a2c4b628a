import { INVITE_ALPHABET, inviteRefusal, makeInviteCode, normaliseInviteCode } from '../../domain/invites';

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

describe('inviteRefusal', () => {
  const open = { usedBy: null, expiresAt: at('2026-12-04T00:00:00Z') };
  test('unknown, used by another, expired', () => {
    expect(inviteRefusal(null, 'u1', at('2026-11-27T00:00:00Z'))).toBe('INVITE_INVALID');
    expect(inviteRefusal({ ...open, usedBy: 'u2' }, 'u1', at('2026-11-27T00:00:00Z'))).toBe('INVITE_USED');
    expect(inviteRefusal(open, 'u1', at('2026-12-04T00:00:00Z'))).toBe('INVITE_EXPIRED');
    expect(inviteRefusal(open, 'u1', at('2026-12-03T23:59:59.999Z'))).toBeNull();
  });

  test('the owner of a used code is never refused, even after expiry (idempotent redeem)', () => {
    expect(inviteRefusal({ ...open, usedBy: 'u1' }, 'u1', at('2027-01-01T00:00:00Z'))).toBeNull();
  });
});
