// Stored shapes of the points ledger and their mapping to domain values and views, in one place.
import { createHash, randomInt } from 'node:crypto';
import org from '../../data/dadukou-org.json';
import { buildUnits, getUnit, type Unit } from '../../domain/org';
import { emptyWallet, type EntryDraft, type EntryKind, type LotTake, type Wallet } from '../../domain/points/ledger';
import { noticeStatus, type AwardState, type ClaimStatus } from '../../domain/points/notice';
import { DEED_RULES, type DeedType } from '../../domain/points/rules';
import type { SecondKeyState } from '../../domain/points/secondKey';
import { pickupCodeFrom, type OrderStatus, type ShopItem } from '../../domain/points/shop';
import type {
  PointsClaimView,
  PointsEntryView,
  PointsItemView,
  PointsNoticeView,
  PointsOrderView,
  PointsPickupView
} from '../../typings/points';
import { AppError } from '../function';
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
}

/**
 * A spend entry is also the order: its `_id` is `order-<hash of openid and requestId>` (so a repeated request,
 * however old, finds it); its random pickup code is claimed in pointsPickups; its outcome lives in pointsOrderOutcomes.
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

/** pointsPickups/<communityId>-<pickupCode>: written with the order, never removed, so a code is never reused. */
export interface PickupDoc {
  _id: string;
  orderId: string;
  at: Date;
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

/** pointsSecondKeys/<awardId>: an award above the threshold; the 公示 entry is written only at the second key. */
export interface SecondKeyDoc {
  _id: string;
  openid: string;
  residentTag: string;
  communityId: string;
  points: number;
  source: 'claim' | 'award';
  title: string;
  text: string;
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

export interface AwardDoc {
  _id: string;
  openid: string;
  residentTag: string;
  communityId: string;
  points: number;
  source: 'claim' | 'award';
  title: string;
  text: string;
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

export interface ItemDoc extends ShopItem {
  _id: string;
  name: string;
  picture: string;
  /** Pictures the media check reported risky: shown to the community's staff only. */
  hiddenPhotos?: string[];
  description: string;
  /** Last restock request ids, so a repeated restock adds nothing. */
  restocks: string[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const units: Unit[] = buildUnits(org);

/** The community with this id, or null (towns, departments and unknown ids are not communities). */
export function communityOf(id: string): Unit | null {
  const u = getUnit(id, units);
  return u && u.kind === 'community' ? u : null;
}

export function communityName(id: string): string {
  return getUnit(id, units)?.name ?? id;
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

/** The pickup document of a code in a community. */
export function pickupIdOf(communityId: string, code: string): string {
  return `${communityId}-${code}`;
}

/** A staff member's failed-verification counter for one hour. */
export function verifyLimitIdOf(staff: string, window: string): string {
  return `verify-${digest('verify', staff).slice(0, 24)}-${window}`;
}

/** A resident's public tag on the 公示 list: stable, not reversible to the openid. */
export function residentTag(openid: string): string {
  return `居民${digest('tag', openid).slice(0, 4).toUpperCase()}`;
}

/** The caller's openid, or NOT_LOGGED_IN. */
export function requireOpenid(openid: string | null): string {
  if (!openid) throw new AppError('NOT_LOGGED_IN');
  return openid;
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
  /** More fields (a spend entry's order fields). */
  extra?: object;
}

/**
 * Writes a wallet change in the transaction: its entries (numbered on from the account's seq, so an
 * account's entries run 1..n without gaps) and the whole account document. Entries go first, so a
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
  let seq = account.seq;
  for (const e of entries) {
    seq += 1;
    const doc: EntryDoc = {
      _id: e.id,
      openid: account._id,
      seq,
      kind: e.draft.kind,
      points: e.draft.points,
      balanceAfter: e.draft.balanceAfter,
      lots: e.draft.lots,
      at: now,
      note: e.note,
      ...e.extra
    };
    await tx.collection(C.ledger).add({ data: doc });
  }
  const next: AccountDoc = {
    ...account,
    balance: wallet.balance,
    lots: wallet.lots,
    earned: wallet.earned,
    bought: wallet.bought,
    recent,
    seq,
    nextExpiry: wallet.lots.reduce<Date | null>(
      (min, l) => (min === null || l.expiresAt < min ? l.expiresAt : min),
      null
    ),
    updatedAt: now
  };
  const { _id, ...data } = next;
  await tx.collection(C.accounts).doc(_id).set({ data });
  return next;
}

/** The expire entry of a change that wrote off lapsed lots, keyed by the seq it will get (`position` among the change's entries). */
export function expireEntry(account: AccountDoc, draft: EntryDraft, position = 1): NewEntry {
  return { id: `expire-${digest(account._id).slice(0, 16)}-${account.seq + position}`, draft, note: '积分到期清零' };
}

export function claimView(c: ClaimDoc, viewer: string): PointsClaimView {
  return {
    claimId: c._id,
    deedType: c.deedType,
    deedLabel: DEED_RULES[c.deedType]?.label ?? c.deedType,
    communityId: c.communityId,
    communityName: communityName(c.communityId),
    text: c.text,
    photos: c.photos,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    decidedAt: c.decidedAt ? c.decidedAt.toISOString() : null,
    points: c.points,
    reason: c.reason,
    awardId: c.awardId,
    isMine: c.openid === viewer
  };
}

export function noticeView(a: AwardDoc, viewer: string, now: Date): PointsNoticeView {
  return {
    awardId: a._id,
    communityId: a.communityId,
    communityName: communityName(a.communityId),
    residentTag: a.residentTag,
    points: a.points,
    title: a.title,
    text: a.text,
    source: a.source,
    status: noticeStatus(a, now),
    awardedAt: a.at.toISOString(),
    noticeEndsAt: a.noticeEndsAt.toISOString(),
    objections: a.objections,
    ruling: a.ruling ? { upheld: a.ruling.upheld, note: a.ruling.note, at: a.ruling.at.toISOString() } : null,
    isMine: a.openid === viewer
  };
}

/** An award waiting for (or refused) its second key, in the 公示 entry's shape: no notice period yet. */
export function secondKeyView(k: SecondKeyDoc, viewer: string): PointsNoticeView {
  return {
    awardId: k._id,
    communityId: k.communityId,
    communityName: communityName(k.communityId),
    residentTag: k.residentTag,
    points: k.points,
    title: k.title,
    text: k.text,
    source: k.source,
    status: k.status === 'declined' ? 'declined' : 'awaiting',
    awardedAt: k.requestedAt.toISOString(),
    noticeEndsAt: null,
    objections: 0,
    ruling: null,
    isMine: k.openid === viewer,
    claimId: k.claimId,
    requestedByMe: k.requestedBy === viewer,
    reason: k.reason
  };
}

export function entryView(e: EntryDoc): PointsEntryView {
  return {
    entryId: e._id,
    kind: e.kind,
    points: e.points,
    balanceAfter: e.balanceAfter,
    at: e.at.toISOString(),
    note: e.note
  };
}

export function itemView(i: ItemDoc): PointsItemView {
  return {
    itemId: i._id,
    communityId: i.communityId,
    name: i.name,
    picture: i.picture,
    description: i.description,
    points: i.points,
    stock: i.stock,
    monthlyLimit: i.monthlyLimit,
    status: i.status,
    availableUntil: i.availableUntil ? i.availableUntil.toISOString() : null
  };
}

export function orderView(s: SpendDoc, outcome: OutcomeDoc | null): PointsOrderView {
  return {
    orderId: s._id,
    itemId: s.itemId,
    itemName: s.itemName,
    communityId: s.communityId,
    communityName: communityName(s.communityId),
    quantity: s.quantity,
    points: -s.points,
    status: outcome?.status ?? 'placed',
    pickupCode: s.pickupCode,
    buyerTag: residentTag(s.openid),
    placedAt: s.at.toISOString(),
    closedAt: outcome ? outcome.at.toISOString() : null
  };
}

/** What staff see before collecting: the item, the quantity and the buyer's tag (never an openid or a phone). */
export function pickupView(s: SpendDoc, outcome: OutcomeDoc | null): PointsPickupView {
  return {
    orderId: s._id,
    itemName: s.itemName,
    quantity: s.quantity,
    points: -s.points,
    buyerTag: residentTag(s.openid),
    status: outcome?.status ?? 'placed',
    placedAt: s.at.toISOString(),
    closedAt: outcome ? outcome.at.toISOString() : null
  };
}
