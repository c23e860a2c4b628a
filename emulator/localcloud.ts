import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Clock, shiftGlobalDate } from './clock';
import { CloudBaseError } from './errors';
import { openDatabase, type IndexDeclaration, type LocalDatabase } from './database';
import { LocalStorage } from './storage';
import { LocalOpenApi } from './openapi';
import { FunctionRuntime } from './runtime/functions';
import { installEnvIsolation } from './runtime/envIsolation';
import { TriggerScheduler } from './runtime/triggers';
import { HttpError, parseJsonObject, parseMultipart, readBody, sendJson } from './http/body';
import { handleControl } from './http/controls';
import { handleGateway } from './http/gateway';
import { handleAccess, readRoutes, routeOf, type HttpRoute } from './http/access';
import { WebhookSink } from './webhooks';
import { checkCaller, isWildcardHost, mediaType, requireJson, type RequestPolicy } from './http/guard';
import { MEDIA_CHECK_EVENT, MESSAGE_PUSH_SOURCE, MediaChecks, messagePushReceivers } from './mediaChecks';

export interface LocalCloudOptions {
  port?: number;
  host?: string;
  /** Where SQLite and stored files live; null keeps the database in memory (tests). */
  dataDir: string | null;
  functionsDir: string;
  indexesFile?: string;
  extraIndexesFile?: string;
  riskyWordsFile?: string;
  /** File-name words that make `security.mediaCheckAsync` answer risky. */
  riskyMediaFile?: string;
  /** Web origins allowed besides the local cloud's own (normally none). */
  allowedOrigins?: string[];
  envId?: string;
  appid?: string;
  /** Run timer triggers on their schedule (the control API can fire them either way). */
  triggers?: boolean;
  /** Set LOCALCLOUD=1 in every function's environment (default true); false plays production, for tests. */
  markFunctions?: boolean;
  /** Files placed in storage at start, as the deploy uploads them; `envVar` of function `fn` gets the fileID. */
  storageAssets?: ReadonlyArray<{ file: string; cloudPath: string; fn: string; envVar: string }>;
}

/** CloudBase's limit on a function call's request body. */
export const CALL_BODY_LIMIT = 100 * 1024;
const ADMIN_BODY_LIMIT = 10 * 1024 * 1024;

