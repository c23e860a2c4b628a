/**
 * The service door (miniprogram/services/cloud.ts): whatever goes wrong on the way, pages get one
 * `{ ok: false, code, message }` shape. A small HTTP server plays the gateway's failure modes.
 */
import http from 'node:http';
import net from 'node:net';
import { LOCAL_CLOUD_STORAGE_KEY } from '../../miniprogram/config';
import { installWx, unusedPort } from '../support/simulate-wx';

type Answer = { ok: true; data: unknown } | { ok: false; code: string; message: string };
type CallFunction = (name: string, action: string, fields?: object) => Promise<Answer>;

const g = globalThis as unknown as { wx: Record<string, unknown> };
g.wx = {};
const wx = installWx(g.wx);
// require, not import: cloud.ts uses the `wx` global, which the root tsc program must not see.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { callFunction } = require('../../miniprogram/services/cloud') as { callFunction: CallFunction };

let reply: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => reply(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  wx.reset();
  wx.storage.set(LOCAL_CLOUD_STORAGE_KEY, { url, openid: 'resident-1' });
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const json = (res: http.ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('through the local cloud (develop)', () => {
  test('posts { action, ...fields } as the chosen openid and hands the Result over as is', async () => {
    let seen: { path?: string; openid?: string; body?: unknown } = {};
    reply = (req, body, res) => {
      seen = { path: req.url, openid: req.headers['x-wx-openid'] as string, body: JSON.parse(body) };
      json(res, 200, { ok: false, code: 'NOT_ALLOWED', message: '没有权限' });
    };
    // A field named action cannot override the action.
    expect(await callFunction('cases', 'submit', { title: '噪音', action: 'sneaky' })).toEqual({
      ok: false,
      code: 'NOT_ALLOWED',
      message: '没有权限'
    });
    expect(seen).toEqual({ path: '/functions/cases', openid: 'resident-1', body: { title: '噪音', action: 'submit' } });
  });

  test.each([
    ['the function failed (502)', 502, { errCode: -504002, errMsg: 'boom' }],
    ['the function timed out (504)', 504, { errCode: -504003, errMsg: 'timeout' }],
    ['no such function (404)', 404, { errCode: -501000, errMsg: '云函数 x 不存在' }],
    ['an answer that is not a Result', 200, { hello: 'world' }]
  ])('%s → CLOUD_FUNCTION_FAILED', async (_what, status, body) => {
    reply = (_req, _body, res) => json(res, status, body);
    expect(await callFunction('account', 'me')).toEqual({
      ok: false,
      code: 'CLOUD_FUNCTION_FAILED',
      message: '服务暂时出了点问题，请稍后重试'
    });
  });

  test('nobody listening → NETWORK', async () => {
    wx.storage.set(LOCAL_CLOUD_STORAGE_KEY, { url: `http://127.0.0.1:${await unusedPort()}`, openid: 'resident-1' });
    expect(await callFunction('account', 'me')).toEqual({
      ok: false,
      code: 'NETWORK',
      message: '网络连接不畅，请检查网络后重试'
    });
  });
});

describe('through wx.cloud (trial and release)', () => {
  beforeEach(() => {
    wx.envVersion = 'release';
    wx.cloud = { url, openid: 'resident-9' };
  });

  test('ignores the local-cloud override and returns res.result', async () => {
    reply = (req, _body, res) => json(res, 200, { ok: true, data: { openid: req.headers['x-wx-openid'] } });
    expect(await callFunction('account', 'me')).toEqual({ ok: true, data: { openid: 'resident-9' } });
    expect(wx.requests).toEqual([]);
    expect(wx.cloudCalls).toEqual([{ name: 'account', data: { action: 'me' } }]);
  });

  test('a failing function (errCode -504002) → CLOUD_FUNCTION_FAILED', async () => {
    reply = (_req, _body, res) => json(res, 502, { errCode: -504002, errMsg: 'functions execute fail' });
    expect(await callFunction('account', 'me')).toMatchObject({ ok: false, code: 'CLOUD_FUNCTION_FAILED' });
  });

  test('no network (request:fail) → NETWORK', async () => {
    wx.cloud = null;
    expect(await callFunction('account', 'me')).toMatchObject({ ok: false, code: 'NETWORK' });
  });
});

describe('answers kept for the visit (services/remember)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { remembered } = require('../../miniprogram/services/remember') as {
    remembered: <T>(load: () => Promise<T>) => () => Promise<T>;
  };

  test('asked once per identity; a failure is not kept; another identity asks again', async () => {
    const seen: string[] = [];
    let fail = true;
    reply = (req, _body, res) => {
      seen.push(req.headers['x-wx-openid'] as string);
      json(
        res,
        200,
        fail ? { ok: false, code: 'BUSY', message: '忙' } : { ok: true, data: { openid: req.headers['x-wx-openid'] } }
      );
    };
    const me = remembered(() => callFunction('account', 'me'));
    expect(await me()).toMatchObject({ ok: false });
    await new Promise((r) => setTimeout(r, 0));
    fail = false;
    expect(await me()).toEqual({ ok: true, data: { openid: 'resident-1' } });
    expect(await me()).toEqual({ ok: true, data: { openid: 'resident-1' } });
    expect(seen).toEqual(['resident-1', 'resident-1']);
    wx.storage.set(LOCAL_CLOUD_STORAGE_KEY, { url, openid: 'admin-1' });
    expect(await me()).toEqual({ ok: true, data: { openid: 'admin-1' } });
    expect(seen).toEqual(['resident-1', 'resident-1', 'admin-1']);
  });
});
