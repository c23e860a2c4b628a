// shop: a community's items, each with the sum of its stock shards; items: its staff add, edit and
// restock them. Every change writes the item and its shards in one transaction: a new item spreads its
// stock over its shards, an edit copies the new terms onto each shard (or spreads the stock over a new
// shard count), a restock goes to the emptiest shards first.
import { z } from 'zod';
import { itemUnavailable, ITEM_STATUSES } from '../../../domain/points/shop';
import { MAX_SHARDS, spreadRestock, spreadStock, suggestedShards } from '../../../domain/points/stock';
import { action, AppError } from '../../../server/function';
import {
  POINTS_COLLECTIONS as C,
  requestKey,
  shardIdOf,
  type ItemDoc,
  type StockShardDoc
} from '../../../server/repos/points';
import {
  shardsOf,
  shardsOfCommunity,
  stocks,
  txAdjustShard,
  txCopyTerms,
  txDropShards,
  txPutShards
} from '../../../server/repos/pointsStock';
import { getDoc, itemsOf, txAdd, txGet, txUpdate } from '../../../server/repos/pointsStore';
import { legacyStockOf, shardLegacyItem } from '../../../server/repos/pointsLegacy';
import { duplicateOf, transact } from '../../../server/repos/pointsTx';
import { communityName, itemView } from '../../../server/repos/pointsViews';
import type { PointsItemView } from '../../../typings/points';
import {
  assertCommunity,
  assertCommunityStaff,
  reference,
  requestIdSchema,
  requireOpenid,
  staffCaller,
  type Staff
} from '../common';
import { SCENE } from '../../../server/contentCheck';

/** A community shop shows at most this many items (one get; CloudBase answers ≤ 1000). */
const SHOP_MAX = 200;
const MAX_STOCK = 100_000;

const communityId = z.string().regex(/^\d{12}$/, { error: 'UNKNOWN_COMMUNITY' });

const shopSchema = z.object({ communityId, all: z.boolean().optional() }).strict();

const total = (shards: readonly Pick<StockShardDoc, 'stock'>[]): number => shards.reduce((n, s) => n + s.stock, 0);

export const shop = action(shopSchema, async (input, ctx) => {
  requireOpenid(ctx);
  const { units } = await reference(ctx);
  assertCommunity(units, input.communityId);
  // Staff managing the shop see every item, including those off the shelf or past their date.
  if (input.all) assertCommunityStaff((await staffCaller(ctx)).staff, input.communityId);
  const [docs, shards] = await Promise.all([
    itemsOf(input.communityId, SHOP_MAX),
    shardsOfCommunity(input.communityId)
  ]);
  const stock = new Map<string, number>();
  for (const s of shards) stock.set(s.itemId, (stock.get(s.itemId) ?? 0) + s.stock);
  const items = docs
    .filter((i) => input.all || !itemUnavailable(i, ctx.now))
    .map((i) => itemView(i, stock.get(i._id) ?? legacyStockOf(i) ?? 0));
  return { communityId: input.communityId, communityName: communityName(units, input.communityId), items };
});

const price = z
  .number({ error: 'POINTS_INVALID' })
  .int({ error: 'POINTS_INVALID' })
  .min(1, { error: 'POINTS_INVALID' })
  .max(1_000_000, { error: 'POINTS_INVALID' });
const count = z
  .number({ error: 'QUANTITY_INVALID' })
  .int({ error: 'QUANTITY_INVALID' })
  .min(0, { error: 'QUANTITY_INVALID' })
  .max(MAX_STOCK, { error: 'QUANTITY_INVALID' });
const limit = z
  .number({ error: 'QUANTITY_INVALID' })
  .int({ error: 'QUANTITY_INVALID' })
  .min(1, { error: 'QUANTITY_INVALID' })
  .max(1000, { error: 'QUANTITY_INVALID' });
const shards = z.number().int().min(1).max(MAX_SHARDS);
const name = z.string().trim().min(1).max(40);
const picture = z.string().max(512);
const description = z.string().max(500);
const until = z.iso.datetime({ offset: true }).nullable();

const itemsSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('add'),
      communityId,
      requestId: requestIdSchema,
      name,
      points: price,
      stock: count,
      monthlyLimit: limit,
      picture: picture.optional(),
      description: description.optional(),
      availableUntil: until.optional(),
      shards: shards.optional()
    })
    .strict(),
  z
    .object({
      op: z.literal('edit'),
      itemId: z.string().min(1).max(64),
      name: name.optional(),
      points: price.optional(),
      monthlyLimit: limit.optional(),
      picture: picture.optional(),
      description: description.optional(),
      status: z.enum(ITEM_STATUSES).optional(),
      availableUntil: until.optional(),
      shards: shards.optional()
    })
    .strict(),
  z
    .object({
      op: z.literal('restock'),
      itemId: z.string().min(1).max(64),
      quantity: count.min(1, { error: 'QUANTITY_INVALID' }),
      requestId: requestIdSchema
    })
    .strict()
]);