export interface LocalCloud {
  url: string;
  adminUrl: string;
  port: number;
  envId: string;
  clock: Clock;
  db: LocalDatabase;
  storage: LocalStorage;
  openapi: LocalOpenApi;
  mediaChecks: MediaChecks;
  runtime: FunctionRuntime;
  triggers: TriggerScheduler;
  faults: { dbFailureRate: number };
  /** Outgoing webhooks, recorded instead of sent (GET /__emulator/webhooks). */
  webhooks: WebhookSink;
  /** The HTTP access service's routes (cloudfunctions/http-routes.json). */
  httpRoutes: HttpRoute[];
  /** openapi: WeChat open API calls by name (e.g. security.msgSecCheck), what each action costs beyond the database. */
  stats: { dbRequests: number; byAction: Record<string, number>; openapi: Record<string, number> };
  close(): Promise<void>;
}

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const envId = opts.envId ?? 'shajie-local';
  const clock = new Clock();
  shiftGlobalDate(clock);
  installEnvIsolation();
  let baseUrl = '';
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const db = openDatabase({
    file: opts.dataDir === null ? ':memory:' : path.join(dataDir, 'database.sqlite'),
    now: () => clock.now(),
    indexes: [...readIndexes(opts.indexesFile), ...readIndexes(opts.extraIndexesFile)]
  });
  const storage = new LocalStorage({
    root: path.join(dataDir, 'storage'),
    envId,
    baseUrl: () => baseUrl,
    now: () => clock.now(),
    secret: randomBytes(16).toString('hex')
  });
  const functionEnv: Record<string, Record<string, string>> = {};
  for (const a of opts.storageAssets ?? []) {
    if (!fs.existsSync(a.file)) continue;
    (functionEnv[a.fn] ??= {})[a.envVar] = storage.place(a.cloudPath, fs.readFileSync(a.file));
  }
  const appid = opts.appid ?? 'wxlocalcloud';
  const runtime = new FunctionRuntime({
    functionEnv,
    functionsDir: opts.functionsDir,
    envId,
    adminUrl: () => `${baseUrl}/admin`,
    appid,
    markLocal: opts.markFunctions !== false
  });
  const mediaChecks = new MediaChecks({
    now: () => clock.now(),
    appid,
    riskyNames: () => readWordList(opts.riskyMediaFile),
    // Read once at start, as config.json is: two claims to one event stop the local cloud here.
    receiver: messagePushReceivers(runtime.list()).get(MEDIA_CHECK_EVENT) ?? null,
    // A message push carries no OPENID: the receiver must not mistake it for a user's call.
    deliver: (name, event) => runtime.invoke(name, event, { source: MESSAGE_PUSH_SOURCE, appid })
  });
  const riskyWordsFile = opts.riskyWordsFile;
  const openapi = new LocalOpenApi({
    now: () => clock.now(),
    riskyWords: () => readWordList(riskyWordsFile),
    mediaCheck: (req) => mediaChecks.request(req)
  });
  const triggers = new TriggerScheduler(runtime, clock);
  const cloud: Omit<LocalCloud, 'url' | 'adminUrl' | 'port' | 'close'> = {
    envId,
    clock,
    db,
    storage,
    openapi,
    mediaChecks,
    runtime,
    triggers,
    faults: { dbFailureRate: 0 },
    webhooks: new WebhookSink(() => clock.now()),
    httpRoutes: readRoutes(opts.functionsDir),
    stats: { dbRequests: 0, byAction: {}, openapi: {} }
  };

  const host = opts.host ?? '127.0.0.1';
  const policy: RequestPolicy = { port: 0, host, extraOrigins: opts.allowedOrigins ?? [] };
  const server = http.createServer((req, res) => {
    Promise.resolve()
      .then(() => checkCaller(req, policy))
      .then(() => route(cloud, req, res))
      .catch((e: unknown) => {
        // Only our own HttpError messages reach the caller: others may name paths on this machine.
        if (!(e instanceof HttpError)) console.error(`${req.method} ${req.url} failed`, e);
        const status = e instanceof HttpError ? e.status : 500;
        const message = e instanceof HttpError ? e.message : 'local cloud internal error (see its log)';
        if (res.headersSent) return void res.end();
        // The drained body lets the client read the answer instead of a reset connection.
        req.resume();
        if (req.url?.startsWith('/functions/')) return sendJson(res, status, { errCode: -1, errMsg: message });
        sendJson(res, status, { code: status === 500 ? 'SYS_ERR' : 'INVALID_PARAM', message, requestId: randomUUID() });
      });
  });
  // Clients (tests, benches, DevTools) keep connections idle for long stretches; a short timeout
  // races their reuse of a socket the server is closing (ECONNRESET).
  server.keepAliveTimeout = 600_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8787, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  policy.port = port;
  baseUrl = `http://${isWildcardHost(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
  if (opts.triggers) triggers.start();
  return {
    ...cloud,
    url: baseUrl,
    adminUrl: `${baseUrl}/admin`,
    port,
    async close() {
      triggers.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    }
  };
}

type Cloud = Omit<LocalCloud, 'url' | 'adminUrl' | 'port' | 'close'>;

async function route(cloud: Cloud, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localcloud');
  const p = url.pathname;
  if (p === '/healthz') return sendJson(res, 200, { ok: true, env: cloud.envId });
  if (p === '/admin' && req.method === 'POST') return handleAdmin(cloud, req, res);
  if (p.startsWith('/functions/')) return handleGateway(cloud, req, res, decode(p.slice('/functions/'.length)));
  if (p.startsWith('/__emulator/webhooks')) return handleWebhooks(cloud, req, res, p);
  if (p.startsWith('/__emulator/')) return handleControl(cloud, req, res, url);
  const access = routeOf(cloud.httpRoutes, p);
  if (access) return handleAccess(cloud.runtime, access, req, res, url);
  if (p === '/__storage/upload' && req.method === 'PUT') {
    const bytes = await readBody(req, ADMIN_BODY_LIMIT);
    try {
      cloud.storage.put(url.searchParams.get('path') ?? '', url.searchParams.get('token') ?? '', bytes);
    } catch (e) {
      if (!(e instanceof CloudBaseError)) throw e;
      return sendJson(res, e.code === 'STORAGE_SIGN_PARAM_INVALID' ? 403 : 400, { code: e.code, message: e.message });
    }
    res.writeHead(200, { 'content-length': 0 });
    return void res.end();
  }
  if (p.startsWith('/__storage/files/') && req.method === 'GET') {
    const cloudPath = p.slice('/__storage/files/'.length).split('/').map(decode).join('/');
    const bytes = cloud.storage.read(cloudPath, url.searchParams.get('t') ?? '', url.searchParams.get('sign') ?? '');
    if (!bytes) return sendJson(res, 404, { code: 'STORAGE_FILE_NONEXIST', message: '文件不存在或链接已过期' });
    res.writeHead(200, { 'content-type': contentTypeOf(cloudPath), 'content-length': bytes.length });
    return void res.end(bytes);
  }
  sendJson(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${p}` });
}

