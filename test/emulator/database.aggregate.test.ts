/** Every stage the SDK's Aggregate offers, through the real wx-server-sdk. */
// jest's own expect: its asymmetric matchers are typed (the global ones return `any`).
import { expect } from '@jest/globals';
import { initCloud, startDbServer, type DbServer } from './support/dbServer';
import type { Aggregate, Collection, Command, Doc, WxDb } from './support/wxdb';

let server: DbServer;
let db: WxDb;
let _: Command;
let $: Command['aggregate'];
let orders: Collection;

beforeAll(async () => {
  server = await startDbServer();
  db = initCloud(server.url).database();
  _ = db.command;
  $ = db.command.aggregate;
  await db.createCollection('orders');
  await db.createCollection('customers');
  await db.createCollection('places');
  orders = db.collection('orders');
  await orders.add({
    data: [
      { _id: 'o1', customer: 'c1', amount: 10, items: ['pen', 'ink'], at: new Date('2024-01-05T00:00:00Z') },
      { _id: 'o2', customer: 'c2', amount: 25, items: ['book'], at: new Date('2024-02-05T00:00:00Z') },
      { _id: 'o3', customer: 'c1', amount: 40, items: ['pen'], at: new Date('2024-03-05T00:00:00Z') },
      { _id: 'o4', customer: 'c3', amount: 5, items: [], at: new Date('2024-04-05T00:00:00Z') }
    ]
  });
  await db.collection('customers').add({
    data: [
      { _id: 'c1', name: 'Ann' },
      { _id: 'c2', name: 'Bob' }
    ]
  });
  await db.collection('places').add({
    data: [
      { name: 'here', loc: db.Geo.Point(106.5, 29.5) },
      { name: 'near', loc: db.Geo.Point(106.51, 29.5) },
      { name: 'far', loc: db.Geo.Point(104.06, 30.67) }
    ]
  });
});
afterAll(() => server.stop());

const run = async (agg: Aggregate): Promise<Doc[]> => (await agg.end()).list;

test('match, group, sort, project', async () => {
  const list = await run(
    orders
      .aggregate()
      .match({ amount: _.gte(10) })
      .group({ _id: '$customer', total: $.sum('$amount'), n: $.sum(1) })
      .sort({ total: -1 })
      .project({ _id: 0, customer: '$_id', total: 1, n: 1 })
  );
  expect(list).toEqual([
    { total: 50, n: 2, customer: 'c1' },
    { total: 25, n: 1, customer: 'c2' }
  ]);
});

test('match with dates and regexes', async () => {
  const list = await run(
    orders
      .aggregate()
      .match({ at: _.lt(new Date('2024-03-01T00:00:00Z')), customer: /^c/ })
      .project({ _id: 1 })
  );
  expect(list).toEqual([{ _id: 'o1' }, { _id: 'o2' }]);
  const dates = await run(orders.aggregate().match({ _id: 'o1' }).project({ _id: 0, at: 1 }));
  expect(dates[0].at).toEqual(new Date('2024-01-05T00:00:00Z'));
});

test('addFields, skip, limit, count', async () => {
  const list = await run(
    orders
      .aggregate()
      .addFields({ double: $.multiply(['$amount', 2]) })
      .sort({ amount: 1 })
      .skip(1)
      .limit(2)
      .project({ double: 1 })
  );
  expect(list).toEqual([
    { _id: 'o1', double: 20 },
    { _id: 'o2', double: 50 }
  ]);
  expect(await run(orders.aggregate().match({ customer: 'c1' }).count('n'))).toEqual([{ n: 2 }]);
});

test('bucket and bucketAuto', async () => {
  const buckets = await run(
    orders
      .aggregate()
      .bucket({ groupBy: '$amount', boundaries: [0, 20, 100], default: 'other', output: { n: $.sum(1) } })
  );
  expect(buckets).toEqual([
    { _id: 0, n: 2 },
    { _id: 20, n: 2 }
  ]);
  const auto = await run(orders.aggregate().bucketAuto({ groupBy: '$amount', buckets: 2 }));
  expect(auto).toHaveLength(2);
  expect(auto.reduce((n, b) => n + (b.count as number), 0)).toBe(4);
});

test('lookup, unwind, replaceRoot', async () => {
  const joined = await run(
    orders
      .aggregate()
      .match({ _id: _.in(['o1', 'o2']) })
      .lookup({ from: 'customers', localField: 'customer', foreignField: '_id', as: 'who' })
      .unwind('$who')
      .replaceRoot({ newRoot: { order: '$_id', name: '$who.name' } })
  );
  expect(joined).toEqual([
    { order: 'o1', name: 'Ann' },
    { order: 'o2', name: 'Bob' }
  ]);
  const unwound = await run(
    orders.aggregate().unwind({ path: '$items', preserveNullAndEmptyArrays: true }).project({ items: 1 })
  );
  expect(unwound.map((d) => d.items)).toEqual(['pen', 'ink', 'book', 'pen', undefined]);
});

test('sortByCount and sample', async () => {
  const counts = await run(orders.aggregate().unwind('$items').sortByCount('$items'));
  expect(counts[0]).toEqual({ _id: 'pen', count: 2 });
  const sample = await run(orders.aggregate().sample({ size: 2 }));
  expect(sample).toHaveLength(2);
});

test('geoNear', async () => {
  const list = await run(
    db
      .collection('places')
      .aggregate()
      .geoNear({
        near: db.Geo.Point(106.5, 29.5),
        distanceField: 'dist',
        spherical: true,
        maxDistance: 5000,
        query: { name: _.neq('nowhere') }
      })
  );
  expect(list.map((d) => d.name)).toEqual(['here', 'near']);
  expect(list[0].dist).toBe(0);
  expect(list[1].dist as number).toBeGreaterThan(900);
  expect(list[1].dist as number).toBeLessThan(1100);
});

test('an unknown stage fails', () => {
  const raw = (): unknown =>
    server.db.handle('database.aggregateDocuments', {
      collectionName: 'orders',
      stages: [{ stageKey: '$nope', stageValue: '{}' }]
    });
  expect(raw).toThrow(expect.objectContaining({ code: 'DATABASE_INVALID_OPERRATOR' }));
});
