/**
 * A local stand-in for the parts of Tencent Cloud API 3.0 (tcb, scf) and WeChat's HTTP API that the
 * deploy calls, holding one environment in memory. It checks what a real endpoint would reject: the
 * TC3-HMAC-SHA256 signature, the action's required parameters, a zip that ships only the built
 * files, an index or trigger created twice. `Invoke` runs the function on the local cloud, so the
 * setup call answers what the real `setup` bundle answers.
 *
 * Storage assets go as node-sdk uploads a file: CloudBase's `storage.getUploadMetadata` (at
 * tcb-api/admin), then a PUT to the COS URL it answers with its signature; both are stood in here.
 *
 * Known limits: the answers have the fields manager-node reads, in the shapes Tencent documents, but
 * were not captured from a live environment; COS's own signature checks, the real signature clock
 * skew and rate limits are not modelled.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInFunction {
  runtime: string;
  handler: string;
  timeout: number;
  memory: number;
  description: string;
  installDependency: string;
  files: string[];
  triggers: Map<string, { type: string; desc: string }>;
  /** Environment variables (SCF replaces the whole set on each write that names them). */
  env: Record<string, string>;
  /** GetFunction answers Creating/Updating once after a write, then Active, as SCF does. */
  busy: boolean;
}

export interface StandInState {
  collections: Map<
    string,
    { acl: string; indexes: Map<string, { keys: Array<{ Name: string; Direction: string }>; unique: boolean }> }
  >;
  storage: { acl: string; rule: string | null };
  functions: Map<string, StandInFunction>;
  /** Storage: cloudPath → the bytes and the fileID CloudBase gave them. */
  files: Map<string, { bytes: Buffer; fileId: string }>;
  openapi: Map<string, string[]>;
  calls: Array<{ service: string; action: string; params: Record<string, unknown> }>;
  wechatCalls: string[];
}

export interface StandIn {
  url: string;
  state: StandInState;
  /** Writes (anything but Describe/List/Get/Invoke and WeChat reads) since `since`. */
  writes(since?: number): string[];
  stop(): Promise<void>;
}

const READS = /^(Describe|List|Get|Invoke)/;
const ACLS = ['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY', 'CUSTOM'];

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

/** A request parameter as a string; a real endpoint rejects an object where a string belongs. */
function str(v: unknown, fallback?: string): string {
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new ApiError('MissingParameter', 'a required parameter is missing');
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ApiError('InvalidParameterValue', `expected a string, got ${JSON.stringify(v)}`);
}

const need = (p: Record<string, unknown>, ...keys: string[]): void => {
  for (const k of keys)
    if (p[k] === undefined || p[k] === '') throw new ApiError('MissingParameter', `${k} is required`);
};

/** The file names of a zip, from its central directory (enough to see what a function ships). */
export function zipNames(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new ApiError('InvalidParameterValue.ZipFile', 'not a zip');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLen = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extra + comment;
  }
  return names.filter((n) => !n.endsWith('/')).sort();
}

