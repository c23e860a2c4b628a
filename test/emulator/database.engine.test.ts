/** Engine-level behaviour: persistence across reopen, declared indexes (uniqueness, plans), wire details. */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { EJSON } from 'bson';
import fc from 'fast-check';
import { find } from 'mingo';
// jest's own expect: its asymmetric matchers are typed (the global ones return `any`).
import { expect } from '@jest/globals';
import { openDatabase, type IndexDeclaration, type LocalDatabase } from '../../emulator/database';

const ej = (v: unknown): string => EJSON.stringify(v as Record<string, unknown>, { relaxed: false });
const now = (): number => Date.now();

function list(
  db: LocalDatabase,
  collectionName: string,
  extra: Record<string, unknown> = {}
): Array<Record<string, unknown>> {
  const res = db.handle('database.getDocument', { collectionName, queryType: 'WHERE', limit: 1000, ...extra });
  return (res.data as { list: string[] }).list.map((s) => EJSON.parse(s) as Record<string, unknown>);
}

function insert(db: LocalDatabase, collectionName: string, docs: Array<Record<string, unknown>>): unknown[] {
  const res = db.handle('database.insertDocument', { collectionName, data: docs.map(ej) });
  return (res.data as { insertedIds: unknown[] }).insertedIds;
}

