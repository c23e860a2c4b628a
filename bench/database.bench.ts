/** The database engine alone over 100k documents, with and without a declared index. */
import { EJSON } from 'bson';
import { performance } from 'node:perf_hooks';
import { openDatabase, type LocalDatabase } from '../emulator/database';
import { summarize, table } from './stats';

const N = 100_000;
const ej = (v: unknown): string => EJSON.stringify(v as Record<string, unknown>, { relaxed: false });
const STATUSES = ['draft', 'open', 'assigned', 'done', 'closed'];

export function benchDatabase(): string {
  const db = openDatabase({
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
  try {
    db.handle('database.addCollection', { collectionName: 'tasks' });
    const base = Date.UTC(2024, 0, 1);
    const t0 = performance.now();
    for (let start = 0; start < N; start += 1000) {
      const data: string[] = [];
      for (let i = start; i < start + 1000; i++) {
        data.push(
          ej({
            _id: `t${i}`,
            ownerId: `u${i % 5000}`,
            status: STATUSES[i % 5],
            createdAt: new Date(base + i * 60_000),
            title: `task ${i}`,
            score: i % 997,
            tags: [`tag${i % 7}`]
          })
        );
      }
      db.handle('database.insertDocument', { collectionName: 'tasks', data });
    }
    const loadMs = performance.now() - t0;
    const rows = [
      row(db, 'indexed equality {ownerId}', { query: ej({ ownerId: 'u123' }), limit: 100 }),
      row(db, 'indexed {status} + orderBy createdAt desc, limit 20', {
        query: ej({ status: 'open' }),
        order: ej([{ field: 'createdAt', direction: 'desc' }]),
        limit: 20
      }),
      row(db, 'indexed {status} + createdAt range', {
        query: ej({
          status: 'done',
          createdAt: { $gte: new Date(Date.UTC(2024, 1, 1)), $lt: new Date(Date.UTC(2024, 1, 2)) }
        }),
        limit: 1000
      }),
      row(db, 'unindexed equality {title} (full scan)', { query: ej({ title: 'task 99999' }), limit: 100 }),
      row(db, 'unindexed {tags} + orderBy score, limit 100', {
        query: ej({ tags: 'tag3' }),
        order: ej([{ field: 'score', direction: 'asc' }]),
        limit: 100
      })
    ];
    const upd: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      db.handle('database.modifyDocument', {
        collectionName: 'tasks',
        queryType: 'DOC',
        query: ej({ _id: `t${i * 97}` }),
        data: ej({ $set: { status: 'closed', createdAt: new Date() } }),
        merge: true,
        multi: false,
        upsert: false
      });
      upd.push(performance.now() - t);
    }
    const u = summarize(upd);
    return `loaded ${N} documents in ${Math.round(loadMs)} ms (engine only, in memory)\n\n${table(rows)}\n\ndoc update keeping two indexes: p50 ${u.p50} ms, p95 ${u.p95} ms`;
  } finally {
    db.close();
  }
}

function row(db: LocalDatabase, query: string, body: Record<string, unknown>): Record<string, string | number> {
  const run = (): number =>
    (
      db.handle('database.getDocument', { collectionName: 'tasks', queryType: 'WHERE', ...body }).data as {
        list: string[];
      }
    ).list.length;
  run();
  const samples: number[] = [];
  let docs = 0;
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    docs = run();
    samples.push(performance.now() - t);
  }
  const s = summarize(samples);
  return { query, docs, 'p50 ms': s.p50, 'p95 ms': s.p95 };
}
