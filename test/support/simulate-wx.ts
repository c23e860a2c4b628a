/**
 * The `wx` a page sees under miniprogram-simulate, made real where it matters: storage is kept,
 * wx.request goes over real HTTP (Node's http module, so the local cloud answers), and wx.cloud
 * calls the local cloud's gateway as CloudBase would. UI calls (toast, modal, action sheet,
 * navigation) are jest mocks that tests inspect and steer.
 *
 * Typed locally on purpose: miniprogram-api-typings declares a global `require` that breaks Node
 * code in the same tsc program (`require.main`), so test code must not load it.
 */
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import { jest } from '@jest/globals';

/** Options of any wx API: its own fields plus the success/fail/complete callbacks. */
export interface WxOptions {
  url?: string;
  method?: string;
  header?: Record<string, string>;
  data?: unknown;
  timeout?: number;
  responseType?: string;
  dataType?: string;
  key?: string;
  name?: string;
  cloudPath?: string;
  filePath?: string;
  fileType?: string;
  count?: number;
  tmplIds?: string[];
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
  complete?: (res: unknown) => void;
  [field: string]: unknown;
}
type EnvVersion = 'develop' | 'trial' | 'release';
type ApiMock = jest.Mock<(opts: WxOptions) => void>;

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
  /** wx.switchTab: to a tabBar page. */
  switchTab: ApiMock;
  /** The tabBar's badges as wx.setTabBarBadge / removeTabBarBadge left them, by tab index. */
  tabBadges: Map<number, string>;
  navigateBack: ApiMock;
  /** Every wx.request made, oldest first. */
  requests: Array<{ url: string; method: string; header: Record<string, string>; data: unknown }>;
  /** Every wx.cloud.callFunction made, oldest first. */
  cloudCalls: Array<{ name: string; data: unknown }>;
  /** Whether the user has agreed to the privacy guide; until then privacy APIs ask the page (onNeedPrivacyAuthorization). */
  privacyAgreed: boolean;
  /** Files (real paths on disk) the next wx.chooseMedia picks; empty: the user cancels. */
  nextMedia: string[];
  chooseMedia: ApiMock;
  /** wx.requestSubscribeMessage; every template is answered 'accept'. */
  requestSubscribeMessage: ApiMock;
  /** wx.cloud.uploadFile calls; the bytes really go to the local cloud's storage. */
  uploadFile: ApiMock;
  /** Where the next wx.getLocation says the phone is; null: the user refuses the location permission. */
  nextLocation: { latitude: number; longitude: number; accuracy?: number } | null;
  getLocation: ApiMock;
  /** What the next wx.chooseLocation picks on the map; null: the user cancels. */
  nextChosenLocation: { latitude: number; longitude: number; name?: string; address?: string } | null;
  chooseLocation: ApiMock;
  /** wx.openLocation and wx.makePhoneCall calls (nothing opens, nobody is called). */
  openLocation: ApiMock;
  makePhoneCall: ApiMock;
  /** wx.enableAlertBeforeUnload / disableAlertBeforeUnload: the "leave this page?" guard. */
  enableAlertBeforeUnload: ApiMock;
  disableAlertBeforeUnload: ApiMock;
  /** wx.setClipboardData calls; the last data copied is in `clipboard`. */
  setClipboardData: ApiMock;
  clipboard: string;
  /** wx.downloadFile: a real GET, saved to a temporary file whose path the success callback gets. */
  downloadFile: ApiMock;
  /** wx.openDocument calls (nothing opens); it fails, as WeChat does, for types it cannot show (e.g. csv). */
  openDocument: ApiMock;
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
function httpRequest(
  opts: WxOptions,
  onDone: (err: string | null, res?: HttpAnswer & { header: unknown }) => void
): { abort(): void } {
  const method = String(opts.method ?? 'GET').toUpperCase();
  const header: Record<string, string> = {};
  for (const [k, v] of Object.entries((opts.header ?? {}) as Record<string, unknown>))
    header[k.toLowerCase()] = String(v);
  header['content-type'] ??= 'application/json';
  const body =
    opts.data === undefined || method === 'GET'
      ? undefined
      : typeof opts.data === 'string'
        ? opts.data
        : Buffer.isBuffer(opts.data)
          ? opts.data
          : Object.prototype.toString.call(opts.data) === '[object ArrayBuffer]'
            ? Buffer.from(opts.data as ArrayBuffer)
            : header['content-type'].includes('json')
              ? JSON.stringify(opts.data)
              : new URLSearchParams(opts.data as Record<string, string>).toString();
  const url = String(opts.url);
  const secure = url.startsWith('https:');
  const req = (secure ? https : http).request(
    url,
    { method, headers: header, timeout: opts.timeout ?? 60_000, agent: secure ? httpsAgent : httpAgent },
    (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        if (opts.responseType === 'arraybuffer') {
          return onDone(null, {
            statusCode: res.statusCode ?? 0,
            data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
            header: res.headers
          });
        }
        const raw = bytes.toString('utf8');
        let data: unknown = raw;
        if (opts.dataType !== '其他') {
          try {
            data = JSON.parse(raw);
          } catch {
            /* WeChat hands a body that is not JSON over as a string */
          }
        }
        onDone(null, { statusCode: res.statusCode ?? 0, data, header: res.headers });
      });
    }
  );
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
    switchTab: jest.fn(),
    tabBadges: new Map(),
    navigateBack: jest.fn(),
    requests: [],
    cloudCalls: [],
    privacyAgreed: false,
    nextMedia: [],
    chooseMedia: jest.fn(),
    requestSubscribeMessage: jest.fn(),
    uploadFile: jest.fn(),
    setClipboardData: jest.fn(),
    clipboard: '',
    downloadFile: jest.fn(),
    openDocument: jest.fn(),
    nextLocation: null,
    getLocation: jest.fn(),
    nextChosenLocation: null,
    chooseLocation: jest.fn(),
    openLocation: jest.fn(),
    makePhoneCall: jest.fn(),
    enableAlertBeforeUnload: jest.fn(),
    disableAlertBeforeUnload: jest.fn(),
    reset() {
      control.nextChosenLocation = null;
      control.clipboard = '';
      control.nextLocation = null;
      control.privacyAgreed = false;
      control.nextMedia = [];
      // The listener is the app's (app.ts registers it once at launch): it outlives a test, as in WeChat.
      control.storage.clear();
      control.tabBadges.clear();
      control.envVersion = 'develop';
      control.cloud = null;
      control.nextModalConfirm = true;
      control.nextActionSheetTap = null;
      control.requests.length = 0;
      control.cloudCalls.length = 0;
      for (const m of [
        control.cloudInit,
        control.showToast,
        control.showModal,
        control.showActionSheet,
        control.navigateTo,
        control.redirectTo,
        control.switchTab,
        control.navigateBack,
        control.chooseMedia,
        control.requestSubscribeMessage,
        control.uploadFile,
        control.getLocation,
        control.chooseLocation,
        control.openLocation,
        control.makePhoneCall,
        control.enableAlertBeforeUnload,
        control.disableAlertBeforeUnload,
        control.setClipboardData,
        control.downloadFile,
        control.openDocument
      ]) {
        m.mockClear();
      }
    }
  };

  // Privacy (小程序隐私协议开发指南): a privacy API waits for the page's listener to resolve, as in WeChat.
  let privacyListener:
    ((resolve: (r: { event: string; buttonId?: string }) => void, info: { referrer: string }) => void) | null = null;
  const withPrivacy = (referrer: string, go: (agreed: boolean) => void): void => {
    if (control.privacyAgreed) return go(true);
    if (!privacyListener) return go(false);
    privacyListener(
      (r) => {
        if (r.event === 'exposureAuthorization') return;
        if (r.event === 'agree') control.privacyAgreed = true;
        go(r.event === 'agree');
      },
      { referrer }
    );
  };
  const privacyFail = (name: string) => ({ errMsg: `${name}:fail privacy permission is not authorized`, errno: 104 });

  // wx.cloud.uploadFile as CloudBase behaves, stored in the local cloud through its storage protocol.
  const uploadFile = (param: WxOptions): { onProgressUpdate(cb: (p: Record<string, number>) => void): void } => {
    control.uploadFile(param);
    let progress: ((p: Record<string, number>) => void) | null = null;
    const failWith = (why: string) => settle(param, false, { errCode: -1, errMsg: `cloud.uploadFile:fail ${why}` });
    const target = control.cloud;
    later(() => {
      if (!target) return failWith('request:fail network error');
      httpRequest(
        {
          url: `${target.url}/admin`,
          method: 'POST',
          data: { action: 'storage.getUploadMetadata', path: param.cloudPath }
        },
        (err, meta) => {
          const info = (meta?.data as { data?: { url?: string; fileId?: string } } | undefined)?.data;
          if (err !== null || !info?.url || !info.fileId) return failWith(String(err ?? 'no upload url'));
          let bytes: Buffer;
          try {
            bytes = fs.readFileSync(String(param.filePath));
          } catch {
            return failWith('file not found');
          }
          progress?.({ progress: 50, totalBytesSent: bytes.length / 2, totalBytesExpectedToSend: bytes.length });
          httpRequest(
            { url: info.url, method: 'PUT', data: bytes, header: { 'content-type': 'application/octet-stream' } },
            (putErr, put) => {
              if (putErr !== null || put?.statusCode !== 200) return failWith(String(putErr ?? put?.statusCode));
              progress?.({ progress: 100, totalBytesSent: bytes.length, totalBytesExpectedToSend: bytes.length });
              settle(param, true, { errMsg: 'cloud.uploadFile:ok', fileID: info.fileId, statusCode: 200 });
            }
          );
        }
      );
    });
    return { onProgressUpdate: (cb) => void (progress = cb) };
  };

  // Storage hands out copies, '' for a missing key. (jsdom has no structuredClone; JSON is close to WeChat's own.)
  const copy = (v: unknown): unknown => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  const record = (mock: ApiMock, name: string, res: Record<string, unknown> = {}) =>
    asyncApi(name, (o) => {
      mock(o);
      return { ok: true, res };
    });

  const request = (opts: WxOptions) => {
    control.requests.push({
      url: String(opts.url),
      method: String(opts.method ?? 'GET').toUpperCase(),
      header: { ...(opts.header ?? {}) },
      data: opts.data
    });
    return httpRequest(opts, (err, res) =>
      err === null
        ? settle(opts, true, { errMsg: 'request:ok', cookies: [], ...res })
        : settle(opts, false, { errMsg: `request:fail ${err}`, errno: 5 })
    );
  };

  // wx.cloud.callFunction as CloudBase behaves: `{ result }`, or a rejection with errCode/errMsg.
  const callFunction = (param: WxOptions): Promise<unknown> => {
    control.cloudCalls.push({ name: String(param.name), data: param.data });
    const outcome = new Promise<{ errMsg: string; result: unknown }>((resolve, reject) => {
      const target = control.cloud;
      if (!target)
        return later(() => reject({ errCode: -1, errMsg: 'cloud.callFunction:fail request:fail network error' }));
      httpRequest(
        {
          url: `${target.url}/functions/${param.name}`,
          method: 'POST',
          data: param.data ?? {},
          header: { 'x-wx-openid': target.openid }
        },
        (err, res) => {
          if (err !== null || !res)
            return reject({ errCode: -1, errMsg: `cloud.callFunction:fail request:fail ${err}` });
          if (res.statusCode === 200) return resolve({ errMsg: 'cloud.callFunction:ok', result: res.data });
          const body = (res.data ?? {}) as { errCode?: number; errMsg?: string };
          reject({
            errCode: body.errCode ?? -504002,
            errMsg: `cloud.callFunction:fail ${body.errMsg ?? res.statusCode}`
          });
        }
      );
    });
    if (param.success || param.fail || param.complete) {
      outcome.then(
        (r) => settle(param, true, r),
        (e: unknown) => settle(param, false, e)
      );
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
    setStorage: asyncApi('setStorage', (o) => (control.storage.set(String(o.key), copy(o.data)), { ok: true })),
    getStorage: asyncApi('getStorage', (o) =>
      control.storage.has(String(o.key))
        ? { ok: true, res: { data: copy(control.storage.get(String(o.key))) } }
        : { ok: false, res: { errMsg: 'getStorage:fail data not found' } }
    ),
    removeStorage: asyncApi('removeStorage', (o) => (control.storage.delete(String(o.key)), { ok: true })),
    getAccountInfoSync: () => ({
      miniProgram: { appId: 'wx0000000000000000', envVersion: control.envVersion, version: '' },
      plugin: {}
    }),
    request,
    cloud: { init: (config: WxOptions) => control.cloudInit(config), callFunction, uploadFile },
    onNeedPrivacyAuthorization: (listener: typeof privacyListener) => void (privacyListener = listener),
    requirePrivacyAuthorize: (opts: WxOptions = {}) =>
      withPrivacy('requirePrivacyAuthorize', (agreed) =>
        settle(opts, agreed, agreed ? { errMsg: 'requirePrivacyAuthorize:ok' } : privacyFail('requirePrivacyAuthorize'))
      ),
    openPrivacyContract: asyncApi('openPrivacyContract', () => ({ ok: true })),
    chooseMedia: (opts: WxOptions = {}) => {
      control.chooseMedia(opts);
      withPrivacy('chooseMedia', (agreed) => {
        if (!agreed) return settle(opts, false, privacyFail('chooseMedia'));
        const picked = control.nextMedia.slice(0, Number(opts.count ?? 9));
        if (!picked.length) return settle(opts, false, { errMsg: 'chooseMedia:fail cancel' });
        const tempFiles = picked.map((f) => ({
          tempFilePath: f,
          size: fs.statSync(f).size,
          fileType: 'image',
          width: 800,
          height: 600
        }));
        settle(opts, true, { errMsg: 'chooseMedia:ok', type: 'image', tempFiles });
      });
    },
    getFileSystemManager: () => ({
      readFile: (opts: WxOptions) =>
        fs.readFile(String(opts.filePath), (err, buf) =>
          err
            ? settle(opts, false, { errMsg: `readFile:fail no such file or directory ${opts.filePath}` })
            : settle(opts, true, {
                errMsg: 'readFile:ok',
                data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
              })
        )
    }),
    // As WeChat: refused unless app.json declares it in requiredPrivateInfos, then a privacy API.
    getLocation: (opts: WxOptions = {}) => {
      control.getLocation(opts);
      if (!declaredPrivateInfos().includes('getLocation')) {
        return settle(opts, false, {
          errMsg: 'getLocation:fail the api need to be declared in the requiredPrivateInfos field in app.json/ext.json'
        });
      }
      withPrivacy('getLocation', (agreed) => {
        if (!agreed) return settle(opts, false, privacyFail('getLocation'));
        const at = control.nextLocation;
        if (!at) return settle(opts, false, { errMsg: 'getLocation:fail auth deny' });
        settle(opts, true, {
          errMsg: 'getLocation:ok',
          accuracy: 30,
          speed: -1,
          altitude: 0,
          verticalAccuracy: 0,
          horizontalAccuracy: 30,
          ...at
        });
      });
    },
    // As getLocation: declared in requiredPrivateInfos, then a privacy API; the user picks a place on the map.
    chooseLocation: (opts: WxOptions = {}) => {
      control.chooseLocation(opts);
      if (!declaredPrivateInfos().includes('chooseLocation')) {
        return settle(opts, false, {
          errMsg:
            'chooseLocation:fail the api need to be declared in the requiredPrivateInfos field in app.json/ext.json'
        });
      }
      withPrivacy('chooseLocation', (agreed) => {
        if (!agreed) return settle(opts, false, privacyFail('chooseLocation'));
        const at = control.nextChosenLocation;
        if (!at) return settle(opts, false, { errMsg: 'chooseLocation:fail cancel' });
        settle(opts, true, { errMsg: 'chooseLocation:ok', name: '', address: '', ...at });
      });
    },
    openLocation: asyncApi('openLocation', (o) => (control.openLocation(o), { ok: true })),
    makePhoneCall: asyncApi('makePhoneCall', (o) => (control.makePhoneCall(o), { ok: true })),
    enableAlertBeforeUnload: asyncApi(
      'enableAlertBeforeUnload',
      (o) => (control.enableAlertBeforeUnload(o), { ok: true })
    ),
    disableAlertBeforeUnload: asyncApi(
      'disableAlertBeforeUnload',
      (o) => (control.disableAlertBeforeUnload(o), { ok: true })
    ),
    requestSubscribeMessage: (opts: WxOptions = {}) => {
      control.requestSubscribeMessage(opts);
      const res: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
      for (const id of opts.tmplIds ?? []) res[id] = 'accept';
      settle(opts, true, res);
    },
    setClipboardData: asyncApi('setClipboardData', (o) => {
      control.setClipboardData(o);
      control.clipboard = String(o.data);
      return { ok: true };
    }),
    downloadFile: (opts: WxOptions) => {
      control.downloadFile(opts);
      httpRequest({ url: opts.url, method: 'GET', header: opts.header, responseType: 'arraybuffer' }, (err, res) => {
        if (err || !res) return settle(opts, false, { errMsg: `downloadFile:fail ${err}` });
        const tempFilePath = path.join(
          fs.mkdtempSync(path.join(os.tmpdir(), 'wxdl-')),
          path.basename(new URL(String(opts.url)).pathname) || 'file'
        );
        fs.writeFileSync(tempFilePath, Buffer.from(res.data as ArrayBuffer));
        settle(opts, true, { errMsg: 'downloadFile:ok', statusCode: res.statusCode, tempFilePath });
      });
    },
    // WeChat shows doc(x), xls(x), ppt(x) and pdf only.
    openDocument: asyncApi('openDocument', (o) => {
      control.openDocument(o);
      const type = String(o.fileType ?? path.extname(String(o.filePath)).slice(1)).toLowerCase();
      return ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf'].includes(type)
        ? { ok: true }
        : { ok: false, res: { errMsg: 'openDocument:fail filetype not supported' } };
    }),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh', () => ({ ok: true })),
    previewImage: asyncApi('previewImage', () => ({ ok: true })),
    showToast: (opts: WxOptions = {}) => {
      checkToast(opts);
      return record(control.showToast, 'showToast')(opts);
    },
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
    switchTab: record(control.switchTab, 'switchTab'),
    navigateBack: record(control.navigateBack, 'navigateBack'),
    setTabBarBadge: asyncApi('setTabBarBadge', (o) => {
      control.tabBadges.set(Number(o.index), String(o.text));
      return { ok: true };
    }),
    removeTabBarBadge: asyncApi('removeTabBarBadge', (o) => {
      control.tabBadges.delete(Number(o.index));
      return { ok: true };
    })
  });
  return control;
}

/** app.json's requiredPrivateInfos (read each time: tests may run before or after an edit). */
function declaredPrivateInfos(): string[] {
  const appJson = path.resolve(__dirname, '../../miniprogram/app.json');
  const parsed = JSON.parse(fs.readFileSync(appJson, 'utf8')) as { requiredPrivateInfos?: string[] };
  return parsed.requiredPrivateInfos ?? [];
}

/** A local port nothing listens on, for "the network is down" cases. */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Toasts over WeChat's limit, found by any page test (test/support/afterEnv.ts fails the test). */
const toastViolations: string[] = ((globalThis as { __toastViolations?: string[] }).__toastViolations ??= []);

/** WeChat cuts an icon toast's title (icon success, error or loading; success by default) at 7 characters. */
function checkToast(opts: WxOptions): void {
  const icon = (opts.icon as string | undefined) ?? 'success';
  const title = typeof opts.title === 'string' ? opts.title : '';
  if (icon !== 'none' && [...title].length > 7) toastViolations.push(`${icon} toast "${title}" is over 7 characters`);
}