describe('persistence', () => {
  test('everything acknowledged is there after reopening the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localdb-'));
    const file = path.join(dir, 'db.sqlite');
    const indexes: IndexDeclaration[] = [{ collection: 'items', name: 'by_n', fields: [{ field: 'n', direction: 1 }] }];
    let db = openDatabase({ file, now, indexes });
    db.handle('database.addCollection', { collectionName: 'items' });
    db.handle('database.addCollection', { collectionName: 'empty' });
    insert(db, 'items', [
      { _id: 'a', n: 1, at: new Date(5) },
      { _id: 'b', n: 2 },
      { _id: 'c', n: 3 }
    ]);
    db.handle('database.modifyDocument', {
      collectionName: 'items',
      queryType: 'DOC',
      query: ej({ _id: 'a' }),
      data: ej({ $inc: { n: 10 } }),
      merge: true,
      multi: false,
      upsert: false
    });
    db.handle('database.removeDocument', {
      collectionName: 'items',
      queryType: 'DOC',
      query: ej({ _id: 'b' }),
      multi: false
    });
    const tx = db.handle('database.startTransaction', {}).transactionId;
    db.handle('database.insertDocument', {
      collectionName: 'items',
      transactionId: tx,
      data: [ej({ _id: 'd', n: 4 })]
    });
    db.handle('database.commitTransaction', { transactionId: tx });
    const open = db.handle('database.startTransaction', {}).transactionId;
    db.handle('database.insertDocument', {
      collectionName: 'items',
      transactionId: open,
      data: [ej({ _id: 'uncommitted' })]
    });
    db.close();

    db = openDatabase({ file, now, indexes });
    expect(db.collections()).toEqual([
      { name: 'items', count: 3 },
      { name: 'empty', count: 0 }
    ]);
    expect(list(db, 'items')).toEqual([
      { _id: 'a', n: 11, at: new Date(5) },
      { _id: 'c', n: 3 },
      { _id: 'd', n: 4 }
    ]);
    expect(list(db, 'items', { query: ej({ n: { $gte: 4 } }) }).map((d) => d._id)).toEqual(['a', 'd']);
    insert(db, 'items', [{ _id: 'e', n: 0 }]);
    expect(list(db, 'items').map((d) => d._id)).toEqual(['a', 'c', 'd', 'e']);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  test('indexes rebuilt on reopen answer as the live ones did, arrays and unique keys included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localdb-'));
    const file = path.join(dir, 'db.sqlite');
    const indexes: IndexDeclaration[] = [
      { collection: 'q', name: 'code', fields: [{ field: 'code', direction: 1 }], unique: true },
      {
        collection: 'q',
        name: 'scope_at',
        fields: [
          { field: 'scopes', direction: 1 },
          { field: 'at', direction: -1 }
        ]
      },
      { collection: 'q', name: 'marks', fields: [{ field: 'marks', direction: 1 }] }
    ];
    const docs = Array.from({ length: 60 }, (_, i) => ({
      _id: `q${i}`,
      code: `c${i}`,
      scopes: i % 3 === 0 ? ['all', `s${i % 4}`, `s${i % 4}`] : ['all', `s${i % 4}`],
      at: new Date((i % 7) * 1000),
      marks: i % 5 === 0 ? [{ m: 1 }, { m: 1 }, new Date(3), new Date(3)] : [{ m: i % 2 }]
    }));
    const queries = [
      { query: ej({ scopes: 's1' }), order: ej([{ field: 'at', direction: 'desc' }]), limit: 7 },
      { query: ej({ scopes: 'all' }), order: ej([{ field: 'at', direction: 'asc' }]), offset: 5, limit: 20 },
      {
        query: ej({ scopes: { $in: ['s0', 's2'] }, at: { $gte: new Date(2000) } }),
        order: ej([{ field: 'at', direction: 'desc' }]),
        limit: 50
      },
      { query: ej({ marks: { m: 1 } }), limit: 100 },
      { query: ej({ marks: new Date(3) }), limit: 100 },
      { query: ej({ code: { $gte: 'c5' } }), order: ej([{ field: 'code', direction: 'desc' }]), limit: 10 }
    ];
    let db = openDatabase({ file, now, indexes });
    db.handle('database.addCollection', { collectionName: 'q' });
    insert(db, 'q', docs);
    const live = queries.map((q) => list(db, 'q', q));
    db.close();
    db = openDatabase({ file, now, indexes });
    const plain = openDatabase({ file: ':memory:', now });
    plain.handle('database.addCollection', { collectionName: 'q' });
    insert(plain, 'q', docs);
    expect(queries.map((q) => list(db, 'q', q))).toEqual(live);
    expect(queries.map((q) => list(plain, 'q', q))).toEqual(live);
    expect(live[0].map((d) => d._id)).toEqual(['q13', 'q41', 'q5', 'q33', 'q25', 'q53', 'q17']);
    expect(() => insert(db, 'q', [{ _id: 'dup', code: 'c7' }])).toThrow(
      expect.objectContaining({ message: expect.stringContaining('dup key: { code: "c7" }') })
    );
    db.handle('database.removeDocument', {
      collectionName: 'q',
      queryType: 'DOC',
      query: ej({ _id: 'q7' }),
      multi: false
    });
    insert(db, 'q', [{ _id: 'dup', code: 'c7' }]);
    expect(list(db, 'q', { query: ej({ code: 'c7' }) }).map((d) => d._id)).toEqual(['dup']);
    plain.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('unique indexes', () => {
  test('a declared unique index is enforced on insert, update and commit', () => {
    const db = openDatabase({
      file: ':memory:',
      now,
      indexes: [{ collection: 'users', name: 'phone_unique', fields: [{ field: 'phone', direction: 1 }], unique: true }]
    });
    db.handle('database.addCollection', { collectionName: 'users' });
    insert(db, 'users', [
      { _id: 'u1', phone: '1' },
      { _id: 'u2', phone: '2' }
    ]);
    expect(() => insert(db, 'users', [{ phone: '1' }])).toThrow(
      expect.objectContaining({
        code: 'DATABASE_REQUEST_FAILED',
        message: expect.stringContaining('index: phone_unique dup key: { phone: "1" }')
      })
    );
    const setPhone = (id: string, phone: string, transactionId?: unknown): unknown =>
      db.handle('database.modifyDocument', {
        collectionName: 'users',
        transactionId,
        queryType: 'DOC',
        query: ej({ _id: id }),
        data: ej({ $set: { phone } }),
        merge: true,
        multi: false,
        upsert: false
      });
    expect(() => setPhone('u2', '1')).toThrow(expect.objectContaining({ code: 'DATABASE_REQUEST_FAILED' }));
    setPhone('u2', '3');
    setPhone('u2', '3');
    // A batch that would collide with itself is refused as a whole.
    expect(() => insert(db, 'users', [{ phone: '7' }, { phone: '7' }])).toThrow(/E11000/);
    expect(db.collections()).toEqual([{ name: 'users', count: 2 }]);
    const tx = db.handle('database.startTransaction', {}).transactionId;
    setPhone('u2', '1', tx);
    expect(() => db.handle('database.commitTransaction', { transactionId: tx })).toThrow(/E11000/);
    expect(list(db, 'users').map((d) => d.phone)).toEqual(['1', '3']);
    db.close();
  });
});