/** Outgoing webhooks: the functions' deliveries (`POST …/deliver`), the record, and failures on demand. */
async function handleWebhooks(
  cloud: Cloud,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  p: string
): Promise<void> {
  const route = `${req.method} ${p}`;
  if (route === 'GET /__emulator/webhooks') return sendJson(res, 200, cloud.webhooks.deliveries);
  if (route === 'POST /__emulator/webhooks/deliver') {
    const status = cloud.webhooks.receive(req, await readBody(req, ADMIN_BODY_LIMIT));
    return sendJson(res, status, { ok: status === 200 });
  }
  if (route === 'POST /__emulator/webhooks/fail') {
    const b = parseJsonObject(await readBody(req, 64 * 1024));
    const count = b.count;
    if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 0))
      throw new HttpError(400, 'count must be a whole number');
    if (b.url !== undefined && typeof b.url !== 'string') throw new HttpError(400, 'url must be a string');
    return sendJson(res, 200, cloud.webhooks.fail({ count, url: b.url, clear: b.clear === true }));
  }
  throw new HttpError(404, `no control at ${req.method} ${p}`);
}

/** The CloudBase API the SDK talks to: one POST per call, `action` in the body. */
async function handleAdmin(cloud: Cloud, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const requestId = randomUUID();
  // JSON, except the SDK's own multipart form for wx.openApi (its protobuf payload); checked again below.
  const multipart = mediaType(req) === 'multipart/form-data';
  if (!multipart) requireJson(req);
  const raw = await readBody(req, ADMIN_BODY_LIMIT);
  const body = multipart ? await parseMultipart(req, raw) : parseJsonObject(raw);
  const action = body.action;
  if (multipart && action !== 'wx.openApi') throw new HttpError(415, 'Content-Type must be application/json');
  try {
    if (typeof action !== 'string') throw new CloudBaseError('INVALID_PARAM', 'action is required');
    if (action === 'wx.openApi') {
      const data = body.requestData;
      if (!Buffer.isBuffer(data) && typeof data !== 'string')
        throw new CloudBaseError('INVALID_PARAM', 'requestData is required');
      const apiName = typeof body.apiName === 'string' ? body.apiName : '';
      cloud.stats.openapi[apiName] = (cloud.stats.openapi[apiName] ?? 0) + 1;
      const reply = await cloud.openapi.handle(apiName, Buffer.isBuffer(data) ? data : Buffer.from(data));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': reply.length });
      return void res.end(reply);
    }
    const answer = await dispatch(cloud, action, body);
    sendJson(res, 200, { ...answer, requestId });
  } catch (e) {
    if (e instanceof CloudBaseError) return sendJson(res, 200, { code: e.code, message: e.message, requestId });
    if (e instanceof HttpError) throw e;
    console.error(`/admin ${String(action)} failed`, e);
    sendJson(res, 200, { code: 'SYS_ERR', message: 'local cloud internal error (see its log)', requestId });
  }
}

