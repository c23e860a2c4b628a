/**
 * The `wx` a page sees under miniprogram-simulate, made real where it matters: storage is kept,
 * wx.request goes over real HTTP (Node's http module, so the local cloud answers), and wx.cloud
 * calls the local cloud's gateway as CloudBase would. UI calls (toast, modal, action sheet,
 * navigation) are jest mocks that tests inspect and steer.
 *
 * Typed locally on purpose: miniprogram-api-typings declares a global `require` that breaks Node
 * code in the same tsc program (`require.main`), so test code must not load it.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { jest } from '@jest/globals';
import type { Mock } from 'jest-mock';

/** Options of any wx API: its own fields plus the success/fail/complete callbacks. */
export type WxOptions = Record<string, any> & {
  success?: (res: any) => void;
  fail?: (err: any) => void;
  complete?: (res: any) => void;
};
type EnvVersion = 'develop' | 'trial' | 'release';
type ApiMock = Mock<(opts: WxOptions) => void>;

/** What the fake wx.cloud talks to: the local cloud gateway, as this openid. */
export interface CloudTarget {
  url: string;
  openid: string;
}

export interface WxControl {
  storage: Map<string, unknown>;
  /** What wx.getAccountInfoSync().miniProgram.envVersion answers (default develop). */
  envVersion: EnvVersion;
  /** Where wx.cloud.callFunction goes; null makes it fail as if offline. */
  cloud: CloudTarget | null;
  cloudInit: ApiMock;
  showToast: ApiMock;
  showModal: ApiMock;
  /** showModal answers confirm unless this is false. */
  nextModalConfirm: boolean;
  showActionSheet: ApiMock;
  /** showActionSheet answers with this index, or is cancelled when null. */
  nextActionSheetTap: number | null;
  navigateTo: ApiMock;
  redirectTo: ApiMock;
  navigateBack: ApiMock;
  /** Every wx.request made, oldest first. */
  requests: Array<{ url: string; method: string; header: Record<string, string>; data: unknown }>;
  /** Every wx.cloud.callFunction made, oldest first. */
  cloudCalls: Array<{ name: string; data: unknown }>;
  /** Back to a fresh state (between tests). */
  reset(): void;
}

const later = (fn: () => void): void => void setTimeout(fn, 0);
// No keep-alive: an idle pooled socket would keep jest from exiting after the local cloud stops.
const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false });

function settle(opts: WxOptions, ok: boolean, res: unknown): void {
  later(() => {
    if (ok) opts.success?.(res);
    else opts.fail?.(res);
    opts.complete?.(res);
  });
}

/** An async wx API: calls back, or returns a promise when given no callback (as WeChat does). */
function asyncApi(name: string, answer: (opts: WxOptions) => { ok: boolean; res?: Record<string, unknown> }) {
  return (opts: WxOptions = {}): Promise<unknown> | undefined => {
    const { ok, res } = answer(opts);
    const full = { errMsg: `${name}:${ok ? 'ok' : 'fail cancel'}`, ...res };
    if (opts.success || opts.fail || opts.complete) {
      settle(opts, ok, full);
      return undefined;
    }
    return new Promise((resolve, reject) => later(() => (ok ? resolve(full) : reject(full))));
  };
}

interface HttpAnswer {
  statusCode: number;
  data: unknown;
}

/** A real HTTP round trip with wx.request's contract: any HTTP status succeeds; only transport errors fail. */
function httpRequest(opts: WxOptions, onDone: (err: string | null, res?: HttpAnswer & { header: unknown }) => void): { abort(): void } {
  const method = String(opts.method ?? 'GET').toUpperCase();
  const header: Record<string, string> = {};
  for (const [k, v] of Object.entries((opts.header ?? {}) as Record<string, unknown>)) header[k.toLowerCase()] = String(v);
  header['content-type'] ??= 'application/json';
  const body =
    opts.data === undefined || method === 'GET'
      ? undefined
      : typeof opts.data === 'string'
        ? opts.data
        : opts.data instanceof ArrayBuffer
          ? Buffer.from(opts.data)
          : header['content-type'].includes('json')
            ? JSON.stringify(opts.data)
            : new URLSearchParams(opts.data as Record<string, string>).toString();
  const url = String(opts.url);
  const secure = url.startsWith('https:');
  const req = (secure ? https : http).request(url, { method, headers: header, timeout: opts.timeout ?? 60_000, agent: secure ? httpsAgent : httpAgent }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let data: unknown = raw;
      if (opts.dataType !== '其他' && opts.responseType !== 'arraybuffer') {
        try {
          data = JSON.parse(raw);
        } catch {
          /* WeChat hands a body that is not JSON over as a string */
        }
      }
      onDone(null, { statusCode: res.statusCode ?? 0, data, header: res.headers });
    });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => onDone(e.message));
  req.end(body);
  return { abort: () => req.destroy(new Error('abort')) };
}

