import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { runWithEnv } from './envIsolation';

/** What a function folder's config.json may hold (WeChat's format, plus `timeout` in seconds). */
export interface FunctionConfig {
  timeout?: number;
  permissions?: { openapi?: string[] };
  triggers?: Array<{ name: string; type: string; config: string }>;
  /** Message-push events this function receives (e.g. `wxa_media_check`); one function per event. */
  messagePush?: string[];
}

export interface FunctionInfo {
  name: string;
  dir: string;
  bundle: string;
  config: FunctionConfig;
}

export interface Caller {
  openid?: string;
  appid?: string;
  unionid?: string;
  /** wx_client (mini-program), wx_http (gateway without openid), `<caller's>,scf` (callFunction), wx_trigger, wx_msg (message push) */
  source: string;
  clientIp?: string;
}

export interface InvocationRecord {
  id: string;
  name: string;
  openid: string | null;
  source: string;
  action: string | null;
  ms: number;
  dbRequests: number;
  ok: boolean;
  error?: string;
}

export type InvokeResult =
  | { ok: true; result: unknown; record: InvocationRecord }
  | { ok: false; errCode: number; errMsg: string; record: InvocationRecord };

const DEFAULT_TIMEOUT_S = 3;
const MAX_TIMEOUT_S = 60;
const LOG_SIZE = 1000;

/** Discovers `cloudfunctions/<name>/` folders and runs their built bundles, one WX context each. */
export class FunctionRuntime {
  private readonly modules = new Map<string, { main: (event: unknown, context: unknown) => unknown }>();
  private readonly log: InvocationRecord[] = [];
  private readonly active = new Map<string, InvocationRecord>();
  private readonly infos = new Map<string, FunctionInfo>();

  constructor(
    private readonly opts: {
      functionsDir: string;
      envId: string;
      adminUrl: () => string;
      appid: string;
      markLocal?: boolean;
      /** Per function, the environment variables a deploy sets (storage assets' fileIDs). */
      functionEnv?: Record<string, Record<string, string>>;
    }
  ) {}

