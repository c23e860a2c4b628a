// Staff invite codes: an admin creates one for a unit and a role; a staff member redeems it once.
import type { ErrorCode } from './errors';

/** Letters and digits without look-alikes (0/O, 1/I/L), so a code read aloud or retyped survives. */
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 8;
export const INVITE_TTL_MS = 7 * 24 * 3600000;

/** A fresh code; `randomInt(n)` must return a uniform integer in [0, n) (crypto.randomInt on the server). */
export function makeInviteCode(randomInt: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return code;
}

/** The code as stored, from what a user typed ("abcd-efgh " → "ABCDEFGH"), or null when it cannot be one. */
export function normaliseInviteCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== INVITE_CODE_LENGTH) return null;
  for (const ch of code) if (INVITE_ALPHABET.indexOf(ch) < 0) return null;
  return code;
}

export interface InviteState {
  usedBy: string | null;
  expiresAt: Date;
}

/**
 * Why `openid` may not redeem this invite at `now`, or null. An invite this user already redeemed is
 * not refused, even after expiry: redeeming again must be idempotent.
 */
export function inviteRefusal(invite: InviteState | null, openid: string, now: Date): ErrorCode | null {
  if (!invite) return 'INVITE_INVALID';
  if (invite.usedBy === openid) return null;
  if (invite.usedBy !== null) return 'INVITE_USED';
  if (now.getTime() >= invite.expiresAt.getTime()) return 'INVITE_EXPIRED';
  return null;
}
