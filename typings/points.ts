// 德分宝 (points): requests and responses of the `points` function. Times are ISO strings.
import type { Page, PhotoUrl } from './cases';

export type PointsDeedType = 'volunteer' | 'neighbour' | 'bravery' | 'filial' | 'environment' | 'mediation' | 'other';
/** awaiting: approved by one staff member, waiting for a second (above the threshold). */
export type PointsClaimStatus = 'pending' | 'awaiting' | 'approved' | 'refused';
/**
 * notice: in 公示; objected: held until staff rule; confirmed: spendable; revoked: an objection was upheld.
 * awaiting / declined: an award above the threshold waiting for (or refused) its second staff key; staff only, never in 公示.
 */
export type PointsNoticeStatus = 'notice' | 'objected' | 'confirmed' | 'revoked' | 'awaiting' | 'declined';
export type PointsEntryKind = 'earn' | 'spend' | 'refund' | 'expire' | 'adjust';
export type PointsOrderStatus = 'placed' | 'collected' | 'cancelled';
export type PointsItemStatus = 'on' | 'off';

export interface PointsBalance {
  /** Spendable now. */
  balance: number;
  /** In 公示, or held by an objection. */
  pending: number;
  /** Points that lapse within 60 days (configurable). */
  expiringSoon: number;
  /** When the first of those lapse, or null. */
  expiringAt: string | null;
  /**
   * The community whose 积分工作台 the caller runs (its own staff; admins are nobody's staff), or
   * null: the rule the workbench's own actions apply, so the entry shows only to those it serves.
   */
  workbench: { communityId: string; communityName: string } | null;
}

/** The points staff may give a claim on approval: the deed's suggested amount and allowed range. */
export interface PointsRange {
  suggested: number;
  min: number;
  max: number;
}

export interface PointsClaimView {
  claimId: string;
  deedType: PointsDeedType;
  deedLabel: string;
  communityId: string;
  communityName: string;
  text: string;
  photos: string[];
  status: PointsClaimStatus;
  createdAt: string;
  decidedAt: string | null;
  /** Points given on approval. */
  points: number | null;
  /** Why it was refused. */
  reason: string | null;
  /** The 公示 entry an approval created. */
  awardId: string | null;
  isMine: boolean;
  /** Sent by the `claims` list (not by claim/approve/refuse): what approval may give. */
  pointsRange?: PointsRange;
}

/** One line of a community's 公示 list. Residents appear by a stable tag, never by openid. */
export interface PointsNoticeView {
  awardId: string;
  communityId: string;
  communityName: string;
  residentTag: string;
  points: number;
  title: string;
  text: string;
  source: 'claim' | 'award';
  status: PointsNoticeStatus;
  awardedAt: string;
  /** null until the 公示 starts (awaiting or declined a second key). */
  noticeEndsAt: string | null;
  objections: number;
  ruling: { upheld: boolean; note: string; at: string } | null;
  isMine: boolean;
  /** Sent by the `notices` list (not by award/object/ruling): whether the caller may object now. */
  canObject?: boolean;
  /** Sent by the `notices` list: whether the caller may rule on its objections (its community's staff). */
  canRule?: boolean;
  /** Awaiting or declined a second key: the claim it approves (null for a direct award). */
  claimId?: string | null;
  /** Awaiting or declined a second key: whether the caller turned the first key. */
  requestedByMe?: boolean;
  /** Declined: the second staff member's reason. */
  reason?: string | null;
  /** Sent by the `awaiting` list: whether the caller may turn the second key (another staff member of the community). */
  canConfirm?: boolean;
}

export interface PointsEntryView {
  entryId: string;
  kind: PointsEntryKind;
  /** Signed. */
  points: number;
  balanceAfter: number;
  at: string;
  note: string;
}

export interface PointsItemView {
  itemId: string;
  communityId: string;
  name: string;
  picture: string;
  description: string;
  /** Price in points. */
  points: number;
  /** The sum of its stock shards. */
  stock: number;
  /** How many documents its stock is split over: more shards, less waiting when many redeem it at once. */
  shards: number;
  monthlyLimit: number;
  status: PointsItemStatus;
  availableUntil: string | null;
}

export interface PointsOrderView {
  orderId: string;
  itemId: string;
  itemName: string;
  communityId: string;
  communityName: string;
  quantity: number;
  /** Points paid. */
  points: number;
  status: PointsOrderStatus;
  /** 12 digits from a crypto RNG, shown as text and as a QR code; only its buyer sees it. */
  pickupCode: string;
  /** The buyer's tag (as in 公示): staff see the same tag before they hand the item over. */
  buyerTag: string;
  placedAt: string;
  closedAt: string | null;
}

