// 三上三下三公开: who may do what in a community's deliberation. The council is the community's own staff;
// residents belong to a community by their own choice ("my community") or by sitting on its rosters
// (representatives, the supervisory committee, a household's voter), and stay residents throughout.
import type { RosterRole, VotingBody } from '../typings/deliberation';
import { fail, type ErrorCode, type Failure } from './errors';

export type MembershipKind = 'home' | RosterRole | 'household';

export interface Membership {
  kind: MembershipKind;
  communityId: string;
  joinedAt: Date;
  household?: string;
}

/** The caller as the deliberation rules see them. */
export interface Participant {
  kind: 'resident' | 'staff' | 'admin';
  /** The unit staff serve; null for others. */
  unitId: string | null;
  memberships: readonly Membership[];
}

/** The community's council: its own staff (admins are nobody's staff). */
export function isCouncil(p: Participant, communityId: string): boolean {
  return p.kind === 'staff' && p.unitId === communityId;
}

/** The community a resident belongs to: their rosters' community first (one person sits on one), else their choice. */
export function homeOf(p: Participant): string | null {
  if (p.kind === 'staff') return p.unitId;
  if (p.kind !== 'resident') return null;
  const seat = p.memberships.find((m) => m.kind !== 'home');
  return seat?.communityId ?? p.memberships.find((m) => m.kind === 'home')?.communityId ?? null;
}

/** 三公开: the community's residents, its council, and staff of the units above it read its topics. */
export function mayRead(p: Participant, communityId: string, unitsAbove: readonly string[]): boolean {
  if (isCouncil(p, communityId)) return true;
  if (p.kind === 'staff') return p.unitId !== null && unitsAbove.includes(p.unitId);
  return p.kind === 'resident' && p.memberships.some((m) => m.communityId === communityId);
}

/** Residents of the community propose, comment and follow; staff and admins do not speak as residents. */
export function residentRefusal(p: Participant, communityId: string): Failure | null {
  if (p.kind !== 'resident') return fail('RESIDENTS_ONLY', p.kind);
  if (!p.memberships.some((m) => m.communityId === communityId)) return fail('NOT_YOUR_COMMUNITY', communityId);
  return null;
}

export function councilRefusal(p: Participant, communityId: string): Failure | null {
  return isCouncil(p, communityId) ? null : fail('NOT_COUNCIL', communityId);
}

export function isSupervisor(p: Participant, communityId: string): boolean {
  return p.kind === 'resident' && p.memberships.some((m) => m.kind === 'supervisor' && m.communityId === communityId);
}

/** The caller's seat in `body` of `communityId` (the key their single ballot is filed under), or null. */
export function seatIn(
  p: Participant,
  openid: string,
  communityId: string,
  body: VotingBody
): { body: VotingBody; joinedAt: Date; key: string } | null {
  if (p.kind !== 'resident') return null;
  const kind: MembershipKind = body === 'representatives' ? 'representative' : 'household';
  const m = p.memberships.find((x) => x.kind === kind && x.communityId === communityId);
  if (!m) return null;
  // A household votes once whoever its registered voter is: the ballot is the household's.
  return { body, joinedAt: m.joinedAt, key: kind === 'household' ? `h-${m.household ?? ''}` : `r-${openid}` };
}

/**
 * Why `memberships` cannot take a seat of `kind` in `communityId`, or null: one person sits on the
 * rosters of one community only (ROSTER_OTHER_COMMUNITY); one household seat each (HOUSEHOLD_TAKEN).
 */
export function seatRefusal(
  memberships: readonly Membership[],
  kind: MembershipKind,
  communityId: string,
  household?: string
): ErrorCode | null {
  if (memberships.some((m) => m.kind !== 'home' && m.communityId !== communityId)) return 'ROSTER_OTHER_COMMUNITY';
  if (kind === 'household' && memberships.some((m) => m.kind === 'household' && m.household !== household))
    return 'HOUSEHOLD_TAKEN';
  return null;
}

/** A roster invite (account.createInvite role representative/supervisor): its community's staff create it. */
export function rosterInviteRefusal(
  inviter: { role: 'resident' | 'staff' | 'admin'; unitId: string | null } | null,
  unitId: string
): ErrorCode | null {
  if (inviter?.role !== 'staff') return 'NOT_COUNCIL';
  return inviter.unitId === unitId ? null : 'OUTSIDE_OWN_UNIT';
}

/** What redeeming a roster invite does (the caller's users binding never changes: they stay a resident). */
export function rosterRedeemStep(
  invite: { usedBy: string | null; expiresAt: Date; unitId: string },
  openid: string,
  memberships: readonly Membership[],
  kind: RosterRole,
  now: Date,
  callerRole: 'resident' | 'staff' | 'admin' = 'resident'
): { kind: 'claim' | 'complete' } | { kind: 'refuse'; code: ErrorCode } {
  // Seats are residents' (Art. 32: the village committee does not sit on its own supervisory committee).
  if (callerRole !== 'resident') return { kind: 'refuse', code: 'RESIDENTS_ONLY' };
  if (invite.usedBy !== null && invite.usedBy !== openid) return { kind: 'refuse', code: 'INVITE_USED' };
  const seated = seatRefusal(memberships, kind, invite.unitId);
  if (seated) return { kind: 'refuse', code: seated };
  if (invite.usedBy === openid) return { kind: 'complete' }; // a retry: make sure the seat is there
  if (now.getTime() >= invite.expiresAt.getTime()) return { kind: 'refuse', code: 'INVITE_EXPIRED' };
  return { kind: 'claim' };
}
