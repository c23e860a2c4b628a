// CloudBase's HTTP access service (HTTP 访问服务): a function bound to a path receives the request as
// an integration event and answers { statusCode, headers, body }. The local cloud builds the same
// event from cloudfunctions/http-routes.json (emulator/http/access.ts).

/** The integration event, as the service sends it (fields we read). */
export interface HttpEvent {
  path: string;
  httpMethod: string;
  headers: Record<string, string | undefined>;
  queryStringParameters: Record<string, string | undefined> | null;
  body: string | null;
  isBase64Encoded: boolean;
}

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: false;
}

/** Whether an event came through the HTTP access service (or has its shape: a caller's own credential decides the rest). */
export function isHttpEvent(e: unknown): e is HttpEvent {
  const x = e as Partial<HttpEvent> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.path === 'string' &&
    typeof x.httpMethod === 'string' &&
    (x.body === undefined || x.body === null || typeof x.body === 'string')
  );
}

/** The body's bytes. */
export function bodyBytes(e: HttpEvent): Buffer {
  if (!e.body) return Buffer.alloc(0);
  return e.isBase64Encoded ? Buffer.from(e.body, 'base64') : Buffer.from(e.body, 'utf8');
}

/** A header, whatever case the service delivered its name in. */
export function header(e: HttpEvent, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(e.headers ?? {})) if (k.toLowerCase() === want) return v;
  return undefined;
}

/** Form fields of an application/x-www-form-urlencoded body (the spec's POST); the first value of a repeated name. */
export function formOf(e: HttpEvent): Record<string, string> {
  const type = (header(e, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(bodyBytes(e).toString('utf8'))) if (!(k in out)) out[k] = v;
  return out;
}

export function answer(
  statusCode: number,
  contentType: string,
  body: string,
  extra: Record<string, string> = {}
): HttpAnswer {
  return { statusCode, headers: { 'content-type': contentType, ...extra }, body, isBase64Encoded: false };
}