  list(): FunctionInfo[] {
    if (!fs.existsSync(this.opts.functionsDir)) return [];
    return fs
      .readdirSync(this.opts.functionsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(this.opts.functionsDir, d.name, 'config.json')))
      .map((d) => this.info(d.name))
      .filter((f): f is FunctionInfo => f !== null);
  }

  info(name: string): FunctionInfo | null {
    // Read once, like the bundle itself: a changed config.json takes a restart, as a redeploy would.
    const known = this.infos.get(name);
    if (known) return known;
    if (!/^[A-Za-z0-9_-]{1,60}$/.test(name)) return null;
    const dir = path.join(this.opts.functionsDir, name);
    const configFile = path.join(dir, 'config.json');
    if (!fs.existsSync(configFile)) return null;
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as FunctionConfig;
    const info = { name, dir, bundle: path.join(dir, 'index.js'), config };
    this.infos.set(name, info);
    return info;
  }

  /** Counts a database request against the invocation that made it (the SDK sends our session token). */
  countDbRequest(sessionToken: unknown): void {
    if (typeof sessionToken !== 'string') return;
    const record = this.active.get(sessionToken);
    if (record) record.dbRequests += 1;
  }

  callerOf(sessionToken: unknown): InvocationRecord | undefined {
    return typeof sessionToken === 'string' ? this.active.get(sessionToken) : undefined;
  }

  invocations(last: number): InvocationRecord[] {
    return this.log.slice(-last);
  }

  async invoke(
    name: string,
    event: unknown,
    caller: Caller,
    extraEnv: Record<string, string> = {}
  ): Promise<InvokeResult> {
    const id = randomUUID();
    const record: InvocationRecord = {
      id,
      name,
      openid: caller.openid ?? null,
      source: caller.source,
      action: isRecord(event) && typeof event.action === 'string' ? event.action : null,
      ms: 0,
      dbRequests: 0,
      ok: false
    };
    const started = performance.now();
    const finish = (r: InvokeResult): InvokeResult => {
      record.ms = Math.round((performance.now() - started) * 100) / 100;
      this.active.delete(id);
      this.log.push(record);
      if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
      return r;
    };
    const info = this.info(name);
    if (!info) return finish(fail(record, -501000, `FunctionName parameter could not be found: ${name}`));
    let mod;
    try {
      mod = this.load(info);
    } catch (e) {
      // Loader errors name absolute paths: the caller learns which function failed, the log has the rest.
      if (e instanceof NotBuiltError) return finish(fail(record, -504002, e.message));
      console.error(`function ${name} failed to load`, e);
      return finish(fail(record, -504002, `function ${name} failed to load (see the local cloud's log)`));
    }
    const timeoutS = Math.min(info.config.timeout ?? DEFAULT_TIMEOUT_S, MAX_TIMEOUT_S);
    this.active.set(id, record);
    const env = this.envFor(caller, id, { ...this.opts.functionEnv?.[name], ...extraEnv });
    const context = {
      request_id: id,
      function_name: name,
      time_limit_in_ms: timeoutS * 1000,
      namespace: this.opts.envId
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(timeoutS)), timeoutS * 1000);
    });
    try {
      const result = await Promise.race([
        runWithEnv(env, () => Promise.resolve().then(() => mod.main(event, context))),
        timeout
      ]);
      record.ok = !(isRecord(result) && result.ok === false);
      return finish({ ok: true, result, record });
    } catch (e) {
      if (e instanceof TimeoutError) return finish(fail(record, -504003, e.message));
      const err = e as { errMsg?: string; message?: string };
      return finish(fail(record, -504002, `function ${name} threw: ${err?.errMsg ?? err?.message ?? String(e)}`));
    } finally {
      clearTimeout(timer);
    }
  }

  private load(info: FunctionInfo): { main: (event: unknown, context: unknown) => unknown } {
    const cached = this.modules.get(info.name);
    if (cached) return cached;
    if (!fs.existsSync(info.bundle)) throw new NotBuiltError(`function ${info.name} is not built; run npm run build`);
    // A built bundle, loaded by path at run time as CloudBase loads a function: no import can name it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(info.bundle) as { main?: unknown };
    if (typeof mod.main !== 'function') throw new Error(`${info.bundle} exports no main()`);
    const loaded = mod as { main: (event: unknown, context: unknown) => unknown };
    this.modules.set(info.name, loaded);
    return loaded;
  }

  private envFor(caller: Caller, invocationId: string, extra: Record<string, string>): Record<string, string> {
    const env: Record<string, string> = {
      TCB_ENV: this.opts.envId,
      TCB_SOURCE: caller.source,
      TCB_SESSIONTOKEN: invocationId,
      TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID,TCB_SOURCE,TCB_SESSIONTOKEN',
      // How CloudBase itself tells node-sdk where its API lives.
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.opts.adminUrl() }),
      // Without it node-sdk probes Tencent Cloud's metadata server before every request.
      TENCENTCLOUD: 'true',
      // What every CloudBase function sees (docs.cloudbase.net/cloud-function/function-configuration/env).
      // Without it node-sdk believes it runs off-cloud and pools sockets with agentkeepalive, keeping 10
      // idle: under a burst the rest close and reconnect, and requests queue for hundreds of ms.
      TENCENTCLOUD_RUNENV: 'SCF',
      SCF_NAMESPACE: this.opts.envId,
      TENCENTCLOUD_REGION: 'ap-shanghai',
      // Tells a function it runs in the local cloud (setup.seedDemo refuses elsewhere); CloudBase never sets it.
      LOCALCLOUD: this.opts.markLocal === false ? '' : '1',
      // Webhooks go to the local cloud's recorder, never to a partner (emulator/webhooks.ts).
      LOCALCLOUD_WEBHOOK_SINK: this.opts.adminUrl().replace(/\/admin$/, '/__emulator/webhooks/deliver'),
      TENCENTCLOUD_SECRETID: 'localcloud',
      TENCENTCLOUD_SECRETKEY: 'localcloud',
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
      WX_APPID: caller.appid ?? this.opts.appid,
      ...extra
    };
    if (caller.openid) env.WX_OPENID = caller.openid;
    if (caller.unionid) env.WX_UNIONID = caller.unionid;
    if (caller.clientIp) env.WX_CLIENTIP = caller.clientIp;
    return env;
  }
}

class NotBuiltError extends Error {}

class TimeoutError extends Error {
  constructor(seconds: number) {
    super(`Invoking task timed out after ${seconds} seconds`);
  }
}

function fail(record: InvocationRecord, errCode: number, errMsg: string): InvokeResult {
  record.ok = false;
  record.error = errMsg;
  return { ok: false, errCode, errMsg, record };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