describe('wire details', () => {
  // A fresh database per test: each test runs alone (-t) and in any order.
  let db: LocalDatabase;
  beforeEach(() => {
    db = openDatabase({ file: ':memory:', now: () => 1_700_000_000_000 });
    db.handle('database.addCollection', { collectionName: 'w' });
  });
  afterEach(() => db.close());

  test('responses are canonical EJSON strings; serverDate uses the emulated clock', () => {
    insert(db, 'w', [{ _id: 'x', i: 1, f: 0.5, d: new Date(7) }]);
    db.handle('database.modifyDocument', {
      collectionName: 'w',
      queryType: 'DOC',
      query: ej({ _id: 'x' }),
      data: '{"$set":{"s":{"$tcb_server_date":{"offset":{"$numberInt":"1000"}}}}}',
      merge: true,
      multi: false,
      upsert: false
    });
    const res = db.handle('database.getDocument', {
      collectionName: 'w',
      queryType: 'DOC',
      query: ej({ _id: 'x' }),
      multi: false
    });
    expect(res).toEqual({
      data: {
        list: [
          '{"_id":"x","i":{"$numberInt":"1"},"f":{"$numberDouble":"0.5"},"d":{"$date":{"$numberLong":"7"}},"s":{"$date":{"$numberLong":"1700000001000"}}}'
        ]
      }
    });
  });

  test('modifyDocument answers updated and upsert_id; removeDocument deleted; count total', () => {
    const set = (id: string): Record<string, unknown> =>
      db.handle('database.modifyDocument', {
        collectionName: 'w',
        queryType: 'DOC',
        query: ej({ _id: id }),
        data: ej({ v: 1 }),
        merge: false,
        multi: false,
        upsert: true
      });
    expect(set('new')).toEqual({ data: { updated: 0, upsert_id: 'new' } });
    expect(set('new')).toEqual({ data: { updated: 0 } });
    expect(
      db.handle('database.calculateDocument', { collectionName: 'w', queryType: 'WHERE', query: ej({ v: 1 }) })
    ).toEqual({
      data: { total: 1 }
    });
    expect(
      db.handle('database.removeDocument', {
        collectionName: 'w',
        queryType: 'WHERE',
        query: ej({ v: 1 }),
        multi: true
      })
    ).toEqual({
      data: { deleted: 1 }
    });
  });

  test('modifyAndReturnDoc answers the updated document', () => {
    insert(db, 'w', [{ _id: 'r', n: 1 }]);
    const res = db.handle('database.modifyAndReturnDoc', {
      collectionName: 'w',
      queryType: 'WHERE',
      query: ej({ _id: 'r' }),
      data: ej({ $inc: { n: 1 } })
    });
    expect(res).toEqual({ data: { updated: 1, doc: '{"_id":"r","n":{"$numberInt":"2"}}' } });
  });

  test('a remove or update without a query is refused; an unknown operator is an invalid operator', () => {
    // The update operator is read when applied to a matching document, so there must be one.
    insert(db, 'w', [{ _id: 'u', a: 1 }]);
    expect(() =>
      db.handle('database.removeDocument', { collectionName: 'w', queryType: 'WHERE', multi: true })
    ).toThrow(expect.objectContaining({ code: 'INVALID_PARAM' }));
    expect(() => list(db, 'w', { query: ej({ a: { $nope: 1 } }) })).toThrow(
      expect.objectContaining({ code: 'DATABASE_INVALID_OPERRATOR' })
    );
    expect(() =>
      db.handle('database.modifyDocument', {
        collectionName: 'w',
        queryType: 'WHERE',
        query: '{}',
        data: ej({ $nope: { a: 1 } }),
        merge: true,
        multi: true
      })
    ).toThrow(expect.objectContaining({ code: 'DATABASE_INVALID_OPERRATOR' }));
  });
});

