// Issue 18: an item's stock split over shards, through the gateway. The shop shows the sum; a
// redemption falls back to the other shards and never refuses while any holds stock; restocks and
// edits keep every shard carrying the item's terms (the audit after each test checks them).
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { EJSON } from 'bson';
import type { PointsItemView } from '../../typings/points';
import { POINTS_COLLECTIONS as C, type StockShardDoc } from '../../server/repos/points';
import { firstShard, releaseShards, rememberShards } from '../../server/repos/pointsStock';
import { audit, fund, PINGAN, points, pointsOk, preparePoints, readAll, rid, staffOf, stockOf } from './pointsHelpers';

let cloud: TestCloud;
const staff = staffOf(PINGAN);

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: false });
  await preparePoints(cloud);
});
afterAll(() => cloud?.stop());
afterEach(async () => {
  expect((await audit(cloud)).breaches).toEqual([]);
});

async function addItem(stock: number, shards?: number, name = '面粉'): Promise<PointsItemView> {
  const res = await pointsOk(cloud, staff, 'items', {
    op: 'add',
    communityId: PINGAN,
    name,
    points: 1,
    stock,
    monthlyLimit: 50,
    ...(shards ? { shards } : {}),
    requestId: rid()
  });
  return res.item;
}

const shardStocks = async (itemId: string): Promise<number[]> =>
  (await readAll<StockShardDoc>(cloud, C.accounts, { itemId })).sort((a, b) => a.shard - b.shard).map((s) => s.stock);

const residents = (tag: string, n: number): string[] => Array.from({ length: n }, (_, i) => `resident-${tag}-${i}`);

test('a new item spreads its stock over its shards; the shop shows the sum', async () => {
  const item = await addItem(10, 4);
  expect(item).toMatchObject({ stock: 10, shards: 4 });
  expect(await shardStocks(item.itemId)).toEqual([3, 3, 2, 2]);
  // Without a count: one shard per 25 in stock.
  expect((await addItem(60)).shards).toBe(2);
  const shop = await pointsOk(cloud, 'resident-1', 'shop', { communityId: PINGAN });
  expect(shop.items.find((i) => i.itemId === item.itemId)).toMatchObject({ stock: 10, shards: 4 });
  expect(
    await points(cloud, staff, 'items', {
      op: 'add',
      communityId: PINGAN,
      name: '米',
      points: 1,
      stock: 1,
      monthlyLimit: 1,
      shards: 33,
      requestId: rid()
    })
  ).toMatchObject({ ok: false, code: 'FIELD_INVALID' });
});

test('no refusal while any shard holds stock: one unit in each of 8 shards serves 8 buyers at once, then OUT_OF_STOCK', async () => {
  const item = await addItem(8, 8);
  const buyers = residents('eight', 10);
  await fund(cloud, buyers, 10);
  const answers = await Promise.all(
    buyers.map((openid) => points(cloud, openid, 'redeem', { itemId: item.itemId, quantity: 1, requestId: rid() }))
  );
  expect(answers.map((a) => (a.ok ? 'ok' : a.code)).sort()).toEqual([
    'OUT_OF_STOCK',
    'OUT_OF_STOCK',
    ...Array<string>(8).fill('ok')
  ]);
  expect(await shardStocks(item.itemId)).toEqual(Array<number>(8).fill(0));
});

test('a quantity no single shard holds is taken from several, in one transaction', async () => {
  const item = await addItem(4, 4);
  const [buyer] = residents('several', 1);
  await fund(cloud, [buyer], 10);
  const order = await pointsOk(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 3, requestId: rid() });
  expect(order).toMatchObject({ quantity: 3, points: 3 });
  expect((await shardStocks(item.itemId)).reduce((a, b) => a + b, 0)).toBe(1);
  expect(await points(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 2, requestId: rid() })).toMatchObject({
    ok: false,
    code: 'OUT_OF_STOCK'
  });
  // Cancelling puts the stock back on a shard.
  await pointsOk(cloud, buyer, 'cancel', { orderId: order.orderId });
  expect(await stockOf(cloud, item.itemId)).toBe(4);
});

