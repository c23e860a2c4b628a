import fc from 'fast-check';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { buildFixtureFunctions } from '../support/fixtures';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: false, env: { LOCALCLOUD_FUNCTIONS_DIR: await buildFixtureFunctions() } });
});

afterAll(() => cloud?.stop());

describe('bad input never crashes the local cloud', () => {
  test('healthz answers once ready', async () => {
    expect((await cloud.request('GET', '/healthz')).status).toBe(200);
  });

  test('malformed gateway calls get a 4xx with a clear message', async () => {
    expect((await cloud.request('POST', '/functions/probe', '{not json')).status).toBe(400);
    expect((await cloud.request('POST', '/functions/probe', '[1,2]')).status).toBe(400);
    expect((await cloud.request('POST', '/functions/missing', {})).status).toBe(404);
    expect((await cloud.request('GET', '/functions/probe')).status).toBe(405);
    const big = await cloud.request('POST', '/functions/probe', { action: 'noop', blob: 'x'.repeat(101 * 1024) });
    expect(big.status).toBe(413);
  });

  test('malformed /admin requests get CloudBase-shaped errors', async () => {
    const noAction = await cloud.request('POST', '/admin', { envName: 'x' });
    expect(noAction.status).toBe(200);
    expect(noAction.body).toMatchObject({ code: 'INVALID_PARAM' });
    const unknown = await cloud.request('POST', '/admin', { action: 'nothing.here' });
    expect(unknown.body).toMatchObject({ code: 'INVALID_PARAM' });
    expect((await cloud.request('POST', '/admin', '{oops')).status).toBe(400);
  });

  test('bad control requests get a 400', async () => {
    expect((await cloud.request('POST', '/__emulator/clock', { advanceMs: -1 })).status).toBe(400);
    expect((await cloud.request('POST', '/__emulator/faults', { dbFailureRate: 2 })).status).toBe(400);
    expect((await cloud.request('GET', '/__emulator/invocations?last=abc')).status).toBe(400);
  });

  test('random payloads to /admin and the gateway: the server keeps serving and keeps what it wrote', async () => {
    await cloud.request('POST', '/admin', { action: 'database.addCollection', collectionName: 'probe' });
    const written = await cloud.call<{ id: string }>('probe', { action: 'insert', n: 1 });
    expect(written.id).toBeTruthy();
    const json = fc.jsonValue({ maxDepth: 3 });
    const payload = fc.oneof(
      json.map((v) => JSON.stringify(v)),
      fc.record({ action: fc.constantFrom('database.getDocument', 'database.modifyDocument', 'database.insertDocument', 'database.aggregateDocuments', 'storage.batchGetDownloadUrl', 'functions.invokeFunction'), collectionName: fc.constantFrom('probe', 'nope', ''), query: json, data: json, stages: json }).map((v) => JSON.stringify(v)),
      fc.string()
    );
    await fc.assert(
      fc.asyncProperty(payload, fc.constantFrom('/admin', '/functions/probe'), async (body, target) => {
        const res = await cloud.request('POST', target, body);
        expect(res.status).toBeLessThan(600);
        expect(res.status === 500).toBe(false);
      }),
      { numRuns: 300, seed: 20261127 }
    );
    expect((await cloud.request('GET', '/healthz')).status).toBe(200);
    const count = await cloud.request('POST', '/admin', { action: 'database.calculateDocument', collectionName: 'probe', query: '{}', queryType: 'WHERE' });
    expect((count.body as { data: { total: number } }).data.total).toBeGreaterThanOrEqual(1);
  });
});