describe('index plans give the same answers as scanning', () => {
  type D = Record<string, unknown>;
  const indexes: IndexDeclaration[] = [
    { collection: 'p', name: 'a', fields: [{ field: 'a', direction: 1 }] },
    {
      collection: 'p',
      name: 'a_d',
      fields: [
        { field: 'a', direction: 1 },
        { field: 'd', direction: -1 }
      ]
    },
    { collection: 'p', name: 'bc', fields: [{ field: 'b.c', direction: 1 }] },
    { collection: 'p', name: 'tags', fields: [{ field: 'tags', direction: 1 }] },
    { collection: 'p', name: 'd', fields: [{ field: 'd', direction: 1 }] },
    // Equality on a multikey field, then an ordered walk on a scalar one (as `cases` queue does).
    {
      collection: 'p',
      name: 'tags_d',
      fields: [
        { field: 'tags', direction: 1 },
        { field: 'd', direction: -1 }
      ]
    }
  ];
  const scalar = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('x', 'y', null), fc.constant(undefined));
  const docArb = fc.record(
    {
      a: scalar,
      b: fc.oneof(fc.record({ c: scalar }), fc.constant(undefined)),
      d: fc.oneof(
        fc.integer({ min: 0, max: 20 }).map((n) => new Date(n * 1000)),
        fc.constant(undefined)
      ),
      tags: fc.oneof(fc.array(fc.constantFrom('t1', 't2', 't3'), { maxLength: 3 }), fc.constant(undefined))
    },
    { requiredKeys: [] }
  );
  const field = fc.constantFrom('a', 'b.c', 'd', 'tags');
  const valueFor = (f: string): fc.Arbitrary<unknown> =>
    f === 'd'
      ? fc.integer({ min: 0, max: 20 }).map((n) => new Date(n * 1000))
      : f === 'tags'
        ? fc.constantFrom('t1', 't2', 't3')
        : scalar.filter((v) => v !== undefined);
  const condArb = field.chain((f) =>
    fc.oneof(
      valueFor(f).map((v) => ({ [f]: v })),
      fc.array(valueFor(f), { minLength: 1, maxLength: 3 }).map((vs) => ({ [f]: { $in: vs } })),
      fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), valueFor(f)).map(([op, v]) => ({ [f]: { [op]: v } })),
      fc.tuple(valueFor(f), valueFor(f)).map(([lo, hi]) => ({ [f]: { $gte: lo, $lt: hi } }))
    )
  );
  const queryArb = fc
    .array(condArb, { minLength: 0, maxLength: 3 })
    .map((cs) => (cs.length > 1 ? { $and: cs } : (cs[0] ?? {})));
  const orderArb = fc.array(fc.tuple(field, fc.constantFrom(1, -1)), { maxLength: 2 });
  const opArb = fc.oneof(
    docArb.map((doc) => ({ kind: 'insert' as const, doc })),
    fc.tuple(queryArb, docArb).map(([query, set]) => ({ kind: 'update' as const, query, set })),
    queryArb.map((query) => ({ kind: 'remove' as const, query }))
  );

  function apply(db: LocalDatabase, op: { kind: string; doc?: D; query?: D; set?: D }): void {
    if (op.kind === 'insert') insert(db, 'p', [op.doc as D]);
    const strip = (d: D): D => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));
    if (op.kind === 'update' && Object.keys(strip(op.set as D)).length > 0) {
      db.handle('database.modifyDocument', {
        collectionName: 'p',
        queryType: 'WHERE',
        query: ej(op.query),
        data: ej({ $set: strip(op.set as D) }),
        merge: true,
        multi: true
      });
    }
    if (op.kind === 'remove')
      db.handle('database.removeDocument', {
        collectionName: 'p',
        queryType: 'WHERE',
        query: ej(op.query),
        multi: true
      });
  }

  test('filtering matches mingo; order, skip and limit match the unindexed engine', () => {
    fc.assert(
      fc.property(
        fc.array(docArb, { maxLength: 40 }),
        fc.array(opArb, { maxLength: 8 }),
        fc.array(fc.tuple(queryArb, orderArb, fc.nat(5), fc.integer({ min: 1, max: 10 })), {
          minLength: 1,
          maxLength: 5
        }),
        (docs, ops, queries) => {
          const indexed = openDatabase({ file: ':memory:', now, indexes });
          const plain = openDatabase({ file: ':memory:', now });
          try {
            for (const db of [indexed, plain]) {
              db.handle('database.addCollection', { collectionName: 'p' });
              docs.forEach((doc, i) => insert(db, 'p', [{ _id: `d${i}`, ...doc }]));
              ops.forEach((op, i) =>
                apply(db, op.kind === 'insert' ? { ...op, doc: { _id: `op${i}`, ...op.doc } } : op)
              );
            }
            const all = list(plain, 'p', { limit: 1000 });
            for (const [query, order, skip, limit] of queries) {
              const q = ej(query);
              const expected = find(all, EJSON.parse(q) as D).all();
              expect(list(indexed, 'p', { query: q })).toEqual(expected);
              const orderJson = ej(Object.fromEntries(order));
              const paged = { query: q, order: orderJson, offset: skip, limit };
              expect(list(indexed, 'p', paged)).toEqual(list(plain, 'p', paged));
              const count = (db: LocalDatabase): unknown =>
                db.handle('database.calculateDocument', { collectionName: 'p', queryType: 'WHERE', query: q });
              expect(count(indexed)).toEqual({ data: { total: expected.length } });
            }
          } finally {
            indexed.close();
            plain.close();
          }
        }
      ),
      { seed: 20240601, numRuns: 300 }
    );
  });
});
