/**
 * Speed over 100k documents: a where-get on a declared index must stay well under 50 ms.
 * Timings are printed so regressions are visible; only the indexed bound is asserted.
 */
import { EJSON } from 'bson';
import { openDatabase, type LocalDatabase } from '../../emulator/database';

const N = 100_000;
const ej = (v: unknown): string => EJSON.stringify(v as Record<string, unknown>, { relaxed: false });
const STATUSES = ['draft', 'open', 'assigned', 'done', 'closed'];

let db: LocalDatabase;

beforeAll(() => {
  db = openDatabase({
    file: ':memory:',
    now: Date.now,
    indexes: [
      { collection: 'tasks', name: 'owner', fields: [{ field: 'ownerId', direction: 1 }] },
      {
        collection: 'tasks',
        name: 'status_created',
        fields: [
          { field: 'status', direction: 1 },
          { field: 'createdAt', direction: -1 }
        ]
      }
    ]
  });
  db.handle('database.addCollection', { collectionName: 'tasks' });
  const base = Date.UTC(2024, 0, 1);
  for (let start = 0; start < N; start += 1000) {
    const data: string[] = [];
    for (let i = start; i < start + 1000; i++) {
      data.push(
        ej({
          _id: `t${i}`,
          ownerId: `u${i % 5000}`,
          status: STATUSES[i % STATUSES.length],
          createdAt: new Date(base + i * 60_000),
          title: `task number ${i}`,
          score: i % 997,
          tags: [`tag${i % 7}`]
        })
      );
    }
    db.handle('database.insertDocument', { collectionName: 'tasks', data });
  }
}, 120_000);
afterAll(() => db.close());

function timeGet(label: string, body: Record<string, unknown>): { ms: number; count: number } {
  const run = (): number => (db.handle('database.getDocument', { collectionName: 'tasks', queryType: 'WHERE', ...body }).data as { list: string[] }).list.length;
  run();
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    count = run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const ms = times.sort((a, b) => a - b)[2];
  console.log(`${label}: ${ms.toFixed(2)} ms (median of 5), ${count} documents`);
  return { ms, count };
}

test('where-get on 100k documents', () => {
  const indexedEq = timeGet('indexed equality {ownerId}', { query: ej({ ownerId: 'u123' }), limit: 100 });
  expect(indexedEq.count).toBe(20);
  expect(indexedEq.ms).toBeLessThan(50);
  const indexedSorted = timeGet('indexed equality + orderBy createdAt desc, limit 20', {
    query: ej({ status: 'open' }),
    order: ej({ createdAt: -1 }),
    limit: 20
  });
  expect(indexedSorted.count).toBe(20);
  expect(indexedSorted.ms).toBeLessThan(50);
  const indexedRange = timeGet('indexed equality + date range', {
    query: ej({ status: 'done', createdAt: { $gte: new Date(Date.UTC(2024, 1, 1)), $lt: new Date(Date.UTC(2024, 1, 2)) } }),
    limit: 1000
  });
  expect(indexedRange.count).toBe(288);
  const unindexed = timeGet('unindexed equality {title} (full scan)', { query: ej({ title: 'task number 99999' }), limit: 100 });
  expect(unindexed.count).toBe(1);
  timeGet('unindexed equality {tags} + orderBy score, limit 100', { query: ej({ tags: 'tag3' }), order: ej({ score: 1 }), limit: 100 });
  timeGet('no condition, natural order, limit 100', { limit: 100 });
  const t0 = Date.now();
  const count = db.handle('database.calculateDocument', { collectionName: 'tasks', queryType: 'WHERE', query: ej({ status: 'open' }) });
  console.log(`indexed count {status}: ${Date.now() - t0} ms, ${JSON.stringify(count)}`);
});

test('a single write keeps up with 100k documents and two indexes', () => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) {
    db.handle('database.modifyDocument', {
      collectionName: 'tasks',
      queryType: 'DOC',
      query: ej({ _id: `t${i * 997}` }),
      data: ej({ $set: { status: 'closed', createdAt: new Date() } }),
      merge: true,
      multi: false,
      upsert: false
    });
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / 100;
  console.log(`doc update with index maintenance: ${ms.toFixed(2)} ms each`);
  expect(ms).toBeLessThan(20);
});
