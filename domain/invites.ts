// Staff invite codes: an admin (or a unit's head, for its staff) creates one for a unit and a role; it is redeemed once.
import { rosterInviteRefusal } from './deliberationAccess';
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
  usedAt: Date | null;
  expiresAt: Date;
}

/** The caller's `users` document as the rule needs it; an unbound one has role 'resident' (account.unbind). */
export interface BindingState {
  role: 'resident' | 'staff' | 'admin';
  /** The code whose redemption wrote this binding. */
  inviteCode?: string;
  /** When this binding (or its removal) was written. */
  createdAt: Date;
}

/**
 * What redeeming `code` does for `openid` at `now`:
 *  - claim: unused and live: claim it, then bind;
 *  - complete: this caller claimed it but the binding was never written (a failure in between): bind;
 *  - answer: already settled: answer the caller's binding as it stands, write nothing;
 *  - refuse: with its code.
 * A used or expired invite never binds anyone again: once the binding it wrote was removed (or was
 * replaced), the code is spent; a claim left half-done is finished only before the code expires.
 */
export type RedeemStep =
  { kind: 'claim' } | { kind: 'complete' } | { kind: 'answer' } | { kind: 'refuse'; code: ErrorCode };

export function redeemStep(
  code: string,
  invite: InviteState | null,
  openid: string,
  user: BindingState | null,
  now: Date
): RedeemStep {
  if (!invite) return { kind: 'refuse', code: 'INVITE_INVALID' };
  const expired = now.getTime() >= invite.expiresAt.getTime();
  if (invite.usedBy === null) return expired ? { kind: 'refuse', code: 'INVITE_EXPIRED' } : { kind: 'claim' };
  if (invite.usedBy !== openid) return { kind: 'refuse', code: 'INVITE_USED' };
  // Claimed by this caller: settled when its binding was written, or the binding changed since the claim.
  const settled =
    user !== null &&
    (user.inviteCode === code || (invite.usedAt !== null && user.createdAt.getTime() >= invite.usedAt.getTime()));
  if (!settled) return expired ? { kind: 'refuse', code: 'INVITE_EXPIRED' } : { kind: 'complete' };
  // An unbound caller stays unbound: the old code does not bring them back.
  return user.role === 'resident' ? { kind: 'refuse', code: 'INVITE_USED' } : { kind: 'answer' };
}

/** The inviter as the invite rule sees them (their `users` document). */
export interface Inviter {
  role: 'resident' | 'staff' | 'admin';
  unitId: string | null;
  head?: boolean;
}

/**
 * Why `inviter` may not invite someone as `role` to `unitId`, or null when they may: an admin for any
 * unit and role; a unit's head only staff of their own unit (NOT_ADMIN for anyone else).
 */
export function inviteRefusal(inviter: Inviter | null, unitId: string, role: string): ErrorCode | null {
  if (inviter?.role === 'admin') return null;
  if (inviter?.role !== 'staff' || !inviter.head) return 'NOT_ADMIN';
  if (inviter.unitId !== unitId) return 'OUTSIDE_OWN_UNIT';
  if (role !== 'staff') return 'INVITE_ROLE_NOT_ALLOWED';
  return null;
}

/** Why an invite cannot be redeemed at `now` (what account.inviteInfo answers), or null when it can. */
export function inviteProblem(invite: InviteState | null, now: Date): ErrorCode | null {
  if (!invite) return 'INVITE_INVALID';
  if (invite.usedBy !== null) return 'INVITE_USED';
  if (now.getTime() >= invite.expiresAt.getTime()) return 'INVITE_EXPIRED';
  return null;
}

/** The 小程序码's `scene` (wxacode.getUnlimited): at most 32 visible characters of this set. */
export const WXACODE_SCENE_MAX = 32;
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;

/** The scene a scanned invite opens the redeem page with: the code itself (8 characters, within the limit). */
export function inviteScene(code: string): string {
  if (code.length > WXACODE_SCENE_MAX || !SCENE_CHARS.test(code)) throw new RangeError(`not a 小程序码 scene: ${code}`);
  return code;
}

/** The invite as the revocation rule needs it. */
export interface MintedInvite {
  unitId: string;
  role: string;
  /** null: the console's bootstrap invite, which has no minter to lose their rights. */
  createdBy: string | null;
}

/**
 * INVITE_REVOKED when an invite that was good when minted no longer binds: its unit has been
 * deactivated, or its minter may no longer mint it (unbound, demoted, no longer the unit's head, moved
 * elsewhere); else null. Judged with the minter and unit as they are now, so taking a person's rights
 * away also voids the codes they handed out.
 */
export function mintRevoked(
  invite: MintedInvite,
  minter: Inviter | null,
  unit: { inactive?: boolean } | null
): ErrorCode | null {
  if (unit?.inactive) return 'INVITE_REVOKED';
  if (invite.createdBy === null) return null;
  const roster = invite.role === 'representative' || invite.role === 'supervisor';
  const refused = roster
    ? rosterInviteRefusal(minter, invite.unitId)
    : inviteRefusal(minter, invite.unitId, invite.role);
  return refused ? 'INVITE_REVOKED' : null;
}