/** Installs the fake onto simulate's `wx` object (after miniprogram-simulate is loaded). */
export function installWx(wx: Record<string, unknown>): WxControl {
  const control: WxControl = {
    storage: new Map(),
    envVersion: 'develop',
    cloud: null,
    cloudInit: jest.fn(),
    showToast: jest.fn(),
    showModal: jest.fn(),
    nextModalConfirm: true,
    showActionSheet: jest.fn(),
    nextActionSheetTap: null,
    navigateTo: jest.fn(),
    redirectTo: jest.fn(),
    navigateBack: jest.fn(),
    requests: [],
    cloudCalls: [],
    reset() {
      control.storage.clear();
      control.envVersion = 'develop';
      control.cloud = null;
      control.nextModalConfirm = true;
      control.nextActionSheetTap = null;
      control.requests.length = 0;
      control.cloudCalls.length = 0;
      for (const m of [control.cloudInit, control.showToast, control.showModal, control.showActionSheet, control.navigateTo, control.redirectTo, control.navigateBack]) {
        m.mockClear();
      }
    }
  };

  // Storage hands out copies, '' for a missing key. (jsdom has no structuredClone; JSON is close to WeChat's own.)
  const copy = (v: unknown): unknown => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  const record = (mock: ApiMock, name: string, res: Record<string, unknown> = {}) =>
    asyncApi(name, (o) => {
      mock(o);
      return { ok: true, res };
    });

  const request = (opts: WxOptions) => {
    control.requests.push({ url: String(opts.url), method: String(opts.method ?? 'GET').toUpperCase(), header: { ...(opts.header ?? {}) }, data: opts.data });
    return httpRequest(opts, (err, res) =>
      err === null ? settle(opts, true, { errMsg: 'request:ok', cookies: [], ...res }) : settle(opts, false, { errMsg: `request:fail ${err}`, errno: 5 })
    );
  };

  // wx.cloud.callFunction as CloudBase behaves: `{ result }`, or a rejection with errCode/errMsg.
  const callFunction = (param: WxOptions): Promise<unknown> => {
    control.cloudCalls.push({ name: String(param.name), data: param.data });
    const outcome = new Promise<{ errMsg: string; result: unknown }>((resolve, reject) => {
      const target = control.cloud;
      if (!target) return later(() => reject({ errCode: -1, errMsg: 'cloud.callFunction:fail request:fail network error' }));
      httpRequest({ url: `${target.url}/functions/${param.name}`, method: 'POST', data: param.data ?? {}, header: { 'x-wx-openid': target.openid } }, (err, res) => {
        if (err !== null || !res) return reject({ errCode: -1, errMsg: `cloud.callFunction:fail request:fail ${err}` });
        if (res.statusCode === 200) return resolve({ errMsg: 'cloud.callFunction:ok', result: res.data });
        const body = (res.data ?? {}) as { errCode?: number; errMsg?: string };
        reject({ errCode: body.errCode ?? -504002, errMsg: `cloud.callFunction:fail ${body.errMsg ?? res.statusCode}` });
      });
    });
    if (param.success || param.fail || param.complete) {
      outcome.then((r) => settle(param, true, r), (e: unknown) => settle(param, false, e));
      return Promise.resolve(undefined);
    }
    return outcome;
  };

  Object.assign(wx, {
    setStorageSync: (key: string, value: unknown) => void control.storage.set(key, copy(value)),
    getStorageSync: (key: string) => (control.storage.has(key) ? copy(control.storage.get(key)) : ''),
    removeStorageSync: (key: string) => void control.storage.delete(key),
    clearStorageSync: () => control.storage.clear(),
    getStorageInfoSync: () => ({ keys: [...control.storage.keys()], currentSize: 0, limitSize: 10240 }),
    setStorage: asyncApi('setStorage', (o) => (control.storage.set(o.key, copy(o.data)), { ok: true })),
    getStorage: asyncApi('getStorage', (o) =>
      control.storage.has(o.key) ? { ok: true, res: { data: copy(control.storage.get(o.key)) } } : { ok: false, res: { errMsg: 'getStorage:fail data not found' } }
    ),
    removeStorage: asyncApi('removeStorage', (o) => (control.storage.delete(o.key), { ok: true })),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: control.envVersion, version: '' }, plugin: {} }),
    request,
    cloud: { init: (config: WxOptions) => control.cloudInit(config), callFunction },
    showToast: record(control.showToast, 'showToast'),
    hideToast: asyncApi('hideToast', () => ({ ok: true })),
    showLoading: asyncApi('showLoading', () => ({ ok: true })),
    hideLoading: asyncApi('hideLoading', () => ({ ok: true })),
    showModal: asyncApi('showModal', (o) => {
      control.showModal(o);
      return { ok: true, res: { confirm: control.nextModalConfirm, cancel: !control.nextModalConfirm } };
    }),
    showActionSheet: asyncApi('showActionSheet', (o) => {
      control.showActionSheet(o);
      const tapIndex = control.nextActionSheetTap;
      return tapIndex === null ? { ok: false } : { ok: true, res: { tapIndex } };
    }),
    navigateTo: record(control.navigateTo, 'navigateTo'),
    redirectTo: record(control.redirectTo, 'redirectTo'),
    navigateBack: record(control.navigateBack, 'navigateBack')
  });
  return control;
}

/** A local port nothing listens on, for "the network is down" cases. */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