function verifySignature(
  req: http.IncomingMessage,
  service: string,
  body: string,
  secretId: string,
  secretKey: string
) {
  const auth = str(req.headers.authorization, '');
  const ts = Number(req.headers['x-tc-timestamp']);
  const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
  const hmac = (key: string | Buffer, s: string) => crypto.createHmac('sha256', key).update(s).digest();
  const date = new Date(ts * 1000).toISOString().slice(0, 10);
  const canonical = `POST\n/\n\ncontent-type:application/json\nhost:${service}.tencentcloudapi.com\n\ncontent-type;host\n${sha(body)}`;
  const toSign = `TC3-HMAC-SHA256\n${ts}\n${date}/${service}/tc3_request\n${sha(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  const expected = `TC3-HMAC-SHA256 Credential=${secretId}/${date}/${service}/tc3_request, SignedHeaders=content-type;host, Signature=${crypto.createHmac('sha256', key).update(toSign).digest('hex')}`;
  if (auth !== expected) throw new ApiError('AuthFailure.SignatureFailure', 'signature mismatch');
}

export interface StandInOptions {
  envId: string;
  secretId: string;
  secretKey: string;
  appId: string;
  appSecret: string;
  /** Runs a function as the console would (no OPENID) and answers its return value. */
  invoke: (name: string, event: Record<string, unknown>) => Promise<unknown>;
}

export async function startStandIn(o: StandInOptions): Promise<StandIn> {
  const state: StandInState = {
    collections: new Map(),
    storage: { acl: 'PRIVATE', rule: null },
    functions: new Map(),
    files: new Map(),
    openapi: new Map(),
    calls: [],
    wechatCalls: []
  };
  const token = 'stand-in-token';
  const fn = (p: Record<string, unknown>): StandInFunction => {
    const f = state.functions.get(str(p.FunctionName));
    if (!f) throw new ApiError('ResourceNotFound.Function', `function ${str(p.FunctionName)} not found`);
    return f;
  };
  const coll = (p: Record<string, unknown>) => {
    const name = str(p.TableName ?? p.CollectionName);
    const c = state.collections.get(name);
    if (!c) throw new ApiError('ResourceNotFound', `collection ${name} not found`);
    return c;
  };
  const bucket = `7368-${o.envId}-1250000000`;
  /** Upload signatures handed out by getUploadMetadata: authorization → cloudPath. */
  const pending = new Map<string, { cloudPath: string; cosFileId: string }>();
  const envOf = (p: Record<string, unknown>): Record<string, string> | undefined => {
    const e = p.Environment as { Variables?: Array<{ Key: string; Value: unknown }> } | undefined;
    return e?.Variables ? Object.fromEntries(e.Variables.map((v) => [str(v.Key), str(v.Value)])) : undefined;
  };
  const codeFiles = (p: Record<string, unknown>): string[] => {
    const code = p.Code as { ZipFile?: string } | undefined;
    if (!code?.ZipFile) throw new ApiError('InvalidParameterValue.Code', 'Code.ZipFile is required (zip deploy)');
    return zipNames(Buffer.from(code.ZipFile, 'base64'));
  };

  const tencent: Record<
    string,
    (p: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>
  > = {
    DescribeEnvInfo: (p) => {
      if (p.EnvId !== o.envId) throw new ApiError('ResourceNotFound', 'no such environment');
      return {
        EnvInfo: {
          EnvBaseInfo: {
            EnvId: o.envId,
            Databases: [{ InstanceId: 'tnt-standin' }],
            Storages: [{ Region: 'ap-shanghai', Bucket: bucket, AppId: '1250000000' }],
            Functions: [{ Namespace: o.envId, Region: 'ap-shanghai' }],
            LogServices: []
          }
        }
      };
    },
    ListTables: (p) => {
      const all = [...state.collections.keys()].sort();
      const offset = Number(p.MgoOffset ?? 0);
      const limit = Number(p.MgoLimit ?? 100);
      const page = all.slice(offset, offset + limit).map((TableName) => ({ TableName, Count: 0, Size: 0 }));
      return { Tables: page.length ? page : null, Pager: { Offset: offset, Limit: limit, Total: all.length } };
    },
    CreateTable: (p) => {
      need(p, 'EnvId', 'TableName', 'MongoConnector');
      const name = str(p.TableName);
      if (state.collections.has(name)) throw new ApiError('ResourceInUse', `collection ${name} exists`);
      // A new collection in a WeChat environment is 仅创建者可读写 until told otherwise.
      state.collections.set(name, { acl: 'PRIVATE', indexes: new Map() });
      return {};
    },
    DescribeTable: (p) => {
      const c = coll(p);
      const Indexes = [
        { Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true },
        ...[...c.indexes].map(([Name, i]) => ({ Name, Keys: i.keys, Unique: i.unique }))
      ];
      return { Indexes, IndexNum: Indexes.length };
    },
    UpdateTable: (p) => {
      const c = coll(p);
      for (const d of (p.DropIndexes as Array<{ IndexName: string }> | undefined) ?? []) {
        if (!c.indexes.delete(d.IndexName)) throw new ApiError('ResourceNotFound', `index ${d.IndexName} not found`);
      }
      for (const ci of (p.CreateIndexes as Array<Record<string, unknown>> | undefined) ?? []) {
        const name = str(ci.IndexName);
        const schema = ci.MgoKeySchema as {
          MgoIndexKeys: Array<{ Name: string; Direction: string }>;
          MgoIsUnique: boolean;
        };
        if (c.indexes.has(name)) throw new ApiError('ResourceInUse', `index ${name} exists`);
        if (!schema?.MgoIndexKeys?.length || schema.MgoIndexKeys.some((k) => !['1', '-1'].includes(k.Direction)))
          throw new ApiError('InvalidParameterValue', `index ${name}: bad keys`);
        c.indexes.set(name, { keys: schema.MgoIndexKeys.map((k) => ({ ...k })), unique: schema.MgoIsUnique === true });
      }
      return {};
    },
    DescribeDatabaseACL: (p) => ({ AclTag: coll(p).acl }),
    ModifyDatabaseACL: (p) => {
      need(p, 'EnvId', 'CollectionName', 'AclTag');
      if (!ACLS.includes(str(p.AclTag)) || p.AclTag === 'CUSTOM') throw new ApiError('InvalidParameterValue', 'AclTag');
      coll(p).acl = str(p.AclTag);
      return {};
    },
    DescribeStorageSafeRule: () => ({
      AclTag: state.storage.acl,
      ...(state.storage.rule ? { Rule: state.storage.rule } : {})
    }),
    ModifyStorageSafeRule: (p) => {
      need(p, 'EnvId', 'Bucket', 'AclTag');
      if (p.AclTag === 'CUSTOM') JSON.parse(str(p.Rule));
      state.storage = { acl: str(p.AclTag), rule: p.AclTag === 'CUSTOM' ? str(p.Rule) : null };
      return {};
    },
    ListFunctions: (p) => {
      const names = [...state.functions.keys()].sort();
      const page = names.slice(Number(p.Offset ?? 0), Number(p.Offset ?? 0) + Number(p.Limit ?? 20));
      return {
        Functions: page.map((FunctionName) => ({
          FunctionName,
          Runtime: state.functions.get(FunctionName)?.runtime,
          Status: 'Active'
        })),
        TotalCount: names.length
      };
    },
    GetFunction: (p) => {
      const f = fn(p);
      const Status = f.busy ? 'Updating' : 'Active';
      f.busy = false;
      return {
        FunctionName: p.FunctionName,
        Namespace: o.envId,
        Runtime: f.runtime,
        Handler: f.handler,
        Timeout: f.timeout,
        MemorySize: f.memory,
        Description: f.description,
        InstallDependency: f.installDependency,
        Environment: { Variables: Object.entries(f.env).map(([Key, Value]) => ({ Key, Value })) },
        Status,
        Triggers: [...f.triggers].map(([TriggerName, t]) => ({ TriggerName, Type: t.type, TriggerDesc: t.desc }))
      };
    },
    CreateFunction: (p) => {
      need(p, 'FunctionName', 'Namespace', 'Runtime', 'Handler');
      if (state.functions.has(str(p.FunctionName))) throw new ApiError('ResourceInUse.Function', 'exists');
      state.functions.set(str(p.FunctionName), {
        runtime: str(p.Runtime),
        handler: str(p.Handler),
        timeout: Number(p.Timeout ?? 3),
        memory: Number(p.MemorySize ?? 128),
        description: str(p.Description, ''),
        installDependency: str(p.InstallDependency, 'FALSE'),
        files: codeFiles(p),
        triggers: new Map(),
        env: envOf(p) ?? {},
        busy: true
      });
      return {};
    },
    UpdateFunctionCode: (p) => {
      const f = fn(p);
      f.files = codeFiles(p);
      f.handler = str(p.Handler, f.handler);
      f.installDependency = str(p.InstallDependency, f.installDependency);
      f.busy = true;
      return {};
    },
    UpdateFunctionConfiguration: (p) => {
      const f = fn(p);
      if (p.Timeout !== undefined) f.timeout = Number(p.Timeout);
      if (p.MemorySize !== undefined) f.memory = Number(p.MemorySize);
      if (p.Description !== undefined) f.description = str(p.Description);
      f.env = envOf(p) ?? f.env;
      f.busy = true;
      return {};
    },
    BatchCreateTrigger: (p) => {
      const f = fn(p);
      const triggers = JSON.parse(str(p.Triggers)) as Array<{
        TriggerName: string;
        Type: string;
        TriggerDesc: string;
      }>;
      if (triggers.length !== Number(p.Count)) throw new ApiError('InvalidParameterValue', 'Count');
      for (const t of triggers) {
        if (f.triggers.has(t.TriggerName))
          throw new ApiError('ResourceInUse.Trigger', `trigger ${t.TriggerName} exists`);
        if (t.Type !== 'timer' || t.TriggerDesc.trim().split(/\s+/).length !== 7)
          throw new ApiError('InvalidParameterValue.TriggerDesc', t.TriggerDesc);
        f.triggers.set(t.TriggerName, { type: t.Type, desc: JSON.stringify({ cron: t.TriggerDesc }) });
      }
      return {};
    },
    DeleteTrigger: (p) => {
      if (!fn(p).triggers.delete(str(p.TriggerName))) throw new ApiError('ResourceNotFound.Trigger', 'no trigger');
      return {};
    },
    Invoke: async (p) => {
      fn(p);
      const out = await o.invoke(
        str(p.FunctionName),
        JSON.parse(str(p.ClientContext, '{}')) as Record<string, unknown>
      );
      return {
        Result: { RetMsg: JSON.stringify(out), ErrMsg: '', Log: '', InvokeResult: 0, FunctionRequestId: 'standin' }
      };
    }
  };

  const wechat = (path: string, body: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> => {
    if (path === '/cgi-bin/stable_token') {
      if (body.appid !== o.appId || body.secret !== o.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' };
      return { access_token: token, expires_in: 7200 };
    }
    if (query.get('access_token') !== token) return { errcode: 40014, errmsg: 'invalid access_token' };
    if (body.type !== 1 || body.env !== o.envId) return { errcode: 40097, errmsg: 'invalid args' };
    const name = str(body.function_name);
    if (path === '/tcb/getfuncconfig') {
      const list = state.openapi.get(name);
      return list
        ? { errcode: 0, errmsg: 'ok', config: JSON.stringify({ permissions: { openapi: list } }) }
        : { errcode: 85089, errmsg: 'config not exist' };
    }
    if (path === '/tcb/uploadfuncconfig') {
      const parsed = JSON.parse(str(body.config)) as { permissions: { openapi: string[] } };
      state.openapi.set(name, [...parsed.permissions.openapi]);
      return { errcode: 0, errmsg: 'ok' };
    }
    return { errcode: 404, errmsg: `unknown ${path}` };
  };

  /** CloudBase's admin API: only the upload metadata the deploy asks for. */
  const tcbAdmin = (body: Record<string, unknown>): Record<string, unknown> => {
    const auth = typeof body.authorization === 'string' ? body.authorization : '';
    if (!auth.includes(`q-ak=${o.secretId}&`)) return { code: 'AUTH_FAILED', message: 'bad authorization' };
    if (body.envName !== o.envId) return { code: 'INVALID_ENV', message: 'no such environment' };
    state.calls.push({ service: 'tcb-api', action: String(body.action), params: { path: body.path } });
    if (body.action !== 'storage.getUploadMetadata') return { code: 'INVALID_ACTION', message: 'not stood in' };
    const cloudPath = str(body.path);
    const authorization = `q-sign-algorithm=sha1&upload=${crypto.randomUUID()}`;
    const cosFileId = `cos-${crypto.randomUUID()}`;
    pending.set(authorization, { cloudPath, cosFileId });
    return {
      requestId: crypto.randomUUID(),
      data: {
        url: `${url}/cos/${encodeURIComponent(cloudPath)}`,
        token: 'cos-session-token',
        authorization,
        fileId: `cloud://${o.envId}.${bucket}/${cloudPath}`,
        cosFileId,
        download_url: `https://${bucket}.tcb.qcloud.la/${cloudPath}`
      }
    };
  };
  /** A PUT to COS with the signature getUploadMetadata gave for this very path; COS answers XML errors. */
  const cosPut = (req: http.IncomingMessage, cloudPath: string, bytes: Buffer): { status: number; body: string } => {
    const sig = pending.get(str(req.headers.authorization, ''));
    if (!sig || sig.cloudPath !== cloudPath || req.headers['x-cos-meta-fileid'] !== sig.cosFileId)
      return { status: 403, body: '<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code></Error>' };
    pending.delete(str(req.headers.authorization));
    state.calls.push({ service: 'cos', action: 'PutObject', params: { Key: cloudPath } });
    state.files.set(cloudPath, { bytes, fileId: `cloud://${o.envId}.${bucket}/${cloudPath}` });
    return { status: 200, body: '' };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://standin');
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/tcb-api/admin') {
        send(tcbAdmin(JSON.parse(raw) as Record<string, unknown>));
        return;
      }
      if (url.pathname.startsWith('/cos/') && req.method === 'PUT') {
        const put = cosPut(req, decodeURIComponent(url.pathname.slice('/cos/'.length)), Buffer.concat(chunks));
        res.writeHead(put.status, { 'content-type': 'application/xml' });
        res.end(put.body);
        return;
      }
      const m = /^\/tencent\/(\w+)\/?$/.exec(url.pathname);
      if (!m) {
        const path = url.pathname.replace(/^\/wechat/, '');
        state.wechatCalls.push(path);
        send(wechat(path, JSON.parse(raw || '{}') as Record<string, unknown>, url.searchParams));
        return;
      }
      const service = m[1];
      const action = String(req.headers['x-tc-action']);
      const RequestId = crypto.randomUUID();
      void (async () => {
        try {
          verifySignature(req, service, raw, o.secretId, o.secretKey);
          const params = JSON.parse(raw) as Record<string, unknown>;
          state.calls.push({ service, action, params });
          const handler = tencent[action];
          if (!handler) throw new ApiError('InvalidAction', `${service}.${action} is not stood in`);
          send({ Response: { ...(await handler(params)), RequestId } });
        } catch (e) {
          const code = e instanceof ApiError ? e.code : 'InternalError';
          send({ Response: { Error: { Code: code, Message: e instanceof Error ? e.message : String(e) }, RequestId } });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    writes: (since = 0) =>
      state.calls
        .slice(since)
        .filter((c) => !READS.test(c.action))
        .map((c) =>
          `${c.action} ${str(c.params.FunctionName ?? c.params.TableName ?? c.params.CollectionName, '')}`.trim()
        ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}
