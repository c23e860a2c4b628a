// Items and orders stored before stock shards existed (issue 18). Such an item keeps its `stock` on the
// item and has no shards; such an order (spend entry) has no `uniqueKey`, its pickup code having been
// claimed in pointsPickups. Each is brought to the current shape when first needed (a redemption, a
// restock or an edit of the item, a pickup of the order) and the nightly sweep brings the rest, so
// nothing written before the change stops working.
import { POINTS_COLLECTIONS as C, pickupKeyOf, type ItemDoc, type SpendDoc } from './points';
import { txPutShards } from './pointsStock';
import { txGet } from './pointsStore';
import { pointsDb, retrying, transact } from './pointsTx';

/** An item as stored before shards: its stock on the item, no shard count. */
type LegacyItem = Omit<ItemDoc, 'shards'> & { shards?: number; stock?: number };

/** The stock a pre-shard item shows, or undefined for an item with shards. */
export function legacyStockOf(item: ItemDoc): number | undefined {
  const legacy = item as LegacyItem;
  return typeof legacy.shards === 'number' ? undefined : Math.max(0, legacy.stock ?? 0);
}

/**
 * Gives a pre-shard item one shard holding its stock and carrying its terms, and drops the stock from
 * the item, in one transaction. True when it did; false for an item that has shards or does not exist.
 */
export async function shardLegacyItem(itemId: string, now: Date): Promise<boolean> {
  const _ = pointsDb().command;
  return transact(async (tx) => {
    const item = await txGet<LegacyItem>(tx, C.items, itemId);
    if (!item || typeof item.shards === 'number') return false;
    const { stock, ...rest } = item;
    await txPutShards(tx, { ...rest, shards: 1 }, [Math.max(0, stock ?? 0)], now);
    await tx
      .collection(C.items)
      .doc(itemId)
      .update({ data: { shards: 1, stock: _.remove(), updatedAt: now } });
    return true;
  });
}

/** The unique key a pre-shard ledger entry gets: a spend's pickup key, any other entry's own id. */
function uniqueKeyOf(entry: Partial<SpendDoc> & { _id: string }): string {
  return entry.kind === 'spend' && entry.communityId && entry.pickupCode
    ? pickupKeyOf(entry.communityId, entry.pickupCode)
    : entry._id;
}

/** Gives a pre-shard ledger entry its unique key (only while it has none); true when it did. */
async function keyLegacyEntry(entry: Partial<SpendDoc> & { _id: string }): Promise<boolean> {
  const db = pointsDb();
  const res = await retrying<{ stats?: { updated?: number } }>(() =>
    db
      .collection(C.ledger)
      .where({ _id: entry._id, uniqueKey: db.command.exists(false) })
      .update({ data: { uniqueKey: uniqueKeyOf(entry) } })
  );
  return (res.stats?.updated ?? 0) > 0;
}

/** A pre-shard order by its pickup code (no unique key yet), or null; found, it gets its key. */
export async function legacyOrderByPickup(communityId: string, pickupCode: string): Promise<SpendDoc | null> {
  const _ = pointsDb().command;
  const res = await retrying<{ data: unknown[] }>(() =>
    pointsDb()
      .collection(C.ledger)
      .where({ communityId, pickupCode, kind: 'spend', uniqueKey: _.exists(false) })
      .limit(1)
      .get()
  );
  const order = (res.data[0] as SpendDoc | undefined) ?? null;
  if (order) await keyLegacyEntry(order);
  return order;
}

/**
 * One batch of the migration (the nightly sweep runs it): shards for pre-shard items, unique keys for
 * pre-shard ledger entries. Idempotent; answers how many of each it brought over.
 */
export async function migrateLegacy(now: Date, batch: number): Promise<{ items: number; entries: number }> {
  const db = pointsDb();
  const _ = db.command;
  const [items, entries] = await Promise.all([
    retrying<{ data: unknown[] }>(() =>
      db
        .collection(C.items)
        .where({ shards: _.exists(false) })
        .limit(batch)
        .field({ _id: true })
        .get()
    ),
    retrying<{ data: unknown[] }>(() =>
      db
        .collection(C.ledger)
        .where({ uniqueKey: _.exists(false) })
        .limit(batch)
        .get()
    )
  ]);
  let sharded = 0;
  for (const { _id } of items.data as Array<{ _id: string }>) if (await shardLegacyItem(_id, now)) sharded += 1;
  let keyed = 0;
  // Only while still missing: an entry is never rewritten otherwise (the ledger is append-only).
  for (const entry of entries.data as Array<Partial<SpendDoc> & { _id: string }>)
    if (await keyLegacyEntry(entry)) keyed += 1;
  return { items: sharded, entries: keyed };
}
