import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, parseJsonObject, readBody, sendJson } from './body';
import type { LocalCloud } from '../localcloud';

type Cloud = Pick<LocalCloud, 'clock' | 'openapi' | 'triggers' | 'faults' | 'runtime' | 'stats' | 'db' | 'mediaChecks'>;

/** `/__emulator/*`: what tests and demos use to read the outbox, move the clock, fire triggers and inject faults. */
export async function handleControl(cloud: Cloud, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = `${req.method} ${url.pathname.slice('/__emulator'.length)}`;
  switch (route) {
    case 'GET /outbox':
      return sendJson(res, 200, cloud.openapi.outbox);
    case 'GET /clock':
      return sendJson(res, 200, { now: new Date(cloud.clock.now()).toISOString(), offsetMs: cloud.clock.offset });
    case 'POST /clock': {
      const { advanceMs } = await json(req);
      if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
        throw new HttpError(400, 'advanceMs must be a non-negative number of milliseconds');
      }
      cloud.clock.advance(advanceMs);
      return sendJson(res, 200, { now: new Date(cloud.clock.now()).toISOString(), offsetMs: cloud.clock.offset });
    }
    case 'POST /faults': {
      const { dbFailureRate } = await json(req);
      if (typeof dbFailureRate !== 'number' || !(dbFailureRate >= 0 && dbFailureRate <= 1)) {
        throw new HttpError(400, 'dbFailureRate must be a number from 0 to 1');
      }
      cloud.faults.dbFailureRate = dbFailureRate;
      return sendJson(res, 200, { ...cloud.faults });
    }
    case 'GET /invocations': {
      const last = Number(url.searchParams.get('last') ?? 20);
      if (!Number.isInteger(last) || last < 1 || last > 1000)
        throw new HttpError(400, 'last must be an integer from 1 to 1000');
      return sendJson(
        res,
        200,
        cloud.runtime
          .invocations(last)
          .map(({ name, openid, action, ms, dbRequests, ok }) => ({ name, openid, action, ms, dbRequests, ok }))
      );
    }
    case 'GET /stats':
      return sendJson(res, 200, {
        ...cloud.stats,
        committedWrites: cloud.db.committedWrites(),
        collections: cloud.db.collections()
      });
    case 'GET /media-checks':
      return sendJson(res, 200, cloud.mediaChecks.list());
    case 'POST /media-checks/flush':
      return sendJson(res, 200, { delivered: await cloud.mediaChecks.flush() });
    case 'GET /functions':
      return sendJson(
        res,
        200,
        cloud.runtime.list().map((f) => ({ name: f.name, trigger: cloud.triggers.triggerOf(f.name) ?? null }))
      );
  }
  if (req.method === 'POST' && url.pathname.startsWith('/__emulator/trigger/')) {
    const name = decodeURIComponent(url.pathname.slice('/__emulator/trigger/'.length));
    if (!cloud.triggers.triggerOf(name)) throw new HttpError(404, `function ${name} has no timer trigger`);
    const outcome = await cloud.triggers.fire(name);
    return sendJson(
      res,
      outcome.ok ? 200 : 500,
      outcome.ok
        ? { ok: true, result: outcome.result }
        : { ok: false, errCode: outcome.errCode, errMsg: outcome.errMsg }
    );
  }
  throw new HttpError(404, `no control at ${req.method} ${url.pathname}`);
}

async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
  return parseJsonObject(await readBody(req, 64 * 1024));
}
