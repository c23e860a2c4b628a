// Staff invites, one document per code (`_id` = the code, so a lookup is one indexed read).
import { randomInt } from 'node:crypto';
import { INVITE_TTL_MS, makeInviteCode } from '../../domain/invites';
import type { InviteRole } from '../../typings/account';
import { database, settle } from '../cloud';
import { COLLECTIONS } from '../collections';
import { isMissingCollection } from './users';

export interface InviteDoc {
  _id: string; // the code
  unitId: string;
  unitName: string;
  role: InviteRole;
  /** The admin's openid; null for the first admin invite, which setup.bootstrap mints from the console. */
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedBy: string | null;
  usedAt: Date | null;
  /** Minted by setup.bootstrap: it binds only while no admin exists. */
  bootstrap?: boolean;
  /** Its 小程序码 in cloud storage (invites/<code>.png); absent when WeChat could not draw one. */
  qrFileId?: string;
}

/** The invite with this code, or null (also before setup created the collection). */
export async function findInvite(code: string): Promise<InviteDoc | null> {
  try {
    const res = await settle(database().collection(COLLECTIONS.invites).where({ _id: code }).limit(1).get());
    return (res.data[0] as InviteDoc | undefined) ?? null;
  } catch (e) {
    if (isMissingCollection(e)) return null;
    throw e;
  }
}

/** Stores a new invite; false when the code is taken (the caller draws another). */
export async function insertInvite(doc: InviteDoc): Promise<boolean> {
  try {
    await settle(database().collection(COLLECTIONS.invites).add({ data: doc }));
    return true;
  } catch (e) {
    if (/E11000|duplicate key/i.test(String((e as { errMsg?: string })?.errMsg ?? ''))) return false;
    throw e;
  }
}

// 31^8 codes: a clash is rare enough that three draws never all collide in practice.
const DRAWS = 3;

export type NewInvite = Pick<InviteDoc, 'unitId' | 'unitName' | 'role' | 'createdBy'> & { bootstrap?: boolean };

/**
 * Draws a fresh code and stores the invite, valid 7 days from `now`. Requests: 1 (a clash redraws).
 * `extras(code)` adds fields that depend on the code (its 小程序码) before the one insert.
 */
export async function mintInvite(
  invite: NewInvite,
  now: Date,
  extras?: (code: string) => Promise<Pick<InviteDoc, 'qrFileId'>>
): Promise<InviteDoc> {
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  for (let i = 0; i < DRAWS; i++) {
    const code = makeInviteCode(randomInt);
    const doc: InviteDoc = {
      _id: code,
      ...invite,
      ...(extras ? await extras(code) : {}),
      createdAt: now,
      expiresAt,
      usedBy: null,
      usedAt: null
    };
    if (await insertInvite(doc)) return doc;
  }
  throw new Error('no free invite code after several draws');
}

/** Ends every unused bootstrap invite now (one request): a new bootstrap leaves only its own code live. */
export async function expireBootstrapInvites(now: Date): Promise<void> {
  const _ = database().command;
  await settle(
    database()
      .collection(COLLECTIONS.invites)
      .where({ bootstrap: true, usedBy: null, expiresAt: _.gt(now) })
      .update({ data: { expiresAt: now } })
  );
}

/**
 * Marks an unused, unexpired invite as used by `openid`; false when someone else's claim landed first
 * (or it expired meanwhile). One conditional update of one document: the step that decides who owns a code.
 */
export async function claimInvite(code: string, openid: string, now: Date): Promise<boolean> {
  const _ = database().command;
  const res = await settle(
    database()
      .collection(COLLECTIONS.invites)
      .where({ _id: code, usedBy: null, expiresAt: _.gt(now) })
      .update({ data: { usedBy: openid, usedAt: now } })
  );
  return (res as { stats?: { updated?: number } }).stats?.updated === 1;
}
