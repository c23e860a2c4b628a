/**
 * A minimal stand-in for the local cloud's HTTP server, for database tests: POST /admin JSON bodies
 * go to the engine's handle() and come back as CloudBase answers them.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import cloud, { type ICloudInitOptions } from 'wx-server-sdk';
import { CloudBaseError } from '../../../emulator/errors';
import { openDatabase, type DatabaseOptions, type LocalDatabase } from '../../../emulator/database';
import type { WxDb } from './wxdb';

export type { WxDb } from './wxdb';

export interface DbServer {
  url: string;
  db: LocalDatabase;
  clock: { now(): number; advance(ms: number): void };
  stop(): Promise<void>;
}

export async function startDbServer(opts: Partial<DatabaseOptions> = {}): Promise<DbServer> {
  let offset = 0;
  const clock = { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
  const db = openDatabase({ file: ':memory:', now: clock.now, ...opts });
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestId = `req-${++seq}`;
      let answer: Record<string, unknown>;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        answer = { ...db.handle(String(body.action), body), requestId };
      } catch (e) {
        answer =
          e instanceof CloudBaseError
            ? { code: e.code, message: e.message, requestId }
            : { code: 'SYS_ERR', message: (e as Error).message, requestId };
      }
      const text = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    clock,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        db.close();
      })
  };
}

/** wx-server-sdk initialised against the stand-in (one init per test file: the SDK is a singleton). */
export function initCloud(url: string): { database(): WxDb } {
  // serviceUrl and the keys are node-sdk options the SDK passes through; its typings omit them.
  cloud.init({ env: 'test-env', serviceUrl: `${url}/admin`, secretId: 'x', secretKey: 'y' } as ICloudInitOptions);
  return { database: () => cloud.database() as unknown as WxDb };
}
