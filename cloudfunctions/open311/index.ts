// open311: Open311 GeoReport v2 behind the HTTP access service (route /open311 in
// cloudfunctions/http-routes.json). The function checks its own credential (api_key): anyone may
// read public categories; partner keys read and write their unit's cases.
import { err } from '../../domain/open311';
import { fail } from '../../server/function';
import { header, isHttpEvent, type HttpAnswer } from '../../server/http';
import { logRequest } from '../../server/repos/partners';
import { handle, render, splitPath } from './api';
import { keyIdOf } from './auth';

/** The address partners reach, for the discovery document: the Host the request came to. */
function baseUrlOf(e: Parameters<typeof handle>[0]): string {
  const host = header(e, 'x-forwarded-host') ?? header(e, 'host') ?? 'localhost';
  const proto = header(e, 'x-forwarded-proto') ?? (/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host) ? 'http' : 'https');
  return `${proto}://${host}`;
}

export const main = Object.assign(
  async (event: unknown): Promise<HttpAnswer | ReturnType<typeof fail>> => {
    // Not through the HTTP access service (the gateway, a mini-program call): there is nothing to answer.
    if (!isHttpEvent(event)) return fail('BAD_REQUEST');
    const now = new Date();
    let out: { answer: HttpAnswer; caller: Parameters<typeof keyIdOf>[0] };
    try {
      out = await handle(event, now, baseUrlOf(event));
    } catch (e) {
      console.error('[open311] unexpected error', e);
      out = { answer: render(err(500, 'internal error'), splitPath(event.path)?.format ?? 'xml'), caller: null };
    }
    await logRequest({
      keyId: keyIdOf(out.caller) ?? keyIdFromQuery(event),
      method: event.httpMethod.toUpperCase(),
      path: event.path.slice(0, 200),
      status: out.answer.statusCode,
      outcome: out.answer.statusCode < 400 ? 'ok' : out.answer.body.slice(0, 200),
      at: now
    });
    return out.answer;
  },
  { actions: [] as readonly string[] }
);

/** The key id a refused request claimed (never the secret). */
function keyIdFromQuery(e: Parameters<typeof handle>[0]): string | null {
  const k = e.queryStringParameters?.api_key;
  const m = k ? /^(pk_[a-f0-9]{16})\./.exec(k) : null;
  return m ? m[1] : null;
}
