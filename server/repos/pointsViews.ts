// The points documents as their callers see them. Unit names come from the reference data (the
// `units` collection, as cases read it), so an admin's edit to a unit reaches both sides.
import { getUnit, type Unit, type Units } from '../../domain/org';
import { noticeStatus } from '../../domain/points/notice';
import { DEED_RULES } from '../../domain/points/rules';
import type {
  PointsClaimView,
  PointsEntryView,
  PointsItemView,
  PointsNoticeView,
  PointsOrderView,
  PointsPickupView
} from '../../typings/points';
import {
  residentTag,
  type AwardDoc,
  type ClaimDoc,
  type EntryDoc,
  type ItemDoc,
  type OutcomeDoc,
  type SecondKeyDoc,
  type SpendDoc
} from './points';

/** The village/community with this id, or null (towns, departments and unknown ids are not communities). */
export function communityOf(units: Units, id: string): Unit | null {
  const u = getUnit(id, units);
  return u && u.kind === 'community' ? u : null;
}

export function communityName(units: Units, id: string): string {
  return getUnit(id, units)?.name ?? id;
}

export function claimView(c: ClaimDoc, viewer: string, units: Units): PointsClaimView {
  return {
    claimId: c._id,
    deedType: c.deedType,
    deedLabel: DEED_RULES[c.deedType]?.label ?? c.deedType,
    communityId: c.communityId,
    communityName: communityName(units, c.communityId),
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

export function noticeView(a: AwardDoc, viewer: string, now: Date, units: Units): PointsNoticeView {
  return {
    awardId: a._id,
    communityId: a.communityId,
    communityName: communityName(units, a.communityId),
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
export function secondKeyView(k: SecondKeyDoc, viewer: string, units: Units): PointsNoticeView {
  return {
    awardId: k._id,
    communityId: k.communityId,
    communityName: communityName(units, k.communityId),
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

/** An item with its stock: the sum of its shards. */
export function itemView(i: ItemDoc, stock: number): PointsItemView {
  return {
    itemId: i._id,
    communityId: i.communityId,
    name: i.name,
    picture: i.picture,
    description: i.description,
    points: i.points,
    stock,
    shards: i.shards,
    monthlyLimit: i.monthlyLimit,
    status: i.status,
    availableUntil: i.availableUntil ? i.availableUntil.toISOString() : null
  };
}

export function orderView(s: SpendDoc, outcome: OutcomeDoc | null, units: Units): PointsOrderView {
  return {
    orderId: s._id,
    itemId: s.itemId,
    itemName: s.itemName,
    communityId: s.communityId,
    communityName: communityName(units, s.communityId),
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
