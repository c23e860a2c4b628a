/**
 * The `wx` a page sees under miniprogram-simulate, made real where it matters: storage is kept,
 * wx.request goes over real HTTP (Node's http module, so the local cloud answers), and wx.cloud
 * calls the local cloud's gateway as CloudBase would. UI calls (toast, action sheet, navigation)
 * are jest mocks that tests can inspect and steer.
 */
import http from 'node:http';
import https from 'node:https';
import { jest } from '@jest/globals';

type Callbacks = { success?: (res: any) => void; fail?: (err: any) => void; complete?: (res: any) => void };
type EnvVersion = 'develop' | 'trial' | 'release';

/** What the fake wx.cloud talks to: the local cloud gateway, as this openid. */
export interface CloudTarget {
  url: string;
  openid: string;
}

export interface WxControl {
  storage: Map<string, unknown>;
  envVersion: EnvVersion;
  /** Where wx.cloud.callFunction goes; null makes it fail as if offline. */
  cloud: CloudTarget | null;
  showToast: jest.Mock<(opts: WechatMiniprogram.ShowToastOption) => void>;
  showModal: jest.Mock<(opts: WechatMiniprogram.ShowModalOption) => void>;
  /** Answers with `nextActionSheetTap` (or cancels when it is null). */
  showActionSheet: jest.Mock<(opts: WechatMiniprogram.ShowActionSheetOption) => void>;
  nextActionSheetTap: number | null;
  navigateTo: jest.Mock<(opts: WechatMiniprogram.NavigateToOption) => void>;
  redirectTo: jest.Mock<(opts: WechatMiniprogram.RedirectToOption) => void>;
  navigateBack: jest.Mock<(opts?: WechatMiniprogram.NavigateBackOption) => void>;
  /** Every wx.request made, oldest first. */
  requests: Array<{ url: string; method: string; header: Record<string, string>; data: unknown }>;
  reset(): void;
}

const later = (fn: () => void): void => void setTimeout(fn, 0);
// No keep-alive: an idle pooled socket would keep jest from exiting after the local cloud stops.
const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false });

function settle<T>(opts: Callbacks | undefined, ok: boolean, res: T): void {
  later(() => {
    if (ok) opts?.success?.(res);
    else opts?.fail?.(res);
    opts?.complete?.(res);
  });
}

/** Calls back and, like WeChat, returns a promise when no callback was given. */
function asyncApi<O extends Callbacks>(name: string, answer: (opts: O) => { ok: boolean; res: Record<string, unknown> }) {
  return (opts: O = {} as O): Promise<unknown> | undefined => {
    const { ok, res } = answer(opts);
    const full = { errMsg: `${name}:${ok ? 'ok' : 'fail cancel'}`, ...res };
    if (opts.success || opts.fail || opts.complete) {
      settle(opts, ok, full);
      return undefined;
    }
    return new Promise((resolve, reject) => later(() => (ok ? resolve(full) : reject(full))));
  };
}

/** A real HTTP round trip with wx.request's contract: any HTTP status is a success; only transport errors fail. */
function httpRequest(opts: WechatMiniprogram.RequestOption, log: WxControl['requests']): WechatMiniprogram.RequestTask {
  const method = (opts.method ?? 'GET').toUpperCase();
  const header: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.header ?? {})) header[k.toLowerCase()] = String(v);
  if (!header['content-type']) header['content-type'] = 'application/json';
  const isJsonBody = header['content-type'].includes('json');
  const body =
    opts.data === undefined || method === 'GET'
      ? undefined
      : typeof opts.data === 'string'
        ? opts.data
        : opts.data instanceof ArrayBuffer
          ? Buffer.from(opts.data)
          : isJsonBody
            ? JSON.stringify(opts.data)
            : new URLSearchParams(opts.data as Record<string, string>).toString();
  log.push({ url: opts.url, method, header, data: opts.data });
  const secure = opts.url.startsWith('https:');
  const req = (secure ? https : http).request(opts.url, { method, headers: header, timeout: opts.timeout ?? 60_000, agent: secure ? httpsAgent : httpAgent }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let data: unknown = raw;
      if (opts.dataType !== '其他' && opts.responseType !== 'arraybuffer') {
        try {
          data = JSON.parse(raw);
        } catch {
          /* WeChat hands non-JSON bodies over as a string */
        }
      }
      settle(opts as Callbacks, true, { errMsg: 'request:ok', statusCode: res.statusCode ?? 0, data, header: res.headers, cookies: [] });
    });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => settle(opts as Callbacks, false, { errMsg: `request:fail ${e.message}`, errno: 5 }));
  req.end(body);
  return {
    abort: () => req.destroy(new Error('abort')),
    onHeadersReceived: () => undefined,
    offHeadersReceived: () => undefined,
    onChunkReceived: () => undefined,
    offChunkReceived: () => undefined
  } as unknown as WechatMiniprogram.RequestTask;
}