type ItemsInput = z.infer<typeof itemsSchema>;
type Answer = { itemId: string; item: PointsItemView };

export const items = action(
  itemsSchema,
  async (input, ctx): Promise<Answer> => {
    const { staff, ref } = await staffCaller(ctx);
    if (input.op === 'add') {
      assertCommunity(ref.units, input.communityId);
      assertCommunityStaff(staff, input.communityId);
      return addItem(input, staff, ctx.now);
    }
    const current = await getDoc<ItemDoc>(C.items, input.itemId);
    if (!current) throw new AppError('ITEM_NOT_FOUND', input.itemId);
    assertCommunityStaff(staff, current.communityId);
    return input.op === 'restock' ? restock(input, ctx.now) : edit(input, ctx.now);
  },
  {
    texts: (r) => (r.op === 'restock' ? [] : [r.name, r.description]),
    scene: SCENE.profile,
    photos: (r) => (r.op !== 'restock' && r.picture ? [r.picture] : [])
  }
);

/** The item and its shards, all or nothing; the same request again answers the item it made. */
async function addItem(input: Extract<ItemsInput, { op: 'add' }>, staff: Staff, now: Date): Promise<Answer> {
  const doc: ItemDoc = {
    _id: requestKey('item', staff.openid, input.requestId),
    communityId: input.communityId,
    name: input.name,
    picture: input.picture ?? '',
    description: input.description ?? '',
    points: input.points,
    shards: input.shards ?? suggestedShards(input.stock),
    monthlyLimit: input.monthlyLimit,
    status: 'on',
    availableUntil: input.availableUntil ? new Date(input.availableUntil) : null,
    restocks: [],
    createdBy: staff.openid,
    createdAt: now,
    updatedAt: now
  };
  try {
    await transact(async (tx) => {
      await txAdd(tx, C.items, doc);
      await txPutShards(tx, doc, spreadStock(input.stock, doc.shards), now);
    });
    return { itemId: doc._id, item: itemView(doc, input.stock) };
  } catch (e) {
    if (!duplicateOf(e)) throw e;
    const existing = await getDoc<ItemDoc>(C.items, doc._id);
    if (!existing) throw e;
    return { itemId: existing._id, item: itemView(existing, total(await shardsOf(existing._id))) };
  }
}

/** New terms on the item and each shard; a new shard count spreads the stock over the new shards. */
async function edit(input: Extract<ItemsInput, { op: 'edit' }>, now: Date): Promise<Answer> {
  const { op: _op, itemId, availableUntil, shards: wanted, ...fields } = input;
  await shardLegacyItem(itemId, now); // an item from before shards gets its shard first
  const item = await transact(async (tx) => {
    const doc = await txGet<ItemDoc>(tx, C.items, itemId);
    if (!doc) throw new AppError('ITEM_NOT_FOUND', itemId);
    const change: Partial<ItemDoc> = {
      ...fields,
      ...(availableUntil !== undefined
        ? { availableUntil: availableUntil === null ? null : new Date(availableUntil) }
        : {}),
      ...(wanted !== undefined ? { shards: wanted } : {}),
      updatedAt: now
    };
    const next: ItemDoc = { ...doc, ...change };
    if (next.shards !== doc.shards) {
      const held: number[] = [];
      for (let k = 0; k < doc.shards; k++)
        held.push((await txGet<StockShardDoc>(tx, C.accounts, shardIdOf(itemId, k)))?.stock ?? 0);
      await txPutShards(tx, next, spreadStock(total(held.map((stock) => ({ stock }))), next.shards), now);
      await txDropShards(tx, itemId, next.shards, doc.shards);
    } else {
      await txCopyTerms(tx, next, now);
    }
    await txUpdate(tx, C.items, itemId, change);
    return next;
  });
  return { itemId, item: itemView(item, total(await shardsOf(itemId))) };
}

/** Adds stock to the emptiest shards first; a repeated restock request adds nothing. */
async function restock(input: Extract<ItemsInput, { op: 'restock' }>, now: Date): Promise<Answer> {
  const { itemId, quantity, requestId } = input;
  await shardLegacyItem(itemId, now); // an item from before shards gets its shard first
  const item = await transact(async (tx) => {
    const doc = await txGet<ItemDoc>(tx, C.items, itemId);
    if (!doc) throw new AppError('ITEM_NOT_FOUND', itemId);
    if (doc.restocks.includes(requestId)) return doc;
    // Read after the transaction's first read: a shard that changes before the writes below makes them conflict.
    const shards = await shardsOf(itemId);
    if (total(shards) + quantity > MAX_STOCK)
      throw new AppError('QUANTITY_INVALID', `stock would be ${total(shards) + quantity}`);
    for (const add of spreadRestock(stocks(shards), quantity))
      await txAdjustShard(tx, itemId, add.shard, add.stock, now);
    const change = { restocks: [...doc.restocks, requestId].slice(-20), updatedAt: now };
    await txUpdate(tx, C.items, itemId, change);
    return { ...doc, ...change };
  });
  return { itemId, item: itemView(item, total(await shardsOf(itemId))) };
}