async function dispatch(cloud: Cloud, action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (action.startsWith('database.')) {
    cloud.stats.dbRequests += 1;
    cloud.stats.byAction[action] = (cloud.stats.byAction[action] ?? 0) + 1;
    cloud.runtime.countDbRequest(body.tcb_sessionToken);
    // An injected fault fails before the request is applied, as a lost connection would.
    if (cloud.faults.dbFailureRate > 0 && Math.random() < cloud.faults.dbFailureRate) {
      throw new CloudBaseError('DATABASE_REQUEST_FAILED', 'injected fault: database request failed');
    }
    return cloud.db.handle(action, body);
  }
  switch (action) {
    case 'storage.getUploadMetadata':
      return cloud.storage.getUploadMetadata(body.path);
    case 'storage.batchGetDownloadUrl':
      return cloud.storage.batchGetDownloadUrl(body.file_list);
    case 'storage.batchDeleteFile':
      return cloud.storage.batchDeleteFile(body.fileid_list);
    case 'functions.invokeFunction':
      return invokeFromFunction(cloud, body);
    default:
      throw new CloudBaseError('INVALID_PARAM', `action ${action} is not supported by the local cloud`);
  }
}

async function invokeFromFunction(cloud: Cloud, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const raw = typeof body.request_data === 'string' ? body.request_data : '{}';
  if (Buffer.byteLength(raw) > CALL_BODY_LIMIT) throw new CloudBaseError('INVALID_PARAM', 'request_data exceeds 100KB');
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch {
    throw new CloudBaseError('INVALID_PARAM', 'request_data is not valid JSON');
  }
  const parent = cloud.runtime.callerOf(body.tcb_sessionToken);
  const name = typeof body.function_name === 'string' ? body.function_name : '';
  // A function called by a function acts for the same user; CloudBase appends `scf` to the caller's SOURCE
  // (`wx_client,scf`), so a callee can tell a chained call from the original one.
  const outcome = await cloud.runtime.invoke(name, event, {
    openid: parent?.openid ?? undefined,
    source: parent ? `${parent.source},scf` : 'scf'
  });
  if (!outcome.ok) throw new CloudBaseError('FUNCTIONS_EXECUTE_FAIL', outcome.errMsg);
  return { data: { response_data: JSON.stringify(outcome.result ?? null) } };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path');
  }
}

function readIndexes(file: string | undefined): IndexDeclaration[] {
  if (!file || !fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { indexes?: IndexDeclaration[] };
  return parsed.indexes ?? [];
}

const wordLists = new Map<string, { stamp: string; words: string[] }>();

/** A word list file, read again only when it changed (tests edit it while the cloud runs). */
function readWordList(file: string | undefined): string[] {
  const stat = file ? fs.statSync(file, { throwIfNoEntry: false }) : undefined;
  if (!file || !stat) return [];
  const stamp = `${stat.mtimeMs}:${stat.size}`;
  const known = wordLists.get(file);
  if (known?.stamp === stamp) return known.words;
  const words = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((w) => w.trim())
    .filter((w) => w && !w.startsWith('#'));
  wordLists.set(file, { stamp, words });
  return words;
}

function contentTypeOf(file: string): string {
  const ext = path.extname(file).toLowerCase();
  const types: Record<string, string> = {
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.png': 'image/png',
    '.gif': 'image/gif',
    '.webp': 'image/webp',
    '.csv': 'text/csv; charset=utf-8',
    '.json': 'application/json',
    '.txt': 'text/plain; charset=utf-8',
    '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  };
  return types[ext] ?? 'application/octet-stream';
}
