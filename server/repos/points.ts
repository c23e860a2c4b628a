// Stored shapes of the points ledger, their ids, and the one way a wallet changes (txAccount, txWrite).
// Views are in pointsViews.ts, queries in pointsStore.ts, stock shards in pointsStock.ts.
import { createHash, randomInt } from 'node:crypto';
import { emptyWallet, type EntryDraft, type EntryKind, type LotTake, type Wallet } from '../../domain/points/ledger';
import type { AwardState, ClaimStatus } from '../../domain/points/notice';
import type { DeedType } from '../../domain/points/rules';
import type { SecondKeyState } from '../../domain/points/secondKey';
import { pickupCodeFrom, type ItemTerms, type OrderStatus } from '../../domain/points/shop';
import { POINTS_COLLECTIONS } from './pointsCollections';
import type { Tx } from './pointsTx';

export { POINTS_COLLECTIONS };
const C = POINTS_COLLECTIONS;

/** A redemption remembered on the account, so a repeated request finds its order without a query. */
export interface RecentRedeem {
  requestId: string;
  orderId: string;
}

/** pointsAccounts/<openid>: the wallet, written only together with its ledger entries. */
export interface AccountDoc extends Wallet {
  _id: string;
  /** Number of ledger entries so far; entry n carries seq n. */
  seq: number;
  recent: RecentRedeem[];
  /** Earliest lot expiry, for the nightly write-off. */
  nextExpiry: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** pointsLedger/<key>: append-only; never updated or removed. */
export interface EntryDoc {
  _id: string;
  openid: string;
  /** Position in the account's ledger, from 1. */
  seq: number;
  kind: EntryKind;
  points: number;
  balanceAfter: number;
  lots: LotTake[];
  at: Date;
  note: string;
  /**
   * What no two entries share (a unique index): a spend's `pickup-<communityId>-<code>`, so a pickup code
   * names one order in its community; any other entry's own id.
   */
  uniqueKey: string;
}

/**
 * A spend entry is also the order: its `_id` is `order-<hash of openid and requestId>` (so a repeated
 * request, however old, finds it); its random pickup code is claimed by its uniqueKey; its outcome
 * lives in pointsOrderOutcomes.
 */
export interface SpendDoc extends EntryDoc {
  kind: 'spend';
  requestId: string;
  itemId: string;
  itemName: string;
  communityId: string;
  quantity: number;
  pickupCode: string;
}

/** pointsOrderOutcomes/<orderId>: created once, by verify or cancel; whichever comes first wins. */
export interface OutcomeDoc {
  _id: string;
  status: Exclude<OrderStatus, 'placed'>;
  openid: string;
  at: Date;
  by: string;
  /** The call that wrote it, so that call's retry recognises its own write. */
  token: string;
}

export interface ClaimDoc {
  _id: string;
  openid: string;
  communityId: string;
  deedType: DeedType;
  text: string;
  photos: string[];
  /** Photos the media check reported risky: shown to the community's staff only. */
  hiddenPhotos?: string[];
  status: ClaimStatus;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  points: number | null;
  reason: string | null;
  awardId: string | null;
  /** The second key, when the award needed one. */
  confirmedBy?: string | null;
}

/** pointsVerifyLimits/<hash of staff>-<hour>: verifications reserved in that hour (a success gives its reservation back). */
export interface VerifyLimitDoc {
  _id: string;
  staff: string;
  window: string;
  failures: number;
  /** When the nightly run may remove it. */
  expiresAt: Date;
}

/** What an award is: to whom, where, how many points and why (shared by its second key and its 公示). */
interface AwardFields {
  openid: string;
  residentTag: string;
  communityId: string;
  points: number;
  source: 'claim' | 'award';
  title: string;
  text: string;
}

/** pointsSecondKeys/<awardId>: an award above the threshold; the 公示 entry is written only at the second key. */
export interface SecondKeyDoc extends AwardFields {
  _id: string;
  /** The claim this approval decides, or null for a direct award. */
  claimId: string | null;
  requestedBy: string;
  requestedAt: Date;
  status: SecondKeyState;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** Why the second key was refused. */
  reason: string | null;
}

export interface AwardDoc extends AwardFields {
  _id: string;
  awardedBy: string;
  /** The second staff member, when the award needed one; the 公示 started at their key. */
  confirmedBy?: string | null;
  at: Date;
  noticeEndsAt: Date;
  state: AwardState;
  objections: number;
  /** token: the call that wrote it, so that call's retry recognises its own write. */
  ruling: { upheld: boolean; note: string; at: Date; by: string; token: string } | null;
}

/** pointsObjections/<objection-hash(openid, awardId)>: one per resident and award. */
export interface ObjectionDoc {
  _id: string;
  awardId: string;
  openid: string;
  reason: string;
  at: Date;
  token: string;
}

/** pointsItems/<itemId>: what the shop shows. Its stock lives in `shards` StockShardDocs. */
export interface ItemDoc extends ItemTerms {
  _id: string;
  name: string;
  picture: string;
  /** Pictures the media check reported risky: shown to the community's staff only. */
  hiddenPhotos?: string[];
  description: string;
  /** How many stock shards it has: pointsAccounts/<itemId>#0 … #(shards − 1). */
  shards: number;
  /** Last restock request ids, so a repeated restock adds nothing. */
  restocks: string[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * pointsAccounts/<itemId>#<k>: one shard of an item's stock, with a copy of the item's terms (written in
 * the same transaction as every change of the item), so a redemption never reads the item itself.
 */
export interface StockShardDoc extends ItemTerms {
  _id: string;
  itemId: string;
  shard: number;
  name: string;
  stock: number;
  updatedAt: Date;
}

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** An id derived from who asked and their request id: the same request always maps to the same document. */
export function requestKey(prefix: string, openid: string, requestId: string): string {
  return `${prefix}-${digest(prefix, openid, requestId).slice(0, 24)}`;
}

/** A fresh pickup code from the crypto RNG: nothing about the order or its buyer predicts it. */
export function newPickupCode(): string {
  return pickupCodeFrom((bound) => randomInt(bound));
}

/** The order a request makes: the same request, however old, maps to the same order. */
export function orderIdOf(openid: string, requestId: string): string {
  return requestKey('order', openid, requestId);
}

/** The uniqueKey of the order a pickup code names in a community. */
export function pickupKeyOf(communityId: string, code: string): string {
  return `pickup-${communityId}-${code}`;
}

/** Shard `k` of an item's stock. */
export function shardIdOf(itemId: string, k: number): string {
  return `${itemId}#${k}`;
}

/** A staff member's failed-verification counter for one hour. */
export function verifyLimitIdOf(staff: string, window: string): string {
  return `verify-${digest('verify', staff).slice(0, 24)}-${window}`;
}

/** A resident's public tag on the 公示 list: stable, not reversible to the openid. */
export function residentTag(openid: string): string {
  return `居民${digest('tag', openid).slice(0, 4).toUpperCase()}`;
}

/** A wallet document for `openid` that does not exist yet. */
export function newAccount(openid: string, now: Date): AccountDoc {
  return { _id: openid, ...emptyWallet(), seq: 0, recent: [], nextExpiry: null, createdAt: now, updatedAt: now };
}

/** Reads the account in a transaction; a first-time resident gets a fresh one (written on the first change). */
export async function txAccount(tx: Tx, openid: string, now: Date): Promise<AccountDoc> {
  const { data } = await tx.collection(C.accounts).doc(openid).get();
  return data ? (data as AccountDoc) : newAccount(openid, now);
}

/** An entry to add with an account change; `seq` is assigned on write. */
export interface NewEntry {
  id: string;
  draft: EntryDraft;
  note: string;
  /** More fields (a spend entry's order fields, its uniqueKey). */
  extra?: object;
}

/**
 * Writes a wallet change in the transaction: its entries (numbered on from the account's seq, so an
 * account's entries run 1..n without gaps), then the whole account document. Entries go first, so a
 * reused key fails before anything else is written.
 */
export async function txWrite(
  tx: Tx,
  account: AccountDoc,
  wallet: Wallet,
  entries: NewEntry[],
  now: Date,
  recent = account.recent
): Promise<AccountDoc> {
  const docs: EntryDoc[] = entries.map((e, i) => ({
    _id: e.id,
    openid: account._id,
    seq: account.seq + i + 1,
    kind: e.draft.kind,
    points: e.draft.points,
    balanceAfter: e.draft.balanceAfter,
    lots: e.draft.lots,
    at: now,
    note: e.note,
    uniqueKey: e.id,
    ...e.extra
  }));
  const next: AccountDoc = {
    ...account,
    balance: wallet.balance,
    lots: wallet.lots,
    earned: wallet.earned,
    bought: wallet.bought,
    recent,
    seq: account.seq + entries.length,
    nextExpiry: wallet.lots.reduce<Date | null>(
      (min, l) => (min === null || l.expiresAt < min ? l.expiresAt : min),
      null
    ),
    updatedAt: now
  };
  const { _id, ...data } = next;
  // One at a time: a transaction's operations share one session, which serves them in turn.
  for (const doc of docs) await tx.collection(C.ledger).add({ data: doc });
  await tx.collection(C.accounts).doc(_id).set({ data });
  return next;
}

/** The expire entry of a change that wrote off lapsed lots, keyed by the seq it will get (`position` among the change's entries). */
export function expireEntry(account: AccountDoc, draft: EntryDraft, position = 1): NewEntry {
  return { id: `expire-${digest(account._id).slice(0, 16)}-${account.seq + position}`, draft, note: '积分到期清零' };
}
