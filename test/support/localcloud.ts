import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';

const root = path.resolve(__dirname, '../..');

export interface StartOptions {
  /** Persist under this directory (default: in memory). */
  dir?: string;
  /** Run `setup` on an empty database, as `npm start` does (default: true). */
  seed?: boolean;
  riskyWordsFile?: string;
  /** File-name words that make security.mediaCheckAsync answer risky (default: emulator/risky-media.txt). */
  riskyMediaFile?: string;
  env?: Record<string, string>;
}

export interface TestCloud {
  url: string;
  adminUrl: string;
  process: ChildProcess;
  /** Calls a function through the gateway as `openid` (none: a server-side caller). */
  call<T = unknown>(name: string, event: Record<string, unknown>, openid?: string): Promise<T>;
  /** Raw HTTP against the local cloud. */
  request(
    method: string,
    pathname: string,
    body?: unknown,
    headers?: Record<string, string>
  ): Promise<{ status: number; body: unknown; raw: Buffer }>;
  outbox(): Promise<Array<{ touser: string; templateId: string; page: string | null; data: unknown; at: string }>>;
  advanceClock(ms: number): Promise<void>;
  trigger(name: string): Promise<unknown>;
  faults(dbFailureRate: number): Promise<void>;
  invocations(
    last?: number
  ): Promise<
    Array<{ name: string; openid: string | null; action: string | null; ms: number; dbRequests: number; ok: boolean }>
  >;
  /** Every security.mediaCheckAsync request so far, with its verdict and delivery state. */
  mediaChecks(): Promise<MediaCheckRecord[]>;
  /** Waits until every queued media-check verdict has reached its receiver; answers those delivered since the last flush. */
  flushMediaChecks(): Promise<MediaCheckRecord[]>;
  stop(): Promise<void>;
  kill(): void;
}

export interface MediaCheckRecord {
  traceId: string;
  mediaUrl: string;
  mediaType: 1 | 2;
  scene: number;
  openid: string;
  verdict: 'pass' | 'risky';
  label: number;
  requestedAt: string;
  receiver: string | null;
  state: 'queued' | 'delivered' | 'failed' | 'undeliverable';
  deliveredAt: string | null;
  outcome: unknown;
}

/** Starts the built local cloud (`npm run build` first; jest's global setup does it) as a child process. */
export async function startLocalCloud(opts: StartOptions = {}): Promise<TestCloud> {
  const entry = path.join(root, '.build/emulator/main.js');
  if (!fs.existsSync(entry)) throw new Error('the local cloud is not built: run npm run build');
  // LOCALCLOUD_NODE_ARGS (e.g. "--cpu-prof"): node flags for profiling the local cloud from a bench.
  const nodeArgs = process.env.LOCALCLOUD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      LOCALCLOUD_TRIGGERS: 'off',
      LOCALCLOUD_SEED: opts.seed === false ? 'off' : 'on',
      ...(opts.dir ? { LOCALCLOUD_DIR: opts.dir } : { LOCALCLOUD_MEMORY: '1' }),
      ...(opts.riskyWordsFile ? { LOCALCLOUD_RISKY_WORDS: opts.riskyWordsFile } : {}),
      ...(opts.riskyMediaFile ? { LOCALCLOUD_RISKY_MEDIA: opts.riskyMediaFile } : {}),
      ...opts.env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /localcloud ready (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`local cloud exited with ${code}: ${out}`)));
    const timer = setTimeout(() => reject(new Error(`local cloud did not start in 20 s: ${out}`)), 20_000);
    // jsdom (page tests) returns a number, Node a Timeout.
    (timer as { unref?: () => void }).unref?.();
  });
  child.stdout.resume();
  child.stderr.resume();

  const request: TestCloud['request'] = (method, pathname, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const payload =
        body === undefined
          ? undefined
          : Buffer.isBuffer(body)
            ? body
            : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const req = http.request(
        `${url}${pathname}`,
        { method, headers: { 'content-type': 'application/json', ...headers }, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            let parsed: unknown = raw.toString();
            try {
              parsed = JSON.parse(raw.toString());
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, raw });
          });
        }
      );
      req.on('error', reject);
      req.end(payload);
    });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const expectOk = async (method: string, p: string, body?: unknown): Promise<unknown> => {
    const res = await request(method, p, body);
    if (res.status !== 200) throw new Error(`${method} ${p} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    url,
    adminUrl: `${url}/admin`,
    process: child,
    request,
    async call<T>(name: string, event: Record<string, unknown>, openid?: string): Promise<T> {
      const res = await request('POST', `/functions/${name}`, event, openid ? { 'x-wx-openid': openid } : {});
      if (res.status !== 200) throw new Error(`${name} answered HTTP ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body as T;
    },
    outbox: () => expectOk('GET', '/__emulator/outbox') as ReturnType<TestCloud['outbox']>,
    advanceClock: async (ms) => void (await expectOk('POST', '/__emulator/clock', { advanceMs: ms })),
    trigger: (name) => expectOk('POST', `/__emulator/trigger/${name}`),
    faults: async (rate) => void (await expectOk('POST', '/__emulator/faults', { dbFailureRate: rate })),
    invocations: (last = 20) =>
      expectOk('GET', `/__emulator/invocations?last=${last}`) as ReturnType<TestCloud['invocations']>,
    mediaChecks: () => expectOk('GET', '/__emulator/media-checks') as Promise<MediaCheckRecord[]>,
    flushMediaChecks: async () =>
      ((await expectOk('POST', '/__emulator/media-checks/flush')) as { delivered: MediaCheckRecord[] }).delivered,
    async stop() {
      agent.destroy();
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    },
    kill() {
      agent.destroy();
      child.kill('SIGKILL');
    }
  };
}

export function tempDir(prefix = 'localcloud-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