test('a hot item: 40 buyers at once on 20 units in 8 shards, exactly 20 succeed, none oversold', async () => {
  const item = await addItem(20, 8);
  const buyers = residents('hot', 40);
  await fund(cloud, buyers, 10);
  const answers = await Promise.all(
    buyers.map((openid) => points(cloud, openid, 'redeem', { itemId: item.itemId, quantity: 1, requestId: rid() }))
  );
  const codes = answers.map((a) => (a.ok ? 'ok' : a.code));
  expect(codes.filter((c) => c === 'ok')).toHaveLength(20);
  expect(codes.filter((c) => c === 'OUT_OF_STOCK')).toHaveLength(20);
  expect(await stockOf(cloud, item.itemId)).toBe(0);
  expect((await audit(cloud, new Map([[item.itemId, 20]]))).breaches).toEqual([]);
});

test('a restock goes to the emptiest shards; a repeated restock adds nothing', async () => {
  const item = await addItem(4, 4);
  const [buyer] = residents('restock', 1);
  await fund(cloud, [buyer], 10);
  await pointsOk(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 2, requestId: rid() });
  const requestId = rid();
  const restocked = await pointsOk(cloud, staff, 'items', {
    op: 'restock',
    itemId: item.itemId,
    quantity: 6,
    requestId
  });
  expect(restocked.item.stock).toBe(8);
  expect(await shardStocks(item.itemId)).toEqual([2, 2, 2, 2]);
  await pointsOk(cloud, staff, 'items', { op: 'restock', itemId: item.itemId, quantity: 6, requestId });
  expect(await stockOf(cloud, item.itemId)).toBe(8);
});

test('an edit reaches every shard (the next order carries the new name and price); a new shard count keeps the stock', async () => {
  const item = await addItem(9, 3, '旧名字');
  await pointsOk(cloud, staff, 'items', { op: 'edit', itemId: item.itemId, name: '新名字', points: 2 });
  const [buyer] = residents('edit', 1);
  await fund(cloud, [buyer], 10);
  expect(await pointsOk(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 1, requestId: rid() })).toMatchObject({
    itemName: '新名字',
    points: 2
  });
  const more = await pointsOk(cloud, staff, 'items', { op: 'edit', itemId: item.itemId, shards: 5 });
  expect(more.item).toMatchObject({ stock: 8, shards: 5 });
  expect(await shardStocks(item.itemId)).toEqual([2, 2, 2, 1, 1]);
  const fewer = await pointsOk(cloud, staff, 'items', { op: 'edit', itemId: item.itemId, shards: 2, status: 'off' });
  expect(fewer.item).toMatchObject({ stock: 8, shards: 2, status: 'off' });
  expect(await shardStocks(item.itemId)).toEqual([4, 4]);
  expect(await points(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 1, requestId: rid() })).toMatchObject({
    ok: false,
    code: 'ITEM_OFF_SHELF'
  });
});

test('the ledger refuses a second order with the same pickup code in a community (its unique key)', async () => {
  const [buyer] = residents('code', 1);
  await fund(cloud, [buyer], 10);
  const item = await addItem(5, 1);
  const order = await pointsOk(cloud, buyer, 'redeem', { itemId: item.itemId, quantity: 1, requestId: rid() });
  const [spend] = await readAll<Record<string, unknown>>(cloud, C.ledger, { _id: order.orderId });
  const copy = { ...spend, _id: `order-${'f'.repeat(24)}`, openid: 'resident-code-copy', seq: 1 };
  const res = await cloud.request('POST', '/admin', {
    action: 'database.insertDocument',
    collectionName: C.ledger,
    data: [EJSON.stringify(copy, { relaxed: false })]
  });
  expect(JSON.stringify(res.body)).toMatch(/duplicate key.*ledger_pickup/);
});

test("an instance's concurrent redemptions of one item start on different shards while there are enough", () => {
  const itemId = 'held-item';
  rememberShards(
    itemId,
    Array.from({ length: 8 }, (_, shard) => ({ shard, stock: 5 }) as StockShardDoc)
  );
  const first = Array.from({ length: 8 }, () => firstShard(itemId, new Set()));
  expect(new Set(first).size).toBe(8);
  // All eight held: a ninth shares one (fallback), and a released shard is free again.
  const ninth = firstShard(itemId, new Set());
  expect(first).toContain(ninth);
  releaseShards(itemId, [...first, ninth]);
  expect(Array.from({ length: 8 }, () => firstShard(itemId, new Set())).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
});
