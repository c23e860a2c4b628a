// The points shop: what a redemption checks and changes, and how orders move. Pure: the caller
// reads the wallet and the item's stock in one transaction and writes back exactly what this returns.
import { fail, type Failure } from '../errors';
import {
  boughtThisMonth,
  expire,
  isFailure,
  spend,
  tallyBought,
  refund,
  type EntryDraft,
  type LotTake,
  type Wallet
} from './ledger';
import type { PointsPolicy } from './rules';

export const ITEM_STATUSES = ['on', 'off'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ORDER_STATUSES = ['placed', 'collected', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** What a redemption needs to know of an item. */
export interface ShopItem {
  communityId: string;
  points: number;
  /** What the shop has: the sum of the item's stock shards (see stock.ts). */
  stock: number;
  monthlyLimit: number;
  status: ItemStatus;
  /** Last moment the item can be redeemed, or null for no end. */
  availableUntil: Date | null;
}

/** An item's terms: what staff edit, copied onto each of its stock shards. */
export type ItemTerms = Omit<ShopItem, 'stock'>;

export interface RedeemPlan {
  wallet: Wallet;
  stock: number;
  cost: number;
  /** Lapsed points written off first, if any: a separate entry in the same transaction. */
  expired: EntryDraft | null;
  spent: EntryDraft;
}

/** Whether `quantity` is a quantity one may redeem. */
export function isValidQuantity(quantity: unknown, policy: Pick<PointsPolicy, 'maxQuantity'>): quantity is number {
  return (
    typeof quantity === 'number' && Number.isSafeInteger(quantity) && quantity >= 1 && quantity <= policy.maxQuantity
  );
}

/** Why an item cannot be redeemed at `now` (ITEM_OFF_SHELF, ITEM_EXPIRED), or null. */
export function itemUnavailable(item: Pick<ShopItem, 'status' | 'availableUntil'>, now: Date): Failure | null {
  if (item.status !== 'on') return fail('ITEM_OFF_SHELF');
  if (item.availableUntil && item.availableUntil.getTime() < now.getTime()) return fail('ITEM_EXPIRED');
  return null;
}

/** The checks that need only the item (QUANTITY_INVALID, ITEM_OFF_SHELF, ITEM_EXPIRED, OUT_OF_STOCK), or null. */
export function cannotSupply(
  item: ShopItem,
  quantity: number,
  now: Date,
  policy: Pick<PointsPolicy, 'maxQuantity'>
): Failure | null {
  if (!isValidQuantity(quantity, policy)) return fail('QUANTITY_INVALID', String(quantity));
  const unavailable = itemUnavailable(item, now);
  if (unavailable) return unavailable;
  if (item.stock < quantity) return fail('OUT_OF_STOCK', `${item.stock}<${quantity}`);
  return null;
}

/**
 * Plans a redemption of `quantity` × item: checks the item, stock, monthly limit and balance, in
 * that order, and returns the new wallet and stock with the entries to write.
 */
export function planRedeem(
  w: Wallet,
  item: ShopItem,
  itemId: string,
  quantity: number,
  now: Date,
  policy: PointsPolicy
): RedeemPlan | Failure {
  const refused = cannotSupply(item, quantity, now, policy);
  if (refused) return refused;
  if (boughtThisMonth(w, itemId, now) + quantity > item.monthlyLimit)
    return fail('MONTHLY_LIMIT_REACHED', `${boughtThisMonth(w, itemId, now)}+${quantity}>${item.monthlyLimit}`);
  const cost = item.points * quantity;
  if (!Number.isSafeInteger(cost) || cost <= 0) return fail('POINTS_INVALID', String(cost));
  const lapsed = expire(w, now);
  const spent = spend(lapsed ? lapsed.wallet : w, cost, now);
  if (isFailure(spent)) return spent;
  return {
    wallet: tallyBought(spent.wallet, itemId, quantity, now, now),
    stock: item.stock - quantity,
    cost,
    expired: lapsed?.entry ?? null,
    spent: spent.entry
  };
}

/** The order fields a cancellation needs. */
export interface OrderState {
  openid: string;
  itemId: string;
  quantity: number;
  status: OrderStatus;
  placedAt: Date;
  lots: LotTake[];
}

/**
 * Why `openid` may not cancel the order (ORDER_NOT_FOUND, ORDER_COLLECTED, ORDER_CANCELLED), or null.
 * Someone else's order reads exactly as no order, so order ids cannot be probed.
 */
export function cannotCancel(order: OrderState, openid: string): Failure | null {
  if (order.openid !== openid) return fail('ORDER_NOT_FOUND');
  if (order.status === 'collected') return fail('ORDER_COLLECTED');
  if (order.status === 'cancelled') return fail('ORDER_CANCELLED');
  return null;
}

/** Why an order cannot be collected (ORDER_COLLECTED on a second verify, ORDER_CANCELLED), or null. */
export function cannotCollect(order: Pick<OrderState, 'status'>): Failure | null {
  if (order.status === 'collected') return fail('ORDER_COLLECTED');
  if (order.status === 'cancelled') return fail('ORDER_CANCELLED');
  return null;
}

export interface CancelPlan {
  wallet: Wallet;
  refunded: EntryDraft;
  /** Refunded points that had lapsed meanwhile are written off at once. */
  expired: EntryDraft | null;
}

/** Refunds a cancelled order into the lots it came from and frees its monthly quota. */
export function planCancel(w: Wallet, order: OrderState, now: Date): CancelPlan {
  const back = refund(w, order.lots);
  const tallied = tallyBought(back.wallet, order.itemId, -order.quantity, order.placedAt, now);
  const lapsed = expire(tallied, now);
  return { wallet: lapsed ? lapsed.wallet : tallied, refunded: back.entry, expired: lapsed?.entry ?? null };
}

/** Pickup codes: 12 decimal digits (10^12 codes; digits suit a numeric keypad and a numeric-mode QR). */
export const PICKUP_CODE_LENGTH = 12;
export const PICKUP_CODE_PATTERN = /^\d{12}$/;

/** A pickup code from `draw`, which answers a uniform integer in [0, 10) each call (the server passes a crypto RNG). */
export function pickupCodeFrom(draw: (bound: number) => number): string {
  let code = '';
  for (let i = 0; i < PICKUP_CODE_LENGTH; i++) {
    const d = draw(10);
    if (!Number.isInteger(d) || d < 0 || d > 9) throw new RangeError(`draw(10) gave ${d}`);
    code += String(d);
  }
  return code;
}

/** The hour a failed verification counts in (UTC, 'YYYY-MM-DDTHH'): one counter per staff member per hour. */
export function verifyWindow(now: Date): string {
  return now.toISOString().slice(0, 13);
}
