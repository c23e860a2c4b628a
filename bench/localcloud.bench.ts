/** Issue 2 figures: database round trips through the real SDK, gateway overhead, bundle cold starts, a 100k where-get. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { startLocalCloud, type TestCloud } from '../test/support/localcloud';
import { buildFixtureFunctions } from '../test/support/fixtures';
import { measure, summarize, table } from './stats';

const root = path.resolve(__dirname, '..');

export async function benchLocalCloud(): Promise<string> {
  const out: string[] = [];
  // The 100k collection gets one declared index, so the bench shows a where-get with and without one.
  const indexes = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'indexes.json');
  fs.writeFileSync(
    indexes,
    JSON.stringify({
      indexes: [
        { collection: 'big', name: 'unit', fields: [{ field: 'unitId', direction: 1 }] },
        {
          collection: 'big',
          name: 'status_n',
          fields: [
            { field: 'status', direction: 1 },
            { field: 'n', direction: -1 }
          ]
        }
      ]
    })
  );
  const cloud = await startLocalCloud({
    seed: false,
    env: { LOCALCLOUD_FUNCTIONS_DIR: await buildFixtureFunctions(), LOCALCLOUD_EXTRA_INDEXES: indexes }
  });
  try {
    // The bench process plays a cloud function: the real SDK pointed at the local cloud.
    const { default: sdk } = await import('wx-server-sdk');
    sdk.init({ env: 'bench', serviceUrl: cloud.adminUrl, secretId: 'x', secretKey: 'y' } as never);
    const db = sdk.database();
    const _ = db.command;
    await db.createCollection('bench');
    await db.createCollection('probe');
    const ids: string[] = [];
    for (let i = 0; i < 200; i++)
      ids.push(((await db.collection('bench').add({ data: { i, group: i % 10, tags: [] } })) as { _id: string })._id);

    const rows: Array<Record<string, string | number>> = [];
    const ops: Record<string, (i: number) => Promise<unknown>> = {
      insert: (i) => db.collection('bench').add({ data: { i, group: i % 10 } }) as Promise<unknown>,
      'doc get': (i) =>
        db
          .collection('bench')
          .doc(ids[i % ids.length])
          .get() as Promise<unknown>,
      'where get': (i) =>
        db
          .collection('bench')
          .where({ group: i % 10 })
          .limit(20)
          .get() as Promise<unknown>,
      update: (i) =>
        db
          .collection('bench')
          .doc(ids[i % ids.length])
          .update({ data: { n: _.inc(1) } }) as Promise<unknown>
    };
    for (const [name, op] of Object.entries(ops)) {
      for (const concurrency of [1, 32]) {
        await measure(50, concurrency, op); // warm-up
        const s = summarize(await measure(concurrency === 1 ? 300 : 1000, concurrency, op));
        rows.push({ op: name, concurrency, n: s.n, 'p50 ms': s.p50, 'p95 ms': s.p95 });
      }
    }
    out.push('## Database round trip through the real wx-server-sdk', table(rows));

    const gw: Array<Record<string, string | number>> = [];
    for (const action of ['noop', 'insert']) {
      for (const concurrency of [1, 32]) {
        await measure(50, concurrency, () => cloud.call('probe', { action }, 'bench-user'));
        const s = summarize(
          await measure(concurrency === 1 ? 300 : 1000, concurrency, () =>
            cloud.call('probe', { action }, 'bench-user')
          )
        );
        gw.push({ function: `probe.${action}`, concurrency, 'p50 ms': s.p50, 'p95 ms': s.p95 });
      }
    }
    out.push('## Gateway: a no-op function against a one-insert function', table(gw));

    out.push('## A where-get on a 100k-document collection', await bigCollection(cloud, db));
  } finally {
    await cloud.stop();
  }
  out.push('## Function bundles: size and cold require', bundles());
  return out.join('\n\n');
}

async function bigCollection(
  cloud: TestCloud,
  db: ReturnType<typeof import('wx-server-sdk').database>
): Promise<string> {
  await db.createCollection('big');
  const batch = 1000;
  const t0 = performance.now();
  for (let b = 0; b < 100; b++) {
    // One insertDocument request carries a batch, as an import script would send.
    const data = Array.from({ length: batch }, (_, i) => {
      const n = b * batch + i;
      return {
        n,
        unitId: `unit-${n % 500}`,
        status: n % 7 === 0 ? 'closed' : 'open',
        at: new Date(1_790_000_000_000 + n * 1000)
      };
    });
    const res = await cloud.request('POST', '/admin', {
      action: 'database.insertDocument',
      collectionName: 'big',
      data: data.map((d) => JSON.stringify({ ...d, at: { $date: { $numberLong: String(d.at.getTime()) } } }))
    });
    if ((res.body as { code?: string }).code) throw new Error(JSON.stringify(res.body));
  }
  const loadMs = performance.now() - t0;
  const rows: Array<Record<string, string | number>> = [];
  const queries: Record<string, () => Promise<unknown>> = {
    'where unitId = (indexed, 20 docs)': () =>
      db.collection('big').where({ unitId: 'unit-42' }).limit(20).get() as Promise<unknown>,
    'where status = open, orderBy n desc, limit 20 (indexed)': () =>
      db.collection('big').where({ status: 'open' }).orderBy('n', 'desc').limit(20).get() as Promise<unknown>,
    'where n in range (no index), limit 100': () =>
      db
        .collection('big')
        .where({ n: db.command.gte(50_000).and(db.command.lt(50_100)) })
        .get() as Promise<unknown>
  };
  for (const [name, q] of Object.entries(queries)) {
    await measure(5, 1, q);
    const s = summarize(await measure(50, 1, q));
    rows.push({ query: name, 'p50 ms': s.p50, 'p95 ms': s.p95 });
  }
  return `loaded 100k docs in ${Math.round(loadMs)} ms\n\n${table(rows)}`;
}

function bundles(): string {
  const dir = path.join(root, 'cloudfunctions');
  const rows = fs
    .readdirSync(dir)
    .filter((n) => fs.existsSync(path.join(dir, n, 'index.js')))
    .map((name) => {
      const file = path.join(dir, name, 'index.js');
      const samples = Array.from({ length: 5 }, () =>
        Number(
          execFileSync(
            process.execPath,
            [
              '-e',
              `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`
            ],
            { env: { ...process.env, TENCENTCLOUD: 'true' } }
          )
            .toString()
            .trim()
        )
      );
      const s = summarize(samples);
      return { function: name, 'size KiB': Math.round(fs.statSync(file).size / 1024), 'cold require p50 ms': s.p50 };
    });
  return table(rows);
}
