/** Conformance of the local database through the real wx-server-sdk: CRUD, queries, update operators. */
// jest's own expect: its asymmetric matchers are typed (the global ones return `any`).
import { expect } from '@jest/globals';
import { initCloud, startDbServer, type DbServer } from './support/dbServer';
import type { Collection, Command, Doc, Query, WxDb } from './support/wxdb';

let server: DbServer;
let db: WxDb;
let _: Command;

beforeAll(async () => {
  server = await startDbServer();
  db = initCloud(server.url).database();
  _ = db.command;
});
afterAll(() => server.stop());

let seq = 0;
/** A fresh collection per test keeps tests independent. */
async function fresh<T = Doc>(docs: Array<Record<string, unknown>> = []): Promise<Collection<T>> {
  const name = `c${++seq}`;
  await db.createCollection(name);
  const coll = db.collection<T>(name);
  if (docs.length > 0) await coll.add({ data: docs });
  return coll;
}

function strip<T extends { _id?: unknown }>(docs: T[]): Array<Omit<T, '_id'>> {
  return docs.map(({ _id, ...rest }) => rest);
}

describe('collections', () => {
  test('a collection that does not exist fails as in production (-502005)', async () => {
    const err = await db
      .collection('missing')
      .get()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ errCode: -502005 });
    expect(String((err as Error).message)).toContain('Db or Table not exist');
    await expect(db.collection('missing').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 });
    await expect(
      db
        .collection('missing')
        .doc('x')
        .update({ data: { a: 1 } })
    ).rejects.toMatchObject({ errCode: -502005 });
    await expect(db.collection('missing').where({}).remove()).rejects.toMatchObject({ errCode: -502005 });
    await expect(db.collection('missing').count()).rejects.toMatchObject({ errCode: -502005 });
    // wx-server-sdk's aggregate wrapper does not map the code (errCode -1), as in production.
    const agg = await db
      .collection('missing')
      .aggregate()
      .end()
      .catch((e: unknown) => e);
    expect(String((agg as Error).message)).toMatch(/^collection\.aggregate:fail .*Db or Table not exist/);
  });

  test('createCollection on an existing collection fails', async () => {
    await db.createCollection('twice');
    await expect(db.createCollection('twice')).rejects.toThrow(/createCollection:fail/);
    expect(server.db.collections()).toEqual(expect.arrayContaining([{ name: 'twice', count: 0 }]));
  });
});

describe('insert and read', () => {
  test('add returns a 32-hex _id; doc().get() returns the document with types intact', async () => {
    const coll = await fresh();
    const when = new Date('2024-05-06T07:08:09.123Z');
    const { _id } = await coll.add({
      data: {
        s: 'x',
        i: 7,
        f: 1.5,
        big: 2 ** 40,
        neg: -3,
        b: true,
        n: null,
        when,
        nested: { arr: [1, 'a', { z: when }] }
      }
    });
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    const { data } = await coll.doc(_id).get<Doc & { nested: { arr: [number, string, { z: unknown }] } }>();
    expect(data).toEqual({
      _id,
      s: 'x',
      i: 7,
      f: 1.5,
      big: 2 ** 40,
      neg: -3,
      b: true,
      n: null,
      when,
      nested: { arr: [1, 'a', { z: when }] }
    });
    expect(data.when).toBeInstanceOf(Date);
    expect(data.nested.arr[2].z).toBeInstanceOf(Date);
  });

  test('a document with a given _id, and a duplicate _id failing with the duplicate-key error', async () => {
    const coll = await fresh();
    await coll.add({ data: { _id: 'fixed', v: 1 } });
    const err = await coll.add({ data: { _id: 'fixed', v: 2 } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ errCode: -502001 });
    expect(String((err as Error).message)).toContain('E11000 duplicate key error');
    expect((await coll.doc('fixed').get()).data.v).toBe(1);
  });

  test('add of several documents at once returns their ids', async () => {
    const coll = await fresh();
    const res = await coll.add({ data: [{ k: 1 }, { k: 2 }, { _id: 'three', k: 3 }] });
    expect(res._ids).toHaveLength(3);
    expect(res._ids[2]).toBe('three');
    expect((await coll.count()).total).toBe(3);
  });

  test('doc(id).get() of a missing document fails as the SDK reports it', async () => {
    const coll = await fresh();
    const err = await coll
      .doc('nope')
      .get()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ errCode: -1 });
    expect((err as Error).message).toBe('document.get:fail document with _id nope does not exist');
  });

  test('numeric _id', async () => {
    const coll = await fresh();
    await coll.add({ data: { _id: 42, v: 'n' } });
    expect((await coll.doc(42).get()).data).toEqual({ _id: 42, v: 'n' });
    await expect(coll.doc('42').get()).rejects.toThrow(/does not exist/);
  });

  test('serverDate is the server clock, also inside nested fields and updates', async () => {
    const coll = await fresh<{ at: Date; inner: { later: Date }; touched?: Date }>();
    server.clock.advance(3_600_000);
    const before = server.clock.now();
    const { _id } = await coll.add({
      data: { at: db.serverDate(), inner: { later: db.serverDate({ offset: 60_000 }) } }
    });
    const after = server.clock.now();
    const { data } = await coll.doc(_id).get();
    expect(data.at).toBeInstanceOf(Date);
    expect(data.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(data.at.getTime()).toBeLessThanOrEqual(after);
    expect(data.inner.later.getTime() - data.at.getTime()).toBeGreaterThanOrEqual(60_000 - 5);
    await coll.doc(_id).update({ data: { touched: db.serverDate() } });
    expect((await coll.doc(_id).get()).data.touched?.getTime()).toBeGreaterThanOrEqual(before);
    expect((await coll.where({ at: _.lte(db.serverDate()) }).count()).total).toBe(1);
  });
});

