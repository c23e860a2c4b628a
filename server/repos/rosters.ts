// Residents' seats in a community's deliberation (domain/deliberationAccess.ts): their chosen community,
// the representatives' and supervisory committee's rosters, and one voter per household. A member stays
// a resident: nothing here touches `users`.
import { createHash, randomInt } from 'node:crypto';
import type { Membership, MembershipKind } from '../../domain/deliberationAccess';
import { rosterRedeemStep } from '../../domain/deliberationAccess';
import { INVITE_TTL_MS, makeInviteCode } from '../../domain/invites';
import type { DeliberationRules, RosterRole } from '../../typings/deliberation';
import { AppError } from '../function';
import { database, settle } from '../cloud';
import { DELIBERATION_COLLECTIONS as C } from './deliberationCollections';
import { claimInvite, findInvite, type InviteDoc } from './invites';
import { isMissingCollection } from './users';

export interface RosterDoc {
  _id: string;
  kind: MembershipKind;
  communityId: string;
  /** The seat's holder; null for a household whose voter has not registered yet. */
  openid: string | null;
  joinedAt: Date;
  name?: string;
  /** Households: the label staff gave (e.g. 3栋2单元501) and the one-time code its voter redeems. */
  household?: string;
  code?: string | null;
  codeExpiresAt?: Date | null;
}

interface RulesDoc {
  _id: string;
  kind: 'rules';
  communityId: string;
  rules: Partial<DeliberationRules>;
}

const rosters = () => database().collection(C.rosters);

export const seatId = (communityId: string, kind: RosterRole, openid: string): string =>
  `${communityId}:${kind}:${openid}`;
/** A household's key from its label: its seat's id and its ballot's. */
export const householdKey = (label: string): string =>
  createHash('sha256').update(label).digest('base64url').slice(0, 16);

/** An opaque id of a seat for pages (never the openid). */
export const memberIdOf = (id: string): string =>
  createHash('sha256').update(`seat:${id}`).digest('base64url').slice(0, 16);

/** Every seat of `openid` (home and rosters): one request. */
export async function membershipsOf(openid: string): Promise<Membership[]> {
  try {
    const res = await settle(rosters().where({ openid }).limit(20).get());
    return (res.data as RosterDoc[]).map((d) => {
      const m: Membership = { kind: d.kind, communityId: d.communityId, joinedAt: new Date(d.joinedAt) };
      if (d.household) m.household = householdKey(d.household);
      return m;
    });
  } catch (e) {
    if (isMissingCollection(e)) return [];
    throw e;
  }
}

/** The resident's chosen community (one write; choosing again replaces it). */
export async function saveHome(openid: string, communityId: string, now: Date): Promise<void> {
  const doc: Omit<RosterDoc, '_id'> = { kind: 'home', communityId, openid, joinedAt: now };
  await settle(rosters().doc(`home:${openid}`).set({ data: doc }));
}

/** Seats a representative or supervisor (idempotent: a retry keeps the first joinedAt's document). */
async function addSeat(
  communityId: string,
  kind: RosterRole,
  openid: string,
  name: string | undefined,
  now: Date
): Promise<void> {
  const doc: Omit<RosterDoc, '_id'> = { kind, communityId, openid, joinedAt: now };
  if (name) doc.name = name;
  try {
    await settle(rosters().add({ data: { _id: seatId(communityId, kind, openid), ...doc } }));
  } catch (e) {
    if (!/E11000|duplicate key/i.test(String((e as { errMsg?: string })?.errMsg ?? e))) throw e;
  }
}

/**
 * account.redeemInvite for role representative/supervisor: claims the code, then seats the caller on
 * the community's roster. Their `users` binding is untouched (they stay a resident). Requests: 3
 * (invite and seats read at once, the claim, the seat); 2 on a retry.
 */
