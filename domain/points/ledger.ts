// The points ledger as pure state changes. A wallet holds its points as lots (one per award),
// oldest first; every change returns the ledger entry that explains it, so the caller writes the
// wallet and the entry in one transaction. Invariant: balance = Σ lots = Σ entries.
import { fail, type Failure } from '../errors';
import { shanghaiIsoDate } from '../time';
import type { PointsPolicy } from './rules';

export const ENTRY_KINDS = ['earn', 'spend', 'refund', 'expire', 'adjust'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Points from one award, as many as remain unspent. */
export interface Lot {
  /** The award's id (also its earn entry's key). */
  id: string;
  points: number;
  earnedAt: Date;
  /** When the 公示 ends and the points become spendable; null while an objection is open. */
  availableAt: Date | null;
  expiresAt: Date;
}

/** Part of a lot that an entry moved (spent, refunded, expired, revoked). */
export interface LotTake {
  lotId: string;
  points: number;
  earnedAt: Date;
  availableAt: Date | null;
  expiresAt: Date;
}

/** What a change adds to the ledger (the caller gives it an id and an owner). */
export interface EntryDraft {
  kind: EntryKind;
  /** Signed: earn and refund positive; spend, expire and adjust negative. */
  points: number;
  lots: LotTake[];
  balanceAfter: number;
}

/** Points awarded on one Shanghai day and in one month, for the caps. */
export interface EarnedTally {
  day: string;
  dayPoints: number;
  month: string;
  monthPoints: number;
}

/** Quantities redeemed this month per item, for the per-person monthly limit. */
export interface BoughtTally {
  month: string;
  items: Record<string, number>;
}

export interface Wallet {
  /** Everything held: spendable, pending, and lapsed points not yet written off. */
  balance: number;
  lots: Lot[];
  earned: EarnedTally;
  bought: BoughtTally;
}

export interface Change {
  wallet: Wallet;
  entry: EntryDraft;
}

/** Balance as a resident sees it. */
export interface WalletView {
  /** Spendable now. */
  balance: number;
  /** In 公示 or held by an objection. */
  pending: number;
  /** Spendable or pending points that expire within the policy's window. */
  expiringSoon: number;
  /** When the earliest of those expire (ISO), or null. */
  expiringAt: string | null;
}

/** A wallet with nothing in it. */
export function emptyWallet(): Wallet {
  return {
    balance: 0,
    lots: [],
    earned: { day: '', dayPoints: 0, month: '', monthPoints: 0 },
    bought: { month: '', items: {} }
  };
}

/** 'YYYY-MM' of an instant in Shanghai. */
export function shanghaiMonth(at: Date): string {
  return shanghaiIsoDate(at).slice(0, 7);
}

/** End of the Shanghai year `expiryYears` after the year of `earnedAt` (the instant the points lapse). */
export function expiryOf(earnedAt: Date, policy: Pick<PointsPolicy, 'expiryYears'>): Date {
  const year = Number(shanghaiIsoDate(earnedAt).slice(0, 4));
  return new Date(Date.UTC(year + policy.expiryYears + 1, 0, 1) - 8 * 3600_000);
}

/** End of the 公示 of an award made at `at`. */
export function noticeEndOf(at: Date, policy: Pick<PointsPolicy, 'noticeDays'>): Date {
  return new Date(at.getTime() + policy.noticeDays * 86_400_000);
}

/** Whether a lot can be spent at `now`. */
export function isSpendable(lot: Lot, now: Date): boolean {
  return (
    lot.availableAt !== null && lot.availableAt.getTime() <= now.getTime() && lot.expiresAt.getTime() > now.getTime()
  );
}

/** Whether a lot is still waiting for its notice to end (or for an objection's ruling). */
export function isPending(lot: Lot, now: Date): boolean {
  return (
    lot.expiresAt.getTime() > now.getTime() && (lot.availableAt === null || lot.availableAt.getTime() > now.getTime())
  );
}

/** The resident's view at `now`: availability is a function of time, no sweeper needed. */
export function viewWallet(w: Wallet, now: Date, policy: Pick<PointsPolicy, 'expiringSoonDays'>): WalletView {
  const soon = now.getTime() + policy.expiringSoonDays * 86_400_000;
  let balance = 0;
  let pending = 0;
  let expiringSoon = 0;
  let expiringAt: number | null = null;
  for (const lot of w.lots) {
    if (lot.expiresAt.getTime() <= now.getTime()) continue;
    if (isSpendable(lot, now)) balance += lot.points;
    else pending += lot.points;
    if (lot.expiresAt.getTime() <= soon) {
      expiringSoon += lot.points;
      expiringAt = expiringAt === null ? lot.expiresAt.getTime() : Math.min(expiringAt, lot.expiresAt.getTime());
    }
  }
  return {
    balance,
    pending,
    expiringSoon,
    expiringAt: expiringAt === null ? null : new Date(expiringAt).toISOString()
  };
}

/** Spendable points at `now`. */
export function spendable(w: Wallet, now: Date): number {
  let n = 0;
  for (const lot of w.lots) if (isSpendable(lot, now)) n += lot.points;
  return n;
}

/** The tallies rolled over to `now`'s day and month. */
function currentEarned(t: EarnedTally, now: Date): EarnedTally {
  const day = shanghaiIsoDate(now);
  const month = day.slice(0, 7);
  return { day, dayPoints: t.day === day ? t.dayPoints : 0, month, monthPoints: t.month === month ? t.monthPoints : 0 };
}

/** Points still awardable today under both caps. */
export function awardableAt(w: Wallet, now: Date, policy: Pick<PointsPolicy, 'dailyCap' | 'monthlyCap'>): number {
  const t = currentEarned(w.earned, now);
  return Math.max(0, Math.min(policy.dailyCap - t.dayPoints, policy.monthlyCap - t.monthPoints));
}

function byEarnTime(a: Lot, b: Lot): number {
  return a.earnedAt.getTime() - b.earnedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function isPositiveInt(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}

/** Awards `points` as a new pending lot; refuses a cap overrun (DAILY_CAP_EXCEEDED, MONTHLY_CAP_EXCEEDED) or a reused lot id. */
export function earn(w: Wallet, lotId: string, points: number, at: Date, policy: PointsPolicy): Change | Failure {
  if (!isPositiveInt(points)) return fail('POINTS_INVALID', String(points));
  if (w.lots.some((l) => l.id === lotId)) return fail('ALREADY_AWARDED', lotId);
  const t = currentEarned(w.earned, at);
  if (t.dayPoints + points > policy.dailyCap)
    return fail('DAILY_CAP_EXCEEDED', `${t.dayPoints}+${points}>${policy.dailyCap}`);
  if (t.monthPoints + points > policy.monthlyCap)
    return fail('MONTHLY_CAP_EXCEEDED', `${t.monthPoints}+${points}>${policy.monthlyCap}`);
  const lot: Lot = {
    id: lotId,
    points,
    earnedAt: at,
    availableAt: noticeEndOf(at, policy),
    expiresAt: expiryOf(at, policy)
  };
  const lots = [...w.lots, lot].sort(byEarnTime);
  const balance = w.balance + points;
  return {
    wallet: {
      ...w,
      balance,
      lots,
      earned: { ...t, dayPoints: t.dayPoints + points, monthPoints: t.monthPoints + points }
    },
    entry: { kind: 'earn', points, lots: [takeOf(lot, points)], balanceAfter: balance }
  };
}

function takeOf(lot: Lot, points: number): LotTake {
  return { lotId: lot.id, points, earnedAt: lot.earnedAt, availableAt: lot.availableAt, expiresAt: lot.expiresAt };
}

/** Spends `points` from spendable lots, oldest first; INSUFFICIENT_POINTS when they do not suffice. */
export function spend(w: Wallet, points: number, now: Date): Change | Failure {
  if (!isPositiveInt(points)) return fail('POINTS_INVALID', String(points));
  if (spendable(w, now) < points) return fail('INSUFFICIENT_POINTS', `${spendable(w, now)}<${points}`);
  let left = points;
  const taken: LotTake[] = [];
  const lots: Lot[] = [];
  for (const lot of w.lots) {
    if (left > 0 && isSpendable(lot, now)) {
      const n = Math.min(left, lot.points);
      left -= n;
      taken.push(takeOf(lot, n));
      if (lot.points > n) lots.push({ ...lot, points: lot.points - n });
    } else {
      lots.push(lot);
    }
  }
  const balance = w.balance - points;
  return {
    wallet: { ...w, balance, lots },
    entry: { kind: 'spend', points: -points, lots: taken, balanceAfter: balance }
  };
}

/** Gives back what a spend took, into the same lots (same expiry: a refund never extends a point's life). */
export function refund(w: Wallet, taken: readonly LotTake[]): Change {
  const lots = w.lots.map((l) => ({ ...l }));
  let points = 0;
  for (const t of taken) {
    points += t.points;
    const lot = lots.find((l) => l.id === t.lotId);
    if (lot) lot.points += t.points;
    else
      lots.push({
        id: t.lotId,
        points: t.points,
        earnedAt: t.earnedAt,
        availableAt: t.availableAt,
        expiresAt: t.expiresAt
      });
  }
  lots.sort(byEarnTime);
  const balance = w.balance + points;
  return {
    wallet: { ...w, balance, lots },
    entry: { kind: 'refund', points, lots: taken.map((t) => ({ ...t })), balanceAfter: balance }
  };
}

/** Writes off lots that have lapsed by `now`; null when none has. */
export function expire(w: Wallet, now: Date): Change | null {
  const lapsed = w.lots.filter((l) => l.expiresAt.getTime() <= now.getTime());
  if (lapsed.length === 0) return null;
  const points = lapsed.reduce((s, l) => s + l.points, 0);
  const balance = w.balance - points;
  return {
    wallet: { ...w, balance, lots: w.lots.filter((l) => l.expiresAt.getTime() > now.getTime()) },
    entry: { kind: 'expire', points: -points, lots: lapsed.map((l) => takeOf(l, l.points)), balanceAfter: balance }
  };
}

/** Holds a pending lot while an objection is heard; NOT_PENDING if its points are already spendable. */
export function freeze(w: Wallet, lotId: string, now: Date): Wallet | Failure {
  const lot = w.lots.find((l) => l.id === lotId);
  if (!lot || !isPending(lot, now)) return fail('NOT_PENDING', lotId);
  return { ...w, lots: w.lots.map((l) => (l.id === lotId ? { ...l, availableAt: null } : l)) };
}

/** Lets a held lot become spendable at `availableAt` (objection dismissed). */
export function release(w: Wallet, lotId: string, availableAt: Date): Wallet {
  return { ...w, lots: w.lots.map((l) => (l.id === lotId ? { ...l, availableAt } : l)) };
}

/** Removes an award's lot (objection upheld): an adjust entry takes back what remains of it. */
export function revoke(w: Wallet, lotId: string, now: Date): Change | Failure {
  const lot = w.lots.find((l) => l.id === lotId);
  if (!lot || !isPending(lot, now)) return fail('NOT_PENDING', lotId);
  const balance = w.balance - lot.points;
  // An upheld award no longer counts towards the caps of the period it was given in.
  const earned = { ...w.earned };
  if (earned.day === shanghaiIsoDate(lot.earnedAt)) earned.dayPoints = Math.max(0, earned.dayPoints - lot.points);
  if (earned.month === shanghaiMonth(lot.earnedAt)) earned.monthPoints = Math.max(0, earned.monthPoints - lot.points);
  return {
    wallet: { ...w, balance, lots: w.lots.filter((l) => l.id !== lotId), earned },
    entry: { kind: 'adjust', points: -lot.points, lots: [takeOf(lot, lot.points)], balanceAfter: balance }
  };
}

/** Quantity of an item redeemed in `now`'s month. */
export function boughtThisMonth(w: Wallet, itemId: string, now: Date): number {
  return w.bought.month === shanghaiMonth(now) ? (w.bought.items[itemId] ?? 0) : 0;
}

/** Counts a redemption (delta > 0) or a cancellation (delta < 0) against the month it was made in. */
export function tallyBought(w: Wallet, itemId: string, delta: number, madeAt: Date, now: Date): Wallet {
  const month = shanghaiMonth(now);
  // A cancelled order from an earlier month no longer counts towards anything.
  if (shanghaiMonth(madeAt) !== month) return w;
  const items = w.bought.month === month ? { ...w.bought.items } : {};
  const n = Math.max(0, (items[itemId] ?? 0) + delta);
  if (n === 0) delete items[itemId];
  else items[itemId] = n;
  return { ...w, bought: { month, items } };
}

/** Checks balance = Σ lots and that no lot is empty or negative; returns a description of the first breach, or null. */
export function walletBreach(w: Wallet): string | null {
  let sum = 0;
  for (const l of w.lots) {
    if (!isPositiveInt(l.points)) return `lot ${l.id} holds ${l.points}`;
    sum += l.points;
  }
  if (sum !== w.balance) return `balance ${w.balance} ≠ Σ lots ${sum}`;
  if (w.balance < 0) return `negative balance ${w.balance}`;
  return null;
}

/** Whether a change result is a Failure. */
export function isFailure<T extends object>(x: T | Failure): x is Failure {
  return (x as Failure).ok === false;
}