/** What staff see of an order found by its pickup code: no openid, no phone. */
export interface PointsPickupView {
  orderId: string;
  itemName: string;
  quantity: number;
  points: number;
  buyerTag: string;
  status: PointsOrderStatus;
  placedAt: string;
  closedAt: string | null;
}

export interface PointsItemFields {
  name: string;
  points: number;
  stock: number;
  monthlyLimit: number;
  picture?: string;
  description?: string;
  /** ISO time after which the item can no longer be redeemed. */
  availableUntil?: string | null;
  /** Stock shards, 1–32 (default: one per 25 in stock, at most 16); a popular item wants more. */
  shards?: number;
}

export type PointsItemsRequest =
  | ({ op: 'add'; communityId: string; requestId: string } & PointsItemFields)
  | {
      op: 'edit';
      itemId: string;
      name?: string;
      points?: number;
      monthlyLimit?: number;
      picture?: string;
      description?: string;
      status?: PointsItemStatus;
      availableUntil?: string | null;
      /** Spreads the stock over this many shards anew. */
      shards?: number;
    }
  | { op: 'restock'; itemId: string; quantity: number; requestId: string };

/** A 积分码 and until when it works (ISO). */
export interface PointsCode {
  code: string;
  expiresAt: string;
}

export type PointsActions = {
  claim: {
    req: { deedType: PointsDeedType; communityId: string; text: string; photos?: string[]; requestId: string };
    res: PointsClaimView;
  };
  /** mine: the caller's claims; community: staff's queue of their community. */
  claims: {
    req: { scope?: 'mine' | 'community'; status?: PointsClaimStatus; cursor?: string };
    res: Page<PointsClaimView>;
  };
  approve: { req: { claimId: string; points?: number }; res: PointsClaimView };
  refuse: { req: { claimId: string; reason: string }; res: PointsClaimView };
  /** Above the threshold the answer is `awaiting`: a second staff member confirms it (confirmAward) before its 公示 starts. */
  /** The resident by `code` (their 积分码, scanned); `openid` only for server-side callers. */
  award: {
    req: { code?: string; openid?: string; points: number; reason: string; requestId: string; communityId?: string };
    res: PointsNoticeView;
  };
  /** The caller's 积分码: a short-lived random number shown as a QR, never the openid. */
  myCode: { req: Record<string, never>; res: PointsCode };
  /** The community's awards waiting for a second key (staff). */
  awaiting: { req: { cursor?: string }; res: Page<PointsNoticeView> };
  /** The second key: another staff member of the community; the 公示 starts now. */
  confirmAward: { req: { awardId: string } | { claimId: string }; res: PointsNoticeView };
  /** The second key refused: nothing is awarded; a claim is refused with the reason. */
  declineAward: { req: ({ awardId: string } | { claimId: string }) & { reason: string }; res: PointsNoticeView };
  notices: { req: { communityId: string; cursor?: string }; res: Page<PointsNoticeView> };
  object: { req: { awardId: string; reason: string }; res: PointsNoticeView };
  /** Staff rule on the objections to an award: upheld takes the points back, dismissed releases them. */
  ruling: { req: { awardId: string; upheld: boolean; note: string }; res: PointsNoticeView };
  balance: { req: Record<string, never>; res: PointsBalance };
  ledger: { req: { cursor?: string }; res: Page<PointsEntryView> };
  shop: {
    req: { communityId: string; all?: boolean };
    res: { communityId: string; communityName: string; items: PointsItemView[] };
  };
  redeem: { req: { itemId: string; quantity: number; requestId: string }; res: PointsOrderView };
  cancel: { req: { orderId: string }; res: PointsOrderView };
  orders: { req: { cursor?: string }; res: Page<PointsOrderView> };
  order: { req: { orderId: string }; res: PointsOrderView };
  /** Staff: without confirm, shows the order (item, quantity, buyer's tag); with confirm: true, collects it (核销) once. */
  verify: { req: { pickupCode: string; confirm?: boolean }; res: PointsPickupView };
  items: { req: PointsItemsRequest; res: { itemId: string; item: PointsItemView } };
  /** Claims' photos (the claimant, the community's staff) or items' pictures (anyone) as temporary URLs. */
  photoUrls: { req: { claimIds: string[] } | { itemIds: string[] }; res: PhotoUrl[] };
};