/** wx.cloud.callFunction as CloudBase behaves: `{ result }`, or a rejection with errCode/errMsg. */
function cloudCallFunction(control: WxControl) {
  return (param: ICloud.CallFunctionParam): Promise<ICloud.CallFunctionResult> =>
    new Promise((resolve, reject) => {
      const target = control.cloud;
      if (!target) return later(() => reject({ errCode: -1, errMsg: 'cloud.callFunction:fail request:fail network error' }));
      httpRequest(
        {
          url: `${target.url}/functions/${param.name}`,
          method: 'POST',
          data: param.data ?? {},
          header: { 'x-wx-openid': target.openid },
          success: (res) => {
            if (res.statusCode === 200) return resolve({ errMsg: 'cloud.callFunction:ok', result: res.data as ICloud.CallFunctionResult['result'] });
            const err = (res.data ?? {}) as { errCode?: number; errMsg?: string };
            reject({ errCode: err.errCode ?? -504002, errMsg: `cloud.callFunction:fail ${err.errMsg ?? res.statusCode}` });
          },
          fail: (e) => reject({ errCode: -1, errMsg: `cloud.callFunction:fail ${e.errMsg}` })
        },
        control.requests
      );
    }).then((res) => {
      param.success?.(res);
      param.complete?.(res);
      return res;
    }, (err: IAPIError) => {
      param.fail?.(err);
      param.complete?.(err);
      throw err;
    }) as Promise<ICloud.CallFunctionResult>;
}

/** Installs the fake on top of simulate's `wx` (call after requiring miniprogram-simulate). */
export function installWx(wx: Record<string, unknown>): WxControl {
  const control: WxControl = {
    storage: new Map(),
    envVersion: 'develop',
    cloud: null,
    showToast: jest.fn(),
    showModal: jest.fn(),
    showActionSheet: jest.fn(),
    nextActionSheetTap: null,
    navigateTo: jest.fn(),
    redirectTo: jest.fn(),
    navigateBack: jest.fn(),
    requests: [],
    reset() {
      control.storage.clear();
      control.envVersion = 'develop';
      control.cloud = null;
      control.nextActionSheetTap = null;
      control.requests.length = 0;
      for (const m of [control.showToast, control.showModal, control.showActionSheet, control.navigateTo, control.redirectTo, control.navigateBack]) m.mockClear();
    }
  };
  // Storage hands out copies, '' for a missing key. (jsdom has no structuredClone; JSON is close to WeChat's own.)
  const copy = (v: unknown): unknown => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  const api = {
    setStorageSync: (key: string, value: unknown) => void control.storage.set(key, copy(value)),
    getStorageSync: (key: string) => (control.storage.has(key) ? copy(control.storage.get(key)) : ''),
    removeStorageSync: (key: string) => void control.storage.delete(key),
    clearStorageSync: () => control.storage.clear(),
    getStorageInfoSync: () => ({ keys: [...control.storage.keys()], currentSize: 0, limitSize: 10240 }),
    setStorage: asyncApi<Callbacks & { key: string; data: unknown }>('setStorage', (o) => (control.storage.set(o.key, copy(o.data)), { ok: true, res: {} })),
    getStorage: asyncApi<Callbacks & { key: string }>('getStorage', (o) =>
      control.storage.has(o.key) ? { ok: true, res: { data: copy(control.storage.get(o.key)) } } : { ok: false, res: { errMsg: 'getStorage:fail data not found' } }
    ),
    removeStorage: asyncApi<Callbacks & { key: string }>('removeStorage', (o) => (control.storage.delete(o.key), { ok: true, res: {} })),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: control.envVersion, version: '' }, plugin: {} }),
    request: (opts: WechatMiniprogram.RequestOption) => httpRequest(opts, control.requests),
    cloud: { init: jest.fn(), callFunction: cloudCallFunction(control) },
    showToast: asyncApi('showToast', (o: Callbacks) => (control.showToast(o as WechatMiniprogram.ShowToastOption), { ok: true, res: {} })),
    hideToast: asyncApi('hideToast', () => ({ ok: true, res: {} })),
    showLoading: asyncApi('showLoading', () => ({ ok: true, res: {} })),
    hideLoading: asyncApi('hideLoading', () => ({ ok: true, res: {} })),
    showModal: asyncApi('showModal', (o: Callbacks) => (control.showModal(o as WechatMiniprogram.ShowModalOption), { ok: true, res: { confirm: true, cancel: false } })),
    showActionSheet: asyncApi('showActionSheet', (o: Callbacks) => {
      control.showActionSheet(o as WechatMiniprogram.ShowActionSheetOption);
      const tapIndex = control.nextActionSheetTap;
      return tapIndex === null ? { ok: false, res: {} } : { ok: true, res: { tapIndex } };
    }),
    navigateTo: asyncApi('navigateTo', (o: Callbacks) => (control.navigateTo(o as WechatMiniprogram.NavigateToOption), { ok: true, res: {} })),
    redirectTo: asyncApi('redirectTo', (o: Callbacks) => (control.redirectTo(o as WechatMiniprogram.RedirectToOption), { ok: true, res: {} })),
    navigateBack: asyncApi('navigateBack', (o: Callbacks) => (control.navigateBack(o as WechatMiniprogram.NavigateBackOption), { ok: true, res: {} }))
  };
  Object.assign(wx, api);
  return control;
}
