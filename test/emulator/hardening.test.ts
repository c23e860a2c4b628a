// The local cloud holds every identity and the whole database: a web page the developer opens must not
// be able to drive it, and storage must never reach outside its root or show where that root is.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
// jest's own expect: its asymmetric matchers are typed (the global ones return `any`).
import { expect } from '@jest/globals';
import { startLocalCloud, tempDir, type TestCloud } from '../support/localcloud';
import { buildFixtureFunctions } from '../support/fixtures';

let cloud: TestCloud;
let port: number;
let dataDir: string;
let functionsDir: string;

beforeAll(async () => {
  functionsDir = await buildFixtureFunctions();
  dataDir = tempDir();
  cloud = await startLocalCloud({ seed: false, dir: dataDir, env: { LOCALCLOUD_FUNCTIONS_DIR: functionsDir } });
  port = Number(new URL(cloud.url).port);
});

afterAll(() => cloud?.stop());

type Answer = { status: number; body: unknown; text: string };

function send(
  base: string,
  method: string,
  pathname: string,
  headers: http.OutgoingHttpHeaders,
  body?: string | Buffer
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = (pathname: string, headers: http.OutgoingHttpHeaders, body = '{"action":"noop"}'): Promise<Answer> =>
  send(cloud.url, 'POST', pathname, headers, body);
const JSON_TYPE = { 'content-type': 'application/json' };
const adminBody = JSON.stringify({ action: 'database.addCollection', collectionName: 'hardening' });

/** Every answer a test provokes; none may show a path on this machine (checked after each test, so each stands alone). */
const answers: Answer[] = [];
afterEach(() => {
  const roots = [dataDir, functionsDir, os.tmpdir(), path.resolve(__dirname, '../..')];
  const leaks = answers
    .splice(0)
    .filter(
      (a) => roots.some((r) => a.text.includes(r)) || /(^|[\s'"(])\/(tmp|home|work|root|Users|var|usr)\//.test(a.text)
    );
  expect(leaks).toEqual([]);
});
const seen = async (p: Promise<Answer>): Promise<Answer> => {
  const a = await p;
  answers.push(a);
  return a;
};

describe('content type: the gateway and /admin take JSON only', () => {
  test.each([
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    undefined
  ])('%s is refused with 415 before anything runs', async (type) => {
    const headers = type ? { 'content-type': type } : {};
    expect((await seen(post('/functions/probe', headers))).status).toBe(415);
    // A JSON body labelled multipart is not even a form (400); a real form is refused below.
    expect((await seen(post('/admin', headers, adminBody))).status).toBe(type?.startsWith('multipart') ? 400 : 415);
  });

  test('application/json, with or without a charset, is served', async () => {
    expect((await post('/functions/probe', JSON_TYPE)).body).toEqual({ ok: true });
    expect((await post('/functions/probe', { 'content-type': 'Application/JSON; charset=utf-8' })).body).toEqual({
      ok: true
    });
    expect((await post('/admin', { 'content-type': 'application/json; charset=utf-8' }, adminBody)).status).toBe(200);
  });

  test('a multipart body reaches /admin only as the SDK sends it, for wx.openApi', async () => {
    const boundary = 'b0undary';
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\ndatabase.addCollection\r\n--${boundary}\r\nContent-Disposition: form-data; name="collectionName"\r\n\r\nviaForm\r\n--${boundary}--\r\n`;
    const res = await seen(post('/admin', { 'content-type': `multipart/form-data; boundary=${boundary}` }, form));
    expect(res.status).toBe(415);
    // The SDK's own openapi calls (multipart, protobuf) still work.
    expect(await cloud.call('probe', { action: 'check', content: '楼上漏水' })).toEqual({ v2: 'pass', v1: 'pass' });
  });
});

describe('Origin: web pages of other origins are refused', () => {
  test.each([
    'https://evil.example',
    'http://localhost:1',
    'null',
    'http://127.0.0.1',
    'file://',
    'chrome-extension://abc'
  ])('Origin %s gets 403 everywhere', async (origin) => {
    for (const [p, body] of [
      ['/functions/probe', undefined],
      ['/admin', adminBody],
      ['/__emulator/clock', '{"advanceMs":0}']
    ] as const) {
      const res = await seen(post(p, { ...JSON_TYPE, origin }, body));
      expect(res.status).toBe(403);
    }
    expect((await seen(send(cloud.url, 'GET', '/__emulator/outbox', { origin }))).status).toBe(403);
  });

  test("the local cloud's own origin, under any of its names, and no Origin at all are served", async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      expect((await post('/functions/probe', { ...JSON_TYPE, origin })).status).toBe(200);
    }
    expect((await post('/functions/probe', JSON_TYPE)).status).toBe(200);
  });
});

describe('Host: only the configured host and loopback names', () => {
  // `port` is only known once the cloud runs, so the cases are built inside the test.
  test('a foreign Host is refused (DNS rebinding)', async () => {
    const hosts = [
      'evil.example',
      `evil.example:${port}`,
      `localhost:${port + 1}`,
      'localhost',
      `10.1.2.3:${port}`,
      'x:y:z'
    ];
    // Bound to 127.0.0.1, the machine's own name is not one of the local cloud's names.
    if (os.hostname().toLowerCase() !== 'localhost') hosts.push(`${os.hostname()}:${port}`);
    for (const host of hosts) {
      expect((await seen(post('/functions/probe', { ...JSON_TYPE, host }))).status).toBe(421);
      expect((await seen(post('/admin', { ...JSON_TYPE, host }, adminBody))).status).toBe(421);
    }
  });

  test.each(['localhost', '127.0.0.1', '127.8.9.10', '[::1]', 'LOCALHOST'])(
    'Host %s with the port is served',
    async (name) => {
      expect((await post('/functions/probe', { ...JSON_TYPE, host: `${name}:${port}` })).status).toBe(200);
    }
  );

  test("bound to 0.0.0.0, the machine's own addresses and name are let in too (phones on the LAN)", async () => {
    const wide = await startLocalCloud({
      seed: false,
      env: { LOCALCLOUD_FUNCTIONS_DIR: functionsDir, HOST: '0.0.0.0' }
    });
    try {
      const widePort = Number(new URL(wide.url).port);
      const own = Object.values(os.networkInterfaces())
        .flat()
        .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === 'IPv4')
        .map((a) => a.address);
      for (const name of [...own, os.hostname()]) {
        expect(
          (
            await send(
              wide.url,
              'POST',
              '/functions/probe',
              { ...JSON_TYPE, host: `${name}:${widePort}` },
              '{"action":"noop"}'
            )
          ).status
        ).toBe(200);
      }
      expect(
        (await send(wide.url, 'POST', '/functions/probe', { ...JSON_TYPE, host: `evil.example:${widePort}` }, '{}'))
          .status
      ).toBe(421);
    } finally {
      await wide.stop();
    }
  });
});

describe('storage paths', () => {
  const bucket = 'cloud://shajie-local.localcloud-bucket';
  const admin = async (body: Record<string, unknown>): Promise<Record<string, unknown>> =>
    (await seen(post('/admin', JSON_TYPE, JSON.stringify(body)))).body as Record<string, unknown>;
  const upload = async (cloudPath: string, text: string): Promise<Answer> => {
    const meta = (await admin({ action: 'storage.getUploadMetadata', path: cloudPath })) as { data?: { url: string } };
    if (!meta.data) throw new Error(`no upload URL for ${cloudPath}`);
    return seen(
      send(
        cloud.url,
        'PUT',
        meta.data.url.slice(cloud.url.length),
        { 'content-type': 'application/octet-stream' },
        text
      )
    );
  };

  test.each([
    '.',
    '..',
    './x.txt',
    '../x.txt',
    'a/../../x.txt',
    'a/./b.txt',
    'a//b.txt',
    '/a.txt',
    'a/',
    'a\\..\\b.txt',
    'a/%2e%2e/b',
    ''
  ])('cloudPath %j gets no upload URL', async (cloudPath) => {
    expect(await admin({ action: 'storage.getUploadMetadata', path: cloudPath })).toMatchObject({
      code: 'INVALID_PARAM'
    });
  });

  test('a PUT to "." or ".." is a 4xx and writes nothing outside the root', async () => {
    const before = fs.readdirSync(path.dirname(dataDir)).length;
    for (const p of ['.', '..', 'a/../..', '']) {
      const res = await seen(
        send(cloud.url, 'PUT', `/__storage/upload?path=${encodeURIComponent(p)}&token=x`, {}, 'escaped')
      );
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(fs.readdirSync(path.dirname(dataDir)).length).toBe(before);
    expect(fs.readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a folder gets no signed URL, no upload and no download', async () => {
    expect((await upload('albums/2026/a.txt', '照片')).status).toBe(200);
    for (const folder of ['albums', 'albums/2026']) {
      const list = (await admin({
        action: 'storage.batchGetDownloadUrl',
        file_list: [{ fileid: `${bucket}/${folder}`, max_age: 60 }]
      })) as {
        data: { download_list: Array<{ code: string; tempFileURL: string }> };
      };
      expect(list.data.download_list[0]).toMatchObject({ code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' });
      expect(await admin({ action: 'storage.getUploadMetadata', path: folder })).toMatchObject({
        code: 'INVALID_PARAM'
      });
      const del = (await admin({ action: 'storage.batchDeleteFile', fileid_list: [`${bucket}/${folder}`] })) as {
        data: { delete_list: Array<{ code: string }> };
      };
      expect(del.data.delete_list[0].code).toBe('STORAGE_FILE_NONEXIST');
      const get = await seen(send(cloud.url, 'GET', `/__storage/files/${folder}?t=9999999999&sign=x`, {}));
      expect(get.status).toBe(404);
    }
    // A path through an existing file is refused, not a crash.
    expect(await admin({ action: 'storage.getUploadMetadata', path: 'albums/2026/a.txt/b.txt' })).toMatchObject({
      code: 'INVALID_PARAM'
    });
    // The file itself is still served.
    const list = (await admin({
      action: 'storage.batchGetDownloadUrl',
      file_list: [{ fileid: `${bucket}/albums/2026/a.txt`, max_age: 60 }]
    })) as {
      data: { download_list: Array<{ tempFileURL: string }> };
    };
    const file = await send(
      cloud.url,
      'GET',
      encodeURI(list.data.download_list[0].tempFileURL.slice(cloud.url.length)),
      {}
    );
    expect(file).toMatchObject({ status: 200, text: '照片' });
  });

  test('malformed percent-encoding is a 400, not a crash', async () => {
    expect((await seen(send(cloud.url, 'GET', '/__storage/files/%E0%A4%A?t=1&sign=x', {}))).status).toBe(400);
    expect((await seen(post('/functions/%E0%A4%A', JSON_TYPE))).status).toBe(400);
  });
});

describe('errors never show a path on this machine', () => {
  test('a function that is not built, or fails to load, is named but not located', async () => {
    const dir = tempDir('localcloud-broken-');
    for (const name of ['unbuilt', 'broken']) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'config.json'), '{}');
    }
    fs.writeFileSync(path.join(dir, 'broken', 'index.js'), `require(${JSON.stringify(path.join(dir, 'nowhere.js'))});`);
    const other = await startLocalCloud({ seed: false, env: { LOCALCLOUD_FUNCTIONS_DIR: dir } });
    try {
      for (const name of ['unbuilt', 'broken']) {
        const res = await send(other.url, 'POST', `/functions/${name}`, JSON_TYPE, '{}');
        answers.push(res);
        expect(res.status).toBe(502);
        expect(res.body).toMatchObject({ errMsg: expect.stringContaining(name) });
      }
    } finally {
      await other.stop();
    }
  });
});
