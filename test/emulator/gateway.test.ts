import http from 'node:http';
import fc from 'fast-check';
// jest's own expect: its asymmetric matchers are typed (the global ones return `any`).
import { expect } from '@jest/globals';
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
      fc
        .record({
          action: fc.constantFrom(
            'database.getDocument',
            'database.modifyDocument',
            'database.insertDocument',
            'database.aggregateDocuments',
            'storage.batchGetDownloadUrl',
            'functions.invokeFunction'
          ),
          collectionName: fc.constantFrom('probe', 'nope', ''),
          query: json,
          data: json,
          stages: json
        })
        .map((v) => JSON.stringify(v)),
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
    const count = await cloud.request('POST', '/admin', {
      action: 'database.calculateDocument',
      collectionName: 'probe',
      query: '{}',
      queryType: 'WHERE'
    });
    expect((count.body as { data: { total: number } }).data.total).toBeGreaterThanOrEqual(1);
  });
});

type Identity = { openid: string | null; appid: string | null; source: string; sdk: { OPENID?: unknown } };

/** Raw HTTP, for what the helper cannot send: repeated headers, arbitrary Host/Origin/Content-Type. */
function raw(
  pathname: string,
  headers: http.OutgoingHttpHeaders,
  body = '{"action":"identity"}'
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${cloud.url}${pathname}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') })
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the gateway passes exactly the identity the header names', () => {
  const json = { 'content-type': 'application/json' };

  test.each(['0', '007', '12345678901234567890', 'o'.repeat(128), 'oAbC-_x 9'])(
    'x-wx-openid %j reaches the function unchanged',
    async (openid) => {
      const r = await cloud.call<Identity>('probe', { action: 'identity' }, openid);
      expect(r).toMatchObject({ openid, source: 'wx_client' });
    }
  );

  test('the SDK itself turns an all-digit openid into a number; the project reads the exact string', async () => {
    const r = await cloud.call<Identity>('probe', { action: 'identity' }, '0');
    expect(r.sdk.OPENID).toBe(0);
    expect(r.openid).toBe('0');
  });

  test('no header: a server-side caller without OPENID', async () => {
    expect(await cloud.call<Identity>('probe', { action: 'identity' })).toMatchObject({
      openid: null,
      source: 'wx_http'
    });
  });

  test.each([
    ['too long', { 'x-wx-openid': 'o'.repeat(129) }],
    ['empty', { 'x-wx-openid': '' }],
    ['repeated', { 'x-wx-openid': ['resident-1', 'admin-1'] }],
    ['not ASCII', { 'x-wx-openid': Buffer.from('居民').toString('latin1') }],
    ['a bad appid', { 'x-wx-openid': 'resident-1', 'x-wx-appid': 'a'.repeat(129) }],
    ['a platform-only source', { 'x-wx-source': 'wx_trigger' }],
    ['a message-push source', { 'x-wx-source': 'wx_msg' }],
    ['a client source without openid', { 'x-wx-source': 'wx_client' }],
    ['the server source with an openid', { 'x-wx-openid': 'resident-1', 'x-wx-source': 'wx_http' }]
  ])('refuses %s with HTTP 400 { errCode, errMsg }, and runs nothing', async (_, headers) => {
    const before = (await cloud.invocations(1000)).length;
    const res = await raw('/functions/probe', { ...json, ...headers });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errCode: expect.any(Number), errMsg: expect.stringMatching(/x-wx-/) });
    expect((await cloud.invocations(1000)).length).toBe(before);
  });

  test('DevTools may name itself as the source', async () => {
    const res = await raw('/functions/probe', { ...json, 'x-wx-openid': 'resident-1', 'x-wx-source': 'wx_devtools' });
    expect(res).toMatchObject({ status: 200, body: { openid: 'resident-1', source: 'wx_devtools' } });
  });
});
