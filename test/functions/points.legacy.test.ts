// Issue 18: items and orders stored before stock shards existed keep working. An old item (its stock on
// the item, no shards) shows its stock in the shop and gets its shard the first time it is redeemed,
// restocked or edited; an old order (no unique key) is still found by its pickup code; the nightly
// sweep brings over whatever nobody touched. The audit then finds every item with its shards.
import { EJSON } from 'bson';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { POINTS_COLLECTIONS as C, type ItemDoc, type SpendDoc, type StockShardDoc } from '../../server/repos/points';
import {
  audit,
  fund,
  insertAll,
  PINGAN,
  points,
  pointsOk,
  preparePoints,
  readAll,
  rid,
  staffOf
} from './pointsHelpers';

let cloud: TestCloud;
const staff = staffOf(PINGAN);

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: false });
  await preparePoints(cloud);
});
afterAll(() => cloud?.stop());

/** An item as stored before shards: `stock` on the item, no `shards`. */
async function legacyItem(id: string, stock: number, name: string): Promise<string> {
  const now = new Date();
  await insertAll(cloud, C.items, [
    {
      _id: id,
      communityId: PINGAN,
      name,
      picture: '',
      description: '',
      points: 1,
      stock,
      monthlyLimit: 50,
      status: 'on',
      availableUntil: null,
      restocks: [],
      createdBy: staff,
      createdAt: now,
      updatedAt: now
    }
  ]);
  return id;
}

const shardsOf = async (itemId: string): Promise<StockShardDoc[]> =>
  readAll<StockShardDoc>(cloud, C.accounts, { itemId });

async function unsetUniqueKey(orderId: string): Promise<void> {
  const res = await cloud.request('POST', '/admin', {
    action: 'database.modifyDocument',
    collectionName: C.ledger,
    query: EJSON.stringify({ _id: orderId }),
    data: EJSON.stringify({ $unset: { uniqueKey: '' } }),
    multi: false,
    merge: true
  });
  expect((res.body as { code?: string }).code).toBeUndefined();
}

test('an item from before shards: the shop shows its stock; a redemption gives it its shard and takes from it', async () => {
  const itemId = await legacyItem('legacy-item-redeem', 3, '旧面粉');
  const shop = await pointsOk(cloud, 'resident-1', 'shop', { communityId: PINGAN });
  expect(shop.items.find((i) => i.itemId === itemId)).toMatchObject({ stock: 3 });
  expect(await shardsOf(itemId)).toEqual([]);

  await fund(cloud, ['resident-legacy-1'], 10);
  const order = await pointsOk(cloud, 'resident-legacy-1', 'redeem', { itemId, quantity: 1, requestId: rid() });
  expect(order).toMatchObject({ itemId, quantity: 1, itemName: '旧面粉' });
  expect((await shardsOf(itemId)).map((s) => [s.shard, s.stock, s.name])).toEqual([[0, 2, '旧面粉']]);
  const [stored] = await readAll<ItemDoc & { stock?: number }>(cloud, C.items, { _id: itemId });
  expect(stored).toMatchObject({ shards: 1 });
  expect(stored.stock).toBeUndefined();
  expect((await pointsOk(cloud, 'resident-1', 'shop', { communityId: PINGAN })).items).toContainEqual(
    expect.objectContaining({ itemId, stock: 2 })
  );
  // Past its stock: refused as any item is, nothing oversold.
  expect(await points(cloud, 'resident-legacy-1', 'redeem', { itemId, quantity: 3, requestId: rid() })).toMatchObject({
    ok: false,
    code: 'OUT_OF_STOCK'
  });
});

test('a restock or an edit of an item from before shards keeps its stock, now in shards', async () => {
  const restocked = await legacyItem('legacy-item-restock', 2, '旧大米');
  const res = await pointsOk(cloud, staff, 'items', {
    op: 'restock',
    itemId: restocked,
    quantity: 3,
    requestId: rid()
  });
  expect(res.item).toMatchObject({ stock: 5, shards: 1 });
  expect((await shardsOf(restocked)).map((s) => s.stock)).toEqual([5]);

  const edited = await legacyItem('legacy-item-edit', 7, '旧油');
  const after = await pointsOk(cloud, staff, 'items', { op: 'edit', itemId: edited, name: '新油', shards: 3 });
  expect(after.item).toMatchObject({ stock: 7, shards: 3, name: '新油' });
  expect((await shardsOf(edited)).reduce((n, s) => n + s.stock, 0)).toBe(7);
  expect((await shardsOf(edited)).every((s) => s.name === '新油')).toBe(true);
});

test('an order from before shards (no unique key) is still found by its pickup code and collected once', async () => {
  const itemId = await legacyItem('legacy-item-order', 2, '旧毛巾');
  await fund(cloud, ['resident-legacy-2'], 10);
  const order = await pointsOk(cloud, 'resident-legacy-2', 'redeem', { itemId, quantity: 1, requestId: rid() });
  const [spend] = await readAll<SpendDoc>(cloud, C.ledger, { _id: order.orderId });
  await unsetUniqueKey(spend._id);
  const shown = await pointsOk(cloud, staff, 'verify', { pickupCode: spend.pickupCode });
  expect(shown).toMatchObject({ itemName: '旧毛巾', quantity: 1 });
  expect(await pointsOk(cloud, staff, 'verify', { pickupCode: spend.pickupCode, confirm: true })).toMatchObject({
    status: 'collected'
  });
  expect(await points(cloud, staff, 'verify', { pickupCode: spend.pickupCode, confirm: true })).toMatchObject({
    ok: false
  });
});

test('the nightly sweep brings over what nobody touched: items get their shard, old entries their unique key', async () => {
  const untouched = await legacyItem('legacy-item-untouched', 4, '旧肥皂');
  const itemId = await legacyItem('legacy-item-sweep', 2, '旧牙刷');
  await fund(cloud, ['resident-legacy-3'], 10);
  const order = await pointsOk(cloud, 'resident-legacy-3', 'redeem', { itemId, quantity: 1, requestId: rid() });
  await unsetUniqueKey(order.orderId);
  const swept = (await cloud.trigger('points')) as { result: { migrated: { items: number; entries: number } } };
  expect(swept.result.migrated.items).toBeGreaterThanOrEqual(1);
  expect(swept.result.migrated.entries).toBeGreaterThanOrEqual(1);
  expect((await shardsOf(untouched)).map((s) => s.stock)).toEqual([4]);
  const [spend] = await readAll<SpendDoc>(cloud, C.ledger, { _id: order.orderId });
  expect(spend.uniqueKey).toBe(`pickup-${PINGAN}-${spend.pickupCode}`);
  // Nothing left to bring over; every item has its shards and the ledger's invariants hold.
  const again = (await cloud.trigger('points')) as { result: { migrated: { items: number; entries: number } } };
  expect(again.result.migrated).toEqual({ items: 0, entries: 0 });
  expect((await audit(cloud)).breaches).toEqual([]);
});
