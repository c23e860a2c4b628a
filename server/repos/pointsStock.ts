// An item's stock as N shards, pointsAccounts/<itemId>#k beside the wallets: the blind take that
// opens a redemption, the one read of the buyer's wallet with every shard, and the writes that keep
// the shards carrying the item's current terms. Also this instance's memory of which shards had stock.
import { MAX_SHARDS, pickShard, type ShardStock } from '../../domain/points/stock';
import { POINTS_COLLECTIONS as C, shardIdOf, type AccountDoc, type ItemDoc, type StockShardDoc } from './points';
import { pointsDb, retrying, type Tx } from './pointsTx';

/** Every id a shard of the item may have: reading them all answers the shards it has. */
function possibleShards(itemId: string): string[] {
  return Array.from({ length: MAX_SHARDS }, (_, k) => shardIdOf(itemId, k));
}

/**
 * Adds `delta` to shard `k` in a transaction without reading it (negative: takes): as a transaction's
 * first operation it fixes its snapshot and holds the shard. False when the item has no such shard.
 */
export async function txAdjustShard(tx: Tx, itemId: string, k: number, delta: number, now: Date): Promise<boolean> {
  const res = await tx
    .collection(C.accounts)
    .doc(shardIdOf(itemId, k))
    .update({ data: { stock: pointsDb().command.inc(delta), updatedAt: now } });
  return (res.stats?.updated ?? 0) > 0;
}

async function readAccounts(ids: string[]): Promise<Array<AccountDoc | StockShardDoc>> {
  const db = pointsDb();
  const res = await retrying<{ data: unknown[] }>(() =>
    db
      .collection(C.accounts)
      .where({ _id: db.command.in(ids) })
      .limit(ids.length)
      .get()
  );
  return res.data as Array<AccountDoc | StockShardDoc>;
}

const byShard = (a: StockShardDoc, b: StockShardDoc): number => a.shard - b.shard;

/**
 * The buyer's wallet and every shard of the item as committed now, in one request (outside the
 * transaction: queries are not allowed in one). Read after the transaction's first write, it sees
 * what the transaction's snapshot saw of the shard it holds; whatever else it reads the transaction
 * writes later, and such a write fails with a conflict if the document changed since the snapshot.
 */
export async function walletAndShards(
  openid: string,
  itemId: string
): Promise<{ account: AccountDoc | null; shards: StockShardDoc[] }> {
  const docs = await readAccounts([openid, ...possibleShards(itemId)]);
  const account = (docs.find((d) => d._id === openid) as AccountDoc | undefined) ?? null;
  const shards = (docs.filter((d) => d._id !== openid) as StockShardDoc[]).sort(byShard);
  return { account, shards };
}

/** Every shard of an item as committed now. */
export async function shardsOf(itemId: string): Promise<StockShardDoc[]> {
  return ((await readAccounts(possibleShards(itemId))) as StockShardDoc[]).sort(byShard);
}

/** Every shard of a community's items, for the shop's sums (pages of 1000, in id order). */
export async function shardsOfCommunity(communityId: string): Promise<StockShardDoc[]> {
  const db = pointsDb();
  const out: StockShardDoc[] = [];
  for (let after = ''; ;) {
    const res = await retrying<{ data: unknown[] }>(() =>
      db
        .collection(C.accounts)
        .where({ communityId, _id: db.command.gt(after) })
        .orderBy('_id', 'asc')
        .limit(1000)
        .get()
    );
    const page = res.data as StockShardDoc[];
    out.push(...page);
    if (page.length < 1000) return out;
    after = page[page.length - 1]._id;
  }
}

/** The stock of each shard. */
export function stocks(shards: readonly StockShardDoc[]): ShardStock[] {
  return shards.map((s) => ({ shard: s.shard, stock: s.stock }));
}

/** The item's terms as its shards carry them. */
function termsOf(item: ItemDoc): Omit<StockShardDoc, '_id' | 'shard' | 'stock' | 'updatedAt'> {
  const { communityId, name, points, monthlyLimit, status, availableUntil } = item;
  return { itemId: item._id, communityId, name, points, monthlyLimit, status, availableUntil };
}

/** Writes shards 0…stock.length − 1 of the item whole, with these stocks and its current terms. */
export async function txPutShards(tx: Tx, item: ItemDoc, stock: readonly number[], now: Date): Promise<void> {
  for (let k = 0; k < stock.length; k++) {
    const { _id, ...data }: StockShardDoc = {
      _id: shardIdOf(item._id, k),
      shard: k,
      stock: stock[k],
      ...termsOf(item),
      updatedAt: now
    };
    await tx.collection(C.accounts).doc(_id).set({ data });
  }
}

/** Copies the item's current terms onto each of its shards, leaving their stock alone. */
export async function txCopyTerms(tx: Tx, item: ItemDoc, now: Date): Promise<void> {
  for (let k = 0; k < item.shards; k++)
    await tx
      .collection(C.accounts)
      .doc(shardIdOf(item._id, k))
      .update({ data: { ...termsOf(item), updatedAt: now } });
}

/** Removes shards `from` … `to` − 1 of an item (after their stock moved to the others). */
export async function txDropShards(tx: Tx, itemId: string, from: number, to: number): Promise<void> {
  for (let k = from; k < to; k++) await tx.collection(C.accounts).doc(shardIdOf(itemId, k)).remove();
}

// What this instance saw of each item's shards at its last read: how many, and which had stock. A
// redemption tries one of those first, at random; it is only a guess, each transaction reads the truth.
const MEMORY = 2000;
const seen = new Map<string, { n: number; stocked: number[] }>();

export function rememberShards(itemId: string, shards: readonly StockShardDoc[]): void {
  if (!shards.length) return;
  if (!seen.has(itemId) && seen.size >= MEMORY) seen.delete(seen.keys().next().value as string);
  seen.set(itemId, { n: shards.length, stocked: shards.filter((s) => s.stock > 0).map((s) => s.shard) });
}

// Shards this instance's redemptions in flight hold: a redemption of the same item avoids them while
// another will do (two transactions of one instance on one shard could only conflict).
const held = new Map<string, Map<number, number>>();

/**
 * The shard to try first: at random among those with stock when last seen, neither `tried` yet nor
 * held by another redemption of this instance, falling back to the others (shard 0 before any read).
 * It counts as held until `releaseShards`.
 */
export function firstShard(itemId: string, tried: ReadonlySet<number>): number {
  const s = seen.get(itemId);
  const mine = held.get(itemId);
  const avoid = mine ? new Set([...tried, ...mine.keys()]) : tried;
  const k = s ? pickShard(s.n, s.stocked, Math.random, avoid) : 0;
  const counts = mine ?? new Map<number, number>();
  counts.set(k, (counts.get(k) ?? 0) + 1);
  held.set(itemId, counts);
  return k;
}

/** The shards a redemption took with firstShard, once it is over (committed or given up). */
export function releaseShards(itemId: string, shards: Iterable<number>): void {
  const counts = held.get(itemId);
  if (!counts) return;
  for (const k of shards) {
    const n = (counts.get(k) ?? 0) - 1;
    if (n > 0) counts.set(k, n);
    else counts.delete(k);
  }
  if (!counts.size) held.delete(itemId);
}

/** How many shards the item had when last seen (1 before any read). */
export function knownShards(itemId: string): number {
  return seen.get(itemId)?.n ?? 1;
}
