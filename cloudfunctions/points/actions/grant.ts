// Credits an award inside a transaction: a pending lot on the resident's account, its earn entry,
// and the 公示 listing, all or nothing. Shared by approve (claims), award (direct) and confirmAward
// (the second key); txFirstKey stores an award above the threshold until that second key.
import { earn, expire, isFailure, noticeEndOf, type Wallet } from '../../../domain/points/ledger';
import type { PointsPolicy } from '../../../domain/points/rules';
import { AppError } from '../../../server/function';
import {
  expireEntry,
  POINTS_COLLECTIONS as C,
  residentTag,
  txAccount,
  txWrite,
  type AwardDoc,
  type NewEntry,
  type SecondKeyDoc
} from '../../../server/repos/points';
import { txAdd } from '../../../server/repos/pointsStore';
import type { Tx } from '../../../server/repos/pointsTx';

export interface Grant {
  awardId: string;
  openid: string;
  communityId: string;
  points: number;
  source: AwardDoc['source'];
  title: string;
  text: string;
  awardedBy: string;
  /** The second key, when the award needed one (the notice period starts now, at that key). */
  confirmedBy?: string;
}

/** What the 公示 record and the record awaiting a second key both say of the award. */
function awardFields(
  g: Grant
): Pick<AwardDoc, '_id' | 'openid' | 'residentTag' | 'communityId' | 'points' | 'source' | 'title' | 'text'> {
  return {
    _id: g.awardId,
    openid: g.openid,
    residentTag: residentTag(g.openid),
    communityId: g.communityId,
    points: g.points,
    source: g.source,
    title: g.title,
    text: g.text
  };
}

/** Writes the award; refuses caps with DAILY_CAP_EXCEEDED / MONTHLY_CAP_EXCEEDED. Returns the 公示 document. */
export async function txGrant(tx: Tx, g: Grant, now: Date, policy: PointsPolicy): Promise<AwardDoc> {
  const account = await txAccount(tx, g.openid, now);
  const entries: NewEntry[] = [];
  let wallet: Wallet = account;
  const lapsed = expire(wallet, now);
  if (lapsed) {
    wallet = lapsed.wallet;
    entries.push(expireEntry(account, lapsed.entry));
  }
  const change = earn(wallet, g.awardId, g.points, now, policy);
  if (isFailure(change)) throw new AppError(change.code, change.detail);
  entries.push({
    id: `earn-${g.awardId}`,
    draft: change.entry,
    note: `${g.title}（公示期满后可用）`,
    extra: { awardId: g.awardId }
  });
  const award: AwardDoc = {
    ...awardFields(g),
    awardedBy: g.awardedBy,
    ...(g.confirmedBy ? { confirmedBy: g.confirmedBy } : {}),
    at: now,
    noticeEndsAt: noticeEndOf(now, policy),
    state: 'notice',
    objections: 0,
    ruling: null
  };
  await txAdd(tx, C.awards, award);
  await txWrite(tx, account, change.wallet, entries, now);
  return award;
}

/**
 * The first key of an award above the threshold: refuses what the caps would refuse now (the second
 * key checks them again, authoritatively) and stores the award to wait. No lot, no entry, no 公示 yet.
 */
export async function txFirstKey(
  tx: Tx,
  g: Grant,
  claimId: string | null,
  now: Date,
  policy: PointsPolicy
): Promise<SecondKeyDoc> {
  const account = await txAccount(tx, g.openid, now);
  const lapsed = expire(account, now);
  const trial = earn(lapsed ? lapsed.wallet : account, g.awardId, g.points, now, policy);
  if (isFailure(trial)) throw new AppError(trial.code, trial.detail);
  const doc: SecondKeyDoc = {
    ...awardFields(g),
    claimId,
    requestedBy: g.awardedBy,
    requestedAt: now,
    status: 'awaiting',
    decidedBy: null,
    decidedAt: null,
    reason: null
  };
  await txAdd(tx, C.secondKeys, doc);
  return doc;
}
