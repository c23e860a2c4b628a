// Stock shards: an item's stock is split over N documents (`<itemId>#k`), so a crowd redeeming one
// popular item spreads over N documents instead of queueing on one. Pure: how many shards an item
// gets, which shard a redemption tries first, how it takes its quantity from the shards, and how a
// new item, a restock or a new shard count spreads the stock.

/**
 * Most shards an item may have (a redemption reads them all with the wallet, in one request): as many
 * as the callers a giveaway brings at once, so an instance's concurrent redemptions need not share one.
 */
export const MAX_SHARDS = 32;
/** Most shards an item gets when staff do not say how many. */
const MAX_SUGGESTED_SHARDS = 16;
/** One shard per this much stock when staff do not say how many. */
const STOCK_PER_SHARD = 25;

/** One shard's stock. */
export interface ShardStock {
  shard: number;
  stock: number;
}

/** The shard count of a new item when staff give none: one per 25 in stock, from 1 to 16. */
export function suggestedShards(stock: number): number {
  return Math.min(MAX_SUGGESTED_SHARDS, Math.max(1, Math.floor(stock / STOCK_PER_SHARD)));
}

/** `total` spread over `n` shards as evenly as it goes (the first ones get the remainder). */
export function spreadStock(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, k) => base + (k < total % n ? 1 : 0));
}

/**
 * Where a restock of `quantity` goes: to the emptiest shards first, so the shards end as even as they
 * can. Answers only the shards that receive something, with what they receive.
 */
export function spreadRestock(shards: readonly ShardStock[], quantity: number): ShardStock[] {
  const sorted = [...shards].sort((a, b) => a.stock - b.stock || a.shard - b.shard);
  // The level every shard below it is raised to: the highest that `quantity` can pay for.
  let level = 0;
  let left = quantity;
  let count = 0;
  for (let i = 0; i < sorted.length; i++) {
    count = i + 1;
    const next = i + 1 < sorted.length ? sorted[i + 1].stock : Infinity;
    const need = (next - sorted[i].stock) * count;
    if (need >= left) {
      level = sorted[i].stock + Math.floor(left / count);
      left = left % count;
      break;
    }
    left -= need;
  }
  const out: ShardStock[] = [];
  for (let i = 0; i < count; i++) {
    const add = level - sorted[i].stock + (i < left ? 1 : 0);
    if (add > 0) out.push({ shard: sorted[i].shard, stock: add });
  }
  return out;
}

/**
 * How a redemption of `quantity` takes from the shards: all it can from `first`, then from the
 * fullest others. Answers what each shard gives (only those giving something), or null when all of
 * them together hold less than `quantity`.
 */
export function planTakes(shards: readonly ShardStock[], quantity: number, first: number): ShardStock[] | null {
  const total = shards.reduce((n, s) => n + Math.max(0, s.stock), 0);
  if (total < quantity) return null;
  const ordered = [
    ...shards.filter((s) => s.shard === first),
    ...shards.filter((s) => s.shard !== first).sort((a, b) => b.stock - a.stock || a.shard - b.shard)
  ];
  const out: ShardStock[] = [];
  let left = quantity;
  for (const s of ordered) {
    if (left === 0) break;
    const take = Math.min(left, Math.max(0, s.stock));
    if (take > 0) out.push({ shard: s.shard, stock: take });
    left -= take;
  }
  return out;
}

/**
 * The shard a redemption tries first: at random among those that had stock when last seen and that
 * this redemption has not tried yet (a retry after a conflict goes elsewhere), else among all `n`.
 * `random` answers a number in [0, 1).
 */
export function pickShard(
  n: number,
  stocked: readonly number[],
  random: () => number,
  tried: ReadonlySet<number> = new Set()
): number {
  const all = Array.from({ length: n }, (_, k) => k);
  const fresh = (list: number[]): number[] => list.filter((k) => !tried.has(k));
  const known = stocked.filter((k) => k >= 0 && k < n);
  const pool = [fresh(known), known, fresh(all), all].find((l) => l.length > 0) ?? [0];
  return pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))];
}
