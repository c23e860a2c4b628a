// shop: a community's items; items: its staff add, edit and restock them.
import { z } from 'zod';
import { itemUnavailable, ITEM_STATUSES } from '../../../domain/points/shop';
import { action, AppError } from '../../../server/function';
import {
  communityName,
  communityOf,
  itemView,
  POINTS_COLLECTIONS as C,
  requestKey,
  requireOpenid,
  type ItemDoc
} from '../../../server/repos/points';
import { duplicateOf, pointsDb, retrying, transact } from '../../../server/repos/pointsTx';
import type { PointsItemView } from '../../../typings/points';
import { assertCommunityStaff, getDoc, requestIdSchema, requireStaff } from '../common';
import { SCENE } from '../../../server/contentCheck';

/** A community shop shows at most this many items (one get; CloudBase answers ≤ 1000). */
const SHOP_MAX = 200;
const MAX_STOCK = 100_000;

const communityId = z.string().regex(/^\d{12}$/, { error: 'UNKNOWN_COMMUNITY' });

const shopSchema = z.object({ communityId, all: z.boolean().optional() }).strict();

export const shop = action(shopSchema, async (input, ctx) => {
  const viewer = requireOpenid(ctx.openid);
  if (!communityOf(input.communityId)) throw new AppError('UNKNOWN_COMMUNITY', input.communityId);
  // Staff managing the shop see every item, including those off the shelf or past their date.
  if (input.all) assertCommunityStaff(await requireStaff(viewer, ctx.now), input.communityId);
  const res = await retrying<{ data: unknown[] }>(() =>
    pointsDb()
      .collection(C.items)
      .where({ communityId: input.communityId })
      .orderBy('createdAt', 'asc')
      .limit(SHOP_MAX)
      .get()
  );
  const docs = res.data as ItemDoc[];
  const items = docs.filter((i) => input.all || !itemUnavailable(i, ctx.now)).map(itemView);
  return { communityId: input.communityId, communityName: communityName(input.communityId), items };
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
      availableUntil: until.optional()
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
      availableUntil: until.optional()
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

export const items = action(
  itemsSchema,
  async (input, ctx): Promise<{ itemId: string; item: PointsItemView }> => {
    const staff = requireOpenid(ctx.openid);
    const user = await requireStaff(staff, ctx.now);
    if (input.op === 'add') {
      if (!communityOf(input.communityId)) throw new AppError('UNKNOWN_COMMUNITY', input.communityId);
      assertCommunityStaff(user, input.communityId);
      return addItem(input, staff, ctx.now);
    }
    const current = await getDoc<ItemDoc>(C.items, input.itemId);
    if (!current) throw new AppError('ITEM_NOT_FOUND', input.itemId);
    assertCommunityStaff(user, current.communityId);
    const item = await transact(async (tx) => {
      const doc = (await tx.collection(C.items).doc(input.itemId).get()).data as ItemDoc | null;
      if (!doc) throw new AppError('ITEM_NOT_FOUND', input.itemId);
      let change: Partial<ItemDoc>;
      if (input.op === 'restock') {
        // A repeated restock request adds nothing.
        if (doc.restocks.includes(input.requestId)) return doc;
        if (doc.stock + input.quantity > MAX_STOCK)
          throw new AppError('QUANTITY_INVALID', `stock would be ${doc.stock + input.quantity}`);
        change = { stock: doc.stock + input.quantity, restocks: [...doc.restocks, input.requestId].slice(-20) };
      } else {
        const { op: _op, itemId: _id, availableUntil, ...fields } = input;
        change = {
          ...fields,
          ...(availableUntil !== undefined
            ? { availableUntil: availableUntil === null ? null : new Date(availableUntil) }
            : {})
        };
      }
      change.updatedAt = ctx.now;
      await tx.collection(C.items).doc(input.itemId).update({ data: change });
      return { ...doc, ...change };
    });
    return { itemId: item._id, item: itemView(item) };
  },
  {
    texts: (r) => (r.op === 'restock' ? [] : [r.name, r.description]),
    scene: SCENE.profile,
    photos: (r) => (r.op !== 'restock' && r.picture ? [r.picture] : [])
  }
);

async function addItem(
  input: Extract<ItemsInput, { op: 'add' }>,
  staff: string,
  now: Date
): Promise<{ itemId: string; item: PointsItemView }> {
  const doc: ItemDoc = {
    _id: requestKey('item', staff, input.requestId),
    communityId: input.communityId,
    name: input.name,
    picture: input.picture ?? '',
    description: input.description ?? '',
    points: input.points,
    stock: input.stock,
    monthlyLimit: input.monthlyLimit,
    status: 'on',
    availableUntil: input.availableUntil ? new Date(input.availableUntil) : null,
    restocks: [],
    createdBy: staff,
    createdAt: now,
    updatedAt: now
  };
  try {
    await retrying(() => pointsDb().collection(C.items).add({ data: doc }));
    return { itemId: doc._id, item: itemView(doc) };
  } catch (e) {
    if (!duplicateOf(e)) throw e;
    const existing = await getDoc<ItemDoc>(C.items, doc._id);
    if (!existing) throw e;
    return { itemId: existing._id, item: itemView(existing) };
  }
}