describe('queries', () => {
  const people = [
    {
      name: 'Ann',
      age: 31,
      city: 'Chongqing',
      tags: ['a', 'b'],
      joined: new Date('2024-01-10T00:00:00Z'),
      prof: { level: 3 }
    },
    {
      name: 'bob',
      age: 25,
      city: 'Chengdu',
      tags: ['b'],
      joined: new Date('2024-02-10T00:00:00Z'),
      prof: { level: 1 }
    },
    { name: 'Cid', age: 40, city: 'Chongqing', tags: [], joined: new Date('2024-03-10T00:00:00Z'), prof: { level: 2 } },
    { name: 'dee', age: 25, tags: ['c'], joined: new Date('2024-04-10T00:00:00Z') }
  ];
  type Person = (typeof people)[number] & { _id: string };
  let coll: Collection<Person>;
  beforeAll(async () => {
    coll = await fresh<Person>(people);
  });
  const names = async (q: Query<Person>): Promise<string[]> => (await q.get()).data.map((d) => d.name);

  test('equality, nested fields and comparison commands', async () => {
    expect(await names(coll.where({ city: 'Chongqing' }))).toEqual(['Ann', 'Cid']);
    expect(await names(coll.where({ prof: { level: 1 } }))).toEqual(['bob']);
    expect(await names(coll.where({ 'prof.level': _.gte(2) }))).toEqual(['Ann', 'Cid']);
    expect(await names(coll.where({ age: _.gt(25).and(_.lt(40)) }))).toEqual(['Ann']);
    expect(await names(coll.where({ age: _.in([25, 40]) }))).toEqual(['bob', 'Cid', 'dee']);
    expect(await names(coll.where({ age: _.nin([25, 40]) }))).toEqual(['Ann']);
    expect(await names(coll.where({ age: _.neq(25) }))).toEqual(['Ann', 'Cid']);
    expect(await names(coll.where({ city: _.exists(false) }))).toEqual(['dee']);
    expect(await names(coll.where(_.or([{ age: 40 }, { name: 'bob' }])))).toEqual(['bob', 'Cid']);
    expect(await names(coll.where({ age: _.eq(25).or(_.eq(31)) }))).toEqual(['Ann', 'bob', 'dee']);
    expect(await names(coll.where({ tags: 'b' }))).toEqual(['Ann', 'bob']);
    expect(await names(coll.where({ tags: _.all(['a', 'b']) }))).toEqual(['Ann']);
    expect(await names(coll.where({ tags: _.size(0) }))).toEqual(['Cid']);
    expect(await names(coll.where({ tags: _.elemMatch(_.eq('c')) }))).toEqual(['dee']);
    expect(await names(coll.where({ age: _.mod(10, 1) }))).toEqual(['Ann']);
  });

  test('date ranges', async () => {
    const q = coll.where({
      joined: _.gte(new Date('2024-02-01T00:00:00Z')).and(_.lt(new Date('2024-04-01T00:00:00Z')))
    });
    expect(await names(q)).toEqual(['bob', 'Cid']);
  });

  test('regular expressions: db.RegExp and JS RegExp', async () => {
    expect(await names(coll.where({ name: db.RegExp({ regexp: '^[a-c]', options: 'i' }) }))).toEqual([
      'Ann',
      'bob',
      'Cid'
    ]);
    expect(await names(coll.where({ name: /^[a-c]/ }))).toEqual(['bob']);
    expect(await names(coll.where({ city: /qing$/ }))).toEqual(['Ann', 'Cid']);
    expect(await names(coll.where({ name: _.not(/^[A-Z]/) }))).toEqual(['bob', 'dee']);
  });

  test('empty results', async () => {
    expect((await coll.where({ name: 'nobody' }).get()).data).toEqual([]);
    expect((await coll.where({ name: 'nobody' }).count()).total).toBe(0);
  });

  test('orderBy, skip, limit and field', async () => {
    expect(await names(coll.orderBy('age', 'desc').orderBy('name', 'asc'))).toEqual(['Cid', 'Ann', 'bob', 'dee']);
    expect(await names(coll.orderBy('joined', 'desc').skip(1).limit(2))).toEqual(['Cid', 'bob']);
    const { data } = await coll.where({ name: 'Ann' }).field({ name: true, 'prof.level': true }).get();
    expect(data).toEqual([{ _id: expect.any(String), name: 'Ann', prof: { level: 3 } }]);
    const { data: without } = await coll
      .where({ name: 'bob' })
      .field({ tags: false, joined: false, prof: false })
      .get();
    expect(strip(without)).toEqual([{ name: 'bob', age: 25, city: 'Chengdu' }]);
    const { data: sliced } = await coll
      .where({ name: 'Ann' })
      .field({ tags: _.project.slice(1) })
      .get();
    expect(sliced[0].tags).toEqual(['a']);
    const { data: one } = await coll
      .doc((await coll.where({ name: 'Cid' }).get()).data[0]._id)
      .field({ age: true })
      .get();
    expect(strip([one])).toEqual([{ age: 40 }]);
  });
});