export async function redeemRosterInvite(
  code: string,
  found: InviteDoc,
  openid: string,
  name: string | undefined,
  callerRole: 'resident' | 'staff' | 'admin',
  now: Date
): Promise<void> {
  const kind = found.role as RosterRole;
  const step = rosterRedeemStep(found, openid, await membershipsOf(openid), kind, now, callerRole);
  if (step.kind === 'refuse') throw new AppError(step.code, found.unitId);
  if (step.kind === 'claim' && !(await claimInvite(code, openid, now))) {
    const again = await findInvite(code);
    if (!again || again.usedBy !== openid)
      throw new AppError(again && again.usedBy === null ? 'INVITE_EXPIRED' : 'INVITE_USED');
  }
  await addSeat(found.unitId, kind, openid, name, now);
}

/** How many hold a seat of the body now (one request): the quorum's base when a vote opens. */
export async function countSeats(communityId: string, kind: 'representative' | 'household'): Promise<number> {
  const _ = database().command;
  const res = await settle(
    rosters()
      .where({ communityId, kind, openid: _.neq(null) })
      .count()
  );
  return (res as { total: number }).total;
}

/** The community's roster (representatives, supervisors, registered households), earliest first; at most 1000. */
export async function listRoster(communityId: string): Promise<RosterDoc[]> {
  const _ = database().command;
  const res = await settle(
    rosters()
      .where({ communityId, kind: _.in(['representative', 'supervisor', 'household']) })
      .orderBy('joinedAt', 'asc')
      .limit(1000)
      .get()
  );
  return res.data as RosterDoc[];
}

/**
 * A household's one-time registration code, valid 7 days; registering the household again replaces its
 * voter when the new code is redeemed (its ballot stays the household's). Requests: 1.
 */
export async function registerHousehold(
  communityId: string,
  household: string,
  now: Date
): Promise<{ code: string; expiresAt: Date }> {
  const _id = `${communityId}:household:${householdKey(household)}`;
  const code = makeInviteCode(randomInt);
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  const found = await settle(rosters().where({ _id }).limit(1).get());
  const old = found.data[0] as RosterDoc | undefined;
  const doc: Omit<RosterDoc, '_id'> = {
    kind: 'household',
    communityId,
    household,
    openid: old?.openid ?? null,
    joinedAt: old ? new Date(old.joinedAt) : now,
    code,
    codeExpiresAt: expiresAt
  };
  await settle(rosters().doc(_id).set({ data: doc }));
  return { code, expiresAt };
}

/** The household whose live code this is, or null. */
export async function findHouseholdByCode(code: string, now: Date): Promise<RosterDoc | null> {
  const _ = database().command;
  const res = await settle(
    rosters()
      .where({ code, kind: 'household', codeExpiresAt: _.gt(now) })
      .limit(1)
      .get()
  );
  return (res.data[0] as RosterDoc | undefined) ?? null;
}

/** Makes `openid` the household's voter and spends the code (conditional on it being unchanged): false when lost. */
export async function takeHousehold(doc: RosterDoc, openid: string, now: Date): Promise<boolean> {
  const res = await settle(
    rosters()
      .where({ _id: doc._id, code: doc.code ?? null })
      .update({ data: { openid, code: null, codeExpiresAt: null, joinedAt: now } })
  );
  return (res as { stats?: { updated?: number } }).stats?.updated === 1;
}

export async function findRules(communityId: string): Promise<Partial<DeliberationRules> | null> {
  try {
    const res = await settle(
      rosters()
        .where({ _id: `${communityId}:rules` })
        .limit(1)
        .get()
    );
    return (res.data[0] as RulesDoc | undefined)?.rules ?? null;
  } catch (e) {
    if (isMissingCollection(e)) return null;
    throw e;
  }
}

export async function saveRules(communityId: string, rules: DeliberationRules): Promise<void> {
  const doc: Omit<RulesDoc, '_id'> = { kind: 'rules', communityId, rules };
  await settle(rosters().doc(`${communityId}:rules`).set({ data: doc }));
}
