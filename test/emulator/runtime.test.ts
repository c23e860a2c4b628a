import fs from 'node:fs';
import path from 'node:path';
import { startLocalCloud, tempDir, type TestCloud } from '../support/localcloud';
import { buildFixtureFunctions } from '../support/fixtures';

let cloud: TestCloud;

beforeAll(async () => {
  const functionsDir = await buildFixtureFunctions();
  const words = path.join(tempDir(), 'risky.txt');
  fs.writeFileSync(words, '# 测试词表\n违禁测试词\n');
  cloud = await startLocalCloud({
    seed: false,
    riskyWordsFile: words,
    env: { LOCALCLOUD_FUNCTIONS_DIR: functionsDir }
  });
});

afterAll(() => cloud?.stop());

type Ctx = { OPENID?: string; APPID?: string; ENV?: string; SOURCE?: string };

describe('function runtime', () => {
  test('50 concurrent invocations each see their own openid', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        cloud.call<{ before: Ctx; after: Ctx }>('probe', { action: 'context' }, `user-${i}`)
      )
    );
    const mismatched = results.filter((r, i) => r.before.OPENID !== `user-${i}` || r.after.OPENID !== `user-${i}`);
    expect(mismatched).toHaveLength(0);
    expect(results[0].after).toMatchObject({ APPID: 'wxlocalcloud', ENV: 'shajie-local', SOURCE: 'wx_client' });
  });

  test('a caller without openid is a server-side caller', async () => {
    const r = await cloud.call<{ after: Ctx }>('probe', { action: 'context' });
    expect(r.after.OPENID).toBeUndefined();
    expect(r.after.SOURCE).toBe('wx_http');
  });

  test('the timeout from config.json ends a slow invocation', async () => {
    const started = Date.now();
    const res = await cloud.request('POST', '/functions/slow', { ms: 5000 });
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ errCode: -504003, errMsg: 'Invoking task timed out after 1 seconds' });
    expect(Date.now() - started).toBeLessThan(4000);
    const fast = await cloud.call<{ ok: boolean }>('slow', { ms: 10 });
    expect(fast.ok).toBe(true);
  });

  test('cloud.callFunction reaches another function as the same user', async () => {
    const r = await cloud.call<{ result: { after: Ctx } }>(
      'probe',
      { action: 'call', name: 'probe', data: { action: 'context' } },
      'caller-1'
    );
    expect(r.result.after).toMatchObject({ OPENID: 'caller-1', SOURCE: 'wx_client,scf' });
  });

  test('callFunction to a missing function fails as CloudBase fails', async () => {
    const res = await cloud.request('POST', '/functions/probe', { action: 'call', name: 'nope', data: {} });
    expect(res.status).toBe(502);
    expect(JSON.stringify(res.body)).toMatch(/nope/);
  });

  test('the timer trigger runs with the trigger context, on demand', async () => {
    const res = (await cloud.trigger('ticker')) as {
      ok: boolean;
      result: { type: string; trigger: string; source: string; openid: null };
    };
    expect(res.result).toMatchObject({
      ok: true,
      type: 'Timer',
      trigger: 'every5min',
      source: 'wx_trigger',
      openid: null
    });
    const functions = await cloud.request('GET', '/__emulator/functions');
    expect(functions.body).toEqual(
      expect.arrayContaining([
        { name: 'ticker', trigger: { name: 'every5min', type: 'timer', config: '0 */5 * * * * *' } }
      ])
    );
    const none = await cloud.request('POST', '/__emulator/trigger/probe');
    expect(none.status).toBe(404);
  });

  test('invocations are logged with their database requests', async () => {
    await cloud.call('probe', { action: 'noop' }, 'log-user');
    const [last] = await cloud.invocations(1);
    expect(last).toMatchObject({ name: 'probe', openid: 'log-user', action: 'noop', ok: true, dbRequests: 0 });
    expect(typeof last.ms).toBe('number');
    // A function that inserts once is charged exactly one request, and no one else's.
    await cloud.request('POST', '/admin', { action: 'database.addCollection', collectionName: 'probe' });
    const [a, b] = await Promise.all([
      cloud.call('probe', { action: 'insert' }, 'log-a'),
      cloud.call('probe', { action: 'noop' }, 'log-b')
    ]);
    expect([a, b]).toEqual([expect.objectContaining({ ok: true }), { ok: true }]);
    const both = await cloud.invocations(2);
    expect(both.find((x) => x.openid === 'log-a')).toMatchObject({ action: 'insert', dbRequests: 1 });
    expect(both.find((x) => x.openid === 'log-b')).toMatchObject({ action: 'noop', dbRequests: 0 });
  });
});

describe('storage', () => {
  test('upload, temp URL served by the same server, download, delete', async () => {
    const r = await cloud.call<{ fileID: string; url: string; content: string; deleted: number; afterDelete: string }>(
      'probe',
      {
        action: 'storage',
        path: 'cases/photo 1.txt',
        text: '现场照片'
      }
    );
    expect(r.fileID).toBe('cloud://shajie-local.localcloud-bucket/cases/photo 1.txt');
    expect(r.content).toBe('现场照片');
    expect(r.deleted).toBe(0);
    expect(r.afterDelete).toMatch(/^failed/);
    expect(r.url.startsWith(cloud.url)).toBe(true);
    // The URL was made before the delete, so now it answers 404.
    const gone = await cloud.request('GET', r.url.slice(cloud.url.length));
    expect(gone.status).toBe(404);
  });

  test('a forged temp URL is refused', async () => {
    const res = await cloud.request('GET', '/__storage/files/cases/x.txt?t=9999999999&sign=forged');
    expect(res.status).toBe(404);
  });
});

describe('openapi', () => {
  test('subscribeMessage.send lands in the outbox', async () => {
    await cloud.call('probe', { action: 'notify', touser: 'resident-9' });
    const outbox = await cloud.outbox();
    expect(outbox[outbox.length - 1]).toMatchObject({
      touser: 'resident-9',
      templateId: 'TPL_CASE_ACCEPTED',
      page: 'pages/home/index',
      data: { thing1: { value: '受理通知' } }
    });
  });

  test('msgSecCheck answers risky for a listed word, pass otherwise', async () => {
    expect(await cloud.call('probe', { action: 'check', content: '这里有违禁测试词出现' })).toEqual({
      v2: 'risky',
      v1: 'errCode 87014'
    });
    expect(await cloud.call('probe', { action: 'check', content: '楼上漏水，请帮忙协调' })).toEqual({
      v2: 'pass',
      v1: 'pass'
    });
  });
});

describe('clock', () => {
  test('advancing the clock moves the time functions see', async () => {
    const before = await cloud.call<{ now: number }>('probe', { action: 'now' });
    await cloud.advanceClock(3 * 86_400_000);
    const after = await cloud.call<{ now: number }>('probe', { action: 'now' });
    expect(after.now - before.now).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(after.now - before.now).toBeLessThan(3 * 86_400_000 + 5000);
  });
});