describe('limits', () => {
  test('get() answers 100 documents by default and at most 1000', async () => {
    const coll = await fresh<{ i: number }>();
    const docs = Array.from({ length: 1500 }, (_v, i) => ({ i }));
    await coll.add({ data: docs.slice(0, 750) });
    await coll.add({ data: docs.slice(750) });
    expect((await coll.count()).total).toBe(1500);
    expect((await coll.get()).data).toHaveLength(100);
    expect((await coll.limit(1000).get()).data).toHaveLength(1000);
    expect((await coll.limit(5000).get()).data).toHaveLength(1000);
    const page = (await coll.skip(1400).limit(1000).get()).data;
    expect(page.map((d) => d.i)).toEqual(Array.from({ length: 100 }, (_v, k) => 1400 + k));
    // The server caps too, whatever a client sends.
    const raw = server.db.handle('database.getDocument', {
      collectionName: coll.collectionName,
      queryType: 'WHERE',
      limit: 5000
    });
    expect((raw.data as { list: unknown[] }).list).toHaveLength(1000);
  });
});

describe('updates', () => {
  test('update merges plain and nested fields; set() replaces; set() on a missing id creates it', async () => {
    const coll = await fresh();
    const { _id } = await coll.add({ data: { a: 1, nested: { x: 1, y: 2 }, keep: true } });
    const r = await coll.doc(_id).update({ data: { a: 2, nested: { y: 3, z: 4 }, 'deep.er.path': 5 } });
    expect(r.stats.updated).toBe(1);
    expect((await coll.doc(_id).get()).data).toEqual({
      _id,
      a: 2,
      nested: { x: 1, y: 3, z: 4 },
      keep: true,
      deep: { er: { path: 5 } }
    });
    await coll.doc(_id).update({ data: { nested: _.set({ only: 1 }) } });
    expect((await coll.doc(_id).get()).data.nested).toEqual({ only: 1 });
    const same = await coll.doc(_id).update({ data: { a: 2 } });
    expect(same.stats.updated).toBe(0);
    const set = await coll.doc(_id).set({ data: { replaced: true } });
    expect(set.stats).toEqual({ updated: 1, created: 0 });
    expect((await coll.doc(_id).get()).data).toEqual({ _id, replaced: true });
    const created = await coll.doc('brand-new').set({ data: { v: 1 } });
    expect(created.stats).toEqual({ updated: 0, created: 1 });
    expect((await coll.doc('brand-new').get()).data).toEqual({ _id: 'brand-new', v: 1 });
    const missing = await coll.doc('ghost').update({ data: { v: 1 } });
    expect(missing.stats.updated).toBe(0);
    await expect(coll.doc('ghost').get()).rejects.toThrow(/does not exist/);
  });

  test('field operators: inc, mul, remove, rename, max, min', async () => {
    const coll = await fresh();
    const { _id } = await coll.add({ data: { n: 5, m: 3, gone: 1, old: 'v', hi: 10, lo: 10, when: new Date(1000) } });
    await coll.doc(_id).update({
      data: {
        n: _.inc(-2),
        m: _.mul(4),
        gone: _.remove(),
        old: _.rename('fresh'),
        hi: _.max(20),
        lo: _.min(3),
        fresh2: _.inc(1),
        when: _.max(new Date(2000))
      }
    });
    expect((await coll.doc(_id).get()).data).toEqual({
      _id,
      n: 3,
      m: 12,
      fresh: 'v',
      hi: 20,
      lo: 3,
      fresh2: 1,
      when: new Date(2000)
    });
    await coll.doc(_id).update({ data: { hi: _.max(1), lo: _.min(100) } });
    expect((await coll.doc(_id).get()).data).toMatchObject({ hi: 20, lo: 3 });
  });

  test('array operators: push (each/position/slice/sort), pull, pullAll, addToSet, pop, shift, unshift', async () => {
    const coll = await fresh();
    const { _id } = await coll.add({
      data: { a: [3, 1], b: [1, 2, 3, 2], c: ['x'], d: [1, 2, 3], e: [1, 2, 3], f: [{ k: 1 }, { k: 5 }], g: [5, 6] }
    });
    const get = async (): Promise<Record<string, unknown>> => (await coll.doc(_id).get()).data;
    await coll.doc(_id).update({
      data: { a: _.push(4, 5), b: _.pull(2), c: _.addToSet('x'), d: _.pop(), e: _.shift(), g: _.unshift([3, 4]) }
    });
    expect(await get()).toMatchObject({ a: [3, 1, 4, 5], b: [1, 3], c: ['x'], d: [1, 2], e: [2, 3], g: [3, 4, 5, 6] });
    await coll.doc(_id).update({
      data: {
        a: _.push({ each: [0, 9], position: 1 }),
        c: _.addToSet({ each: ['x', 'y', 'z'] }),
        f: _.pull({ k: _.gt(2) })
      }
    });
    expect(await get()).toMatchObject({ a: [3, 0, 9, 1, 4, 5], c: ['x', 'y', 'z'], f: [{ k: 1 }] });
    await coll.doc(_id).update({
      data: { a: _.push({ each: [7], sort: -1, slice: 3 }), b: _.pullAll([1, 3]), g: _.pull(_.in([3, 6])) }
    });
    expect(await get()).toMatchObject({ a: [9, 7, 5], b: [], g: [4, 5] });
    await coll
      .doc(_id)
      .update({ data: { f: _.push({ each: [{ k: 3 }, { k: 2 }], sort: { k: 1 } }), newArr: _.push('first') } });
    expect(await get()).toMatchObject({ f: [{ k: 1 }, { k: 2 }, { k: 3 }], newArr: ['first'] });
    await coll.doc(_id).update({ data: { 'f.1.k': 20, 'a.0': 8 } });
    expect(await get()).toMatchObject({ f: [{ k: 1 }, { k: 20 }, { k: 3 }], a: [8, 7, 5] });
  });

  test('the positional operator updates the element the query matched', async () => {
    const coll = await fresh([
      {
        name: 'p',
        grades: [
          { s: 'math', v: 1 },
          { s: 'art', v: 2 }
        ]
      }
    ]);
    await coll.where({ name: 'p', 'grades.s': 'art' }).update({ data: { 'grades.$.v': 9 } });
    const { data } = await coll.where({ name: 'p' }).get();
    expect(data[0].grades).toEqual([
      { s: 'math', v: 1 },
      { s: 'art', v: 9 }
    ]);
    await coll.where({ name: 'p' }).update({ data: { 'grades.$[].v': 0 } });
    expect((await coll.where({ name: 'p' }).get()).data[0].grades).toEqual([
      { s: 'math', v: 0 },
      { s: 'art', v: 0 }
    ]);
  });

  test('operators on the wrong type fail as MongoDB fails them', async () => {
    const coll = await fresh();
    const { _id } = await coll.add({ data: { s: 'text', arr: [1] } });
    await expect(coll.doc(_id).update({ data: { s: _.inc(1) } })).rejects.toMatchObject({ errCode: -502001 });
    await expect(coll.doc(_id).update({ data: { s: _.push(1) } })).rejects.toThrow(/must be an array/);
    await expect(coll.doc(_id).update({ data: { 's.inner': 1 } })).rejects.toThrow(/Cannot create field/);
    expect((await coll.doc(_id).get()).data).toEqual({ _id, s: 'text', arr: [1] });
  });

  test('where().update() and where().remove() touch every match', async () => {
    const coll = await fresh([
      { g: 1, v: 0 },
      { g: 1, v: 0 },
      { g: 2, v: 0 }
    ]);
    const up = await coll.where({ g: 1 }).update({ data: { v: _.inc(5) } });
    expect(up.stats.updated).toBe(2);
    expect((await coll.where({ v: 5 }).count()).total).toBe(2);
    const rm = await coll.where({ g: 1 }).remove();
    expect(rm.stats.removed).toBe(2);
    expect((await coll.count()).total).toBe(1);
    const one = await coll.doc((await coll.get()).data[0]._id).remove();
    expect(one.stats.removed).toBe(1);
    expect((await coll.count()).total).toBe(0);
  });

  test('100 parallel _.inc(1) end at +100', async () => {
    const coll = await fresh();
    const { _id } = await coll.add({ data: { n: 0 } });
    await Promise.all(Array.from({ length: 100 }, () => coll.doc(_id).update({ data: { n: _.inc(1) } })));
    expect((await coll.doc(_id).get()).data.n).toBe(100);
  });

  test('Dates round-trip through updates and match in queries', async () => {
    const coll = await fresh();
    const d = new Date('2030-01-02T03:04:05.678Z');
    const { _id } = await coll.add({ data: { d } });
    await coll.doc(_id).update({ data: { e: new Date(d.getTime() + 1) } });
    const { data } = await coll.where({ d, e: _.gt(d) }).get();
    expect(data).toEqual([{ _id, d, e: new Date(d.getTime() + 1) }]);
  });
});

