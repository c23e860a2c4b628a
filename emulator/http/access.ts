import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody, sendJson } from './body';
import type { FunctionRuntime } from '../runtime/functions';

/** CloudBase's HTTP access service: a path bound to a function (cloudfunctions/http-routes.json, which deploy reads too). */
export interface HttpRoute {
  path: string;
  function: string;
}

/** Bytes of a request body the local cloud passes on (the function enforces its own, smaller limit). */
const ACCESS_BODY_LIMIT = 1024 * 1024;
/**
 * The SOURCE an HTTP access invocation sees. CloudBase's documentation names none for this service,
 * so this is our choice; no gateway caller can claim it.
 */
export const HTTP_ACCESS_SOURCE = 'http_access';

export function readRoutes(functionsDir: string): HttpRoute[] {
  const file = path.join(functionsDir, 'http-routes.json');
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { routes?: HttpRoute[] }).routes ?? [];
}

/** The route serving a path: its own path or anything below it. */
export function routeOf(routes: readonly HttpRoute[], pathname: string): HttpRoute | null {
  return routes.find((r) => pathname === r.path || pathname.startsWith(`${r.path}/`)) ?? null;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded))/i;

/** Builds the integration event, invokes the function and writes its `{ statusCode, headers, body }`. */
export async function handleAccess(
  runtime: Pick<FunctionRuntime, 'invoke'>,
  route: HttpRoute,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
): Promise<void> {
  const raw = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, ACCESS_BODY_LIMIT);
  const text = TEXT_TYPES.test(String(req.headers['content-type'] ?? ''));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
  const event = {
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    queryStringParameters: query,
    body: raw.length ? (text ? raw.toString('utf8') : raw.toString('base64')) : null,
    isBase64Encoded: raw.length > 0 && !text,
    requestContext: { requestId: randomUUID(), path: route.path, httpMethod: req.method ?? 'GET' }
  };
  const outcome = await runtime.invoke(route.function, event, {
    source: HTTP_ACCESS_SOURCE,
    clientIp: req.socket.remoteAddress ?? undefined
  });
  if (!outcome.ok) return sendJson(res, 502, { errCode: outcome.errCode, errMsg: outcome.errMsg });
  const out = outcome.result as { statusCode?: unknown; headers?: unknown; body?: unknown; isBase64Encoded?: unknown };
  if (typeof out !== 'object' || out === null || typeof out.statusCode !== 'number')
    throw new HttpError(502, `function ${route.function} did not answer { statusCode, headers, body }`);
  const body =
    typeof out.body === 'string'
      ? Buffer.from(out.body, out.isBase64Encoded === true ? 'base64' : 'utf8')
      : Buffer.alloc(0);
  const outHeaders: Record<string, string> = {};
  if (typeof out.headers === 'object' && out.headers !== null)
    for (const [k, v] of Object.entries(out.headers as Record<string, unknown>))
      if (typeof v === 'string') outHeaders[k] = v;
  res.writeHead(out.statusCode, { ...outHeaders, 'content-length': body.length });
  res.end(body);
}
