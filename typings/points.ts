// 德分宝 (points): requests and responses of the `points` function. Times are ISO strings.
import type { Page } from './cases';

export type PointsDeedType = 'volunteer' | 'neighbour' | 'bravery' | 'filial' | 'environment' | 'mediation' | 'other';
export type PointsClaimStatus = 'pending' | 'approved' | 'refused';
/** notice: in 公示; objected: held until staff rule; confirmed: spendable; revoked: an objection was upheld. */
export type PointsNoticeStatus = 'notice' | 'objected' | 'confirmed' | 'revoked';
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
   * The community whose 积分工作台 the caller runs (staff, or an admin, of a village/community), or
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
  noticeEndsAt: string;
  objections: number;
  ruling: { upheld: boolean; note: string; at: string } | null;
  isMine: boolean;
  /** Sent by the `notices` list (not by award/object/ruling): whether the caller may object now. */
  canObject?: boolean;
  /** Sent by the `notices` list: whether the caller may rule on its objections (its community's staff, or an admin). */
  canRule?: boolean;
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
  stock: number;
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
  /** 6 digits, shown as text and as a QR code. */
  pickupCode: string;
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
}

export type PointsItemsRequest =
  | ({ op: 'add'; communityId: string; requestId: string } & PointsItemFields)
  | { op: 'edit'; itemId: string; name?: string; points?: number; monthlyLimit?: number; picture?: string; description?: string; status?: PointsItemStatus; availableUntil?: string | null }
  | { op: 'restock'; itemId: string; quantity: number; requestId: string };

export type PointsActions = {
  claim: { req: { deedType: PointsDeedType; communityId: string; text: string; photos?: string[]; requestId: string }; res: PointsClaimView };
  /** mine: the caller's claims; community: staff's queue of their community. */
  claims: { req: { scope?: 'mine' | 'community'; status?: PointsClaimStatus; cursor?: string }; res: Page<PointsClaimView> };
  approve: { req: { claimId: string; points?: number }; res: PointsClaimView };
  refuse: { req: { claimId: string; reason: string }; res: PointsClaimView };
  award: { req: { openid: string; points: number; reason: string; requestId: string; communityId?: string }; res: PointsNoticeView };
  notices: { req: { communityId: string; cursor?: string }; res: Page<PointsNoticeView> };
  object: { req: { awardId: string; reason: string }; res: PointsNoticeView };
  /** Staff rule on the objections to an award: upheld takes the points back, dismissed releases them. */
  ruling: { req: { awardId: string; upheld: boolean; note: string }; res: PointsNoticeView };
  balance: { req: Record<string, never>; res: PointsBalance };
  ledger: { req: { cursor?: string }; res: Page<PointsEntryView> };
  shop: { req: { communityId: string; all?: boolean }; res: { communityId: string; communityName: string; items: PointsItemView[] } };
  redeem: { req: { itemId: string; quantity: number; requestId: string }; res: PointsOrderView };
  cancel: { req: { orderId: string }; res: PointsOrderView };
  orders: { req: { cursor?: string }; res: Page<PointsOrderView> };
  order: { req: { orderId: string }; res: PointsOrderView };
  verify: { req: { pickupCode: string }; res: PointsOrderView };
  items: { req: PointsItemsRequest; res: { itemId: string; item: PointsItemView } };
};