describe('geo', () => {
  test('geoNear, geoWithin and geoIntersects on Points', async () => {
    const coll = await fresh<{ name: string; loc: unknown }>([
      { name: 'here', loc: db.Geo.Point(106.5, 29.5) },
      { name: 'near', loc: db.Geo.Point(106.51, 29.5) },
      { name: 'far', loc: db.Geo.Point(104.06, 30.67) }
    ]);
    const near = await coll.where({ loc: _.geoNear({ geometry: db.Geo.Point(106.5, 29.5), maxDistance: 5000 }) }).get();
    expect(near.data.map((d) => d.name)).toEqual(['here', 'near']);
    expect(near.data[0].loc).toEqual(db.Geo.Point(106.5, 29.5));
    const square = db.Geo.Polygon([
      db.Geo.LineString([
        db.Geo.Point(106, 29),
        db.Geo.Point(107, 29),
        db.Geo.Point(107, 30),
        db.Geo.Point(106, 30),
        db.Geo.Point(106, 29)
      ])
    ]);
    const within = await coll.where({ loc: _.geoWithin({ geometry: square }) }).get();
    expect(within.data.map((d) => d.name)).toEqual(['here', 'near']);
    const circle = await coll.where({ loc: _.geoWithin({ centerSphere: [[104.06, 30.67], 1000 / 6378100] }) }).get();
    expect(circle.data.map((d) => d.name)).toEqual(['far']);
    const hit = await coll.where({ loc: _.geoIntersects({ geometry: square }) }).count();
    expect(hit.total).toBe(2);
  });
});
