// Open311 GeoReport v2 over the HTTP access service: route → caller → answer, in JSON or XML.
import {
  dateWindow,
  DEFAULT_PAGE_SIZE,
  err,
  inDistrict,
  MAX_BODY_BYTES,
  MAX_IDS,
  MAX_PAGE_SIZE,
  PUBLIC_CATEGORIES,
  statusesOf,
  toServiceRequest,
  toXml,
  type Format,
  type Open311Error
} from '../../domain/open311';
import { caseInKeyScope, communityInKeyScope } from '../../domain/partners';
import { MAX_DESCRIPTION } from '../../domain/limits';
import { normalizeMobile } from '../../domain/mask';
import { answer, bodyBytes, formOf, type HttpAnswer, type HttpEvent } from '../../server/http';
import { assertTextIsSafe, SCENE } from '../../server/contentCheck';
import { AppError } from '../../server/function';
import { loadReference, type Reference } from '../../server/reference';
import { registerCase } from '../../server/registerCase';
import { queryRequests, requestById, requestsByCode, type Case311 } from '../../server/repos/open311';
import { callerOf, type Caller } from './auth';
import { discovery, serviceDefinition, serviceList } from './services';

/** Longest media_url taken (it is checked as text with the description). */
const MAX_MEDIA_URL = 500;
const CONTENT_TYPE: Record<Format, string> = { json: 'application/json', xml: 'text/xml' };

/** A result: the document to render (root name for XML, value), or an error; `headers` for paging. */
type Outcome = { status: number; root: string; value: unknown; headers?: Record<string, string> } | Open311Error;

export interface Handled {
  answer: HttpAnswer;
  caller: Caller | null;
}

export function render(o: Outcome, format: Format): HttpAnswer {
  if ('description' in o) {
    const errors = [{ code: o.code, description: o.description }];
    const body = format === 'json' ? JSON.stringify(errors) : toXml('errors', errors);
    return answer(o.status, CONTENT_TYPE[format], body);
  }
  const body = format === 'json' ? JSON.stringify(o.value) : toXml(o.root, o.value);
  return answer(o.status, CONTENT_TYPE[format], body, o.headers);
}

/** `/open311/<rest>.<fmt>` → the rest and the format; anything else is null. */
export function splitPath(path: string): { rest: string; format: Format } | null {
  const i = path.indexOf('/open311/');
  if (i < 0) return null;
  const m = /^(.*)\.(json|xml)$/.exec(path.slice(i + '/open311/'.length));
  return m ? { rest: m[1], format: m[2] as Format } : null;
}

export async function handle(e: HttpEvent, now: Date, baseUrl: string): Promise<Handled> {
  const where = splitPath(e.path);
  const format: Format = where?.format ?? (/\.json$/.test(e.path) ? 'json' : 'xml');
  if (!where) return { answer: render(err(404, 'no such resource'), format), caller: null };
  const method = e.httpMethod.toUpperCase();
  if (where.rest === 'discovery') {
    if (method !== 'GET') return { answer: render(err(405, 'method not allowed'), format), caller: null };
    return { answer: render({ status: 200, root: 'discovery', value: discovery(baseUrl) }, format), caller: null };
  }
  if (method === 'POST' && bodyBytes(e).length > MAX_BODY_BYTES)
    return { answer: render(err(413, `the body is over ${MAX_BODY_BYTES} bytes`), format), caller: null };
  const query = Object.fromEntries(
    Object.entries(e.queryStringParameters ?? {}).filter((kv): kv is [string, string] => typeof kv[1] === 'string')
  );
  const form = method === 'POST' ? formOf(e) : {};
  const caller = await callerOf(query.api_key ?? form.api_key, now);
  if ('description' in caller) return { answer: render(caller, format), caller: null };
  const ref = await loadReference(now);
  const outcome = await route(where.rest, method, query, form, caller, ref, now);
  return { answer: render(outcome, format), caller };
}

async function route(
  rest: string,
  method: string,
  query: Record<string, string>,
  form: Record<string, string>,
  caller: Caller,
  ref: Reference,
  now: Date
): Promise<Outcome> {
  const [version, what, id, ...more] = rest.split('/');
  if (version !== 'v2' || more.length) return err(404, 'no such resource');
  const onlyGet = (o: () => Outcome | Promise<Outcome>) => (method === 'GET' ? o() : err(405, 'method not allowed'));
  if (what === 'services' && id === undefined)
    return onlyGet(() => ({ status: 200, root: 'services', value: serviceList(ref) }));
  if (what === 'services') return onlyGet(() => serviceDefinition(ref, decodeURIComponent(id)));
  if (what === 'requests' && id === undefined) {
    if (method === 'POST') return postRequest(form, caller, ref, now);
    return onlyGet(() => listRequests(query, caller, ref, now));
  }
  if (what === 'requests') return onlyGet(() => oneRequest(id, caller, ref));
  if (what === 'tokens') return onlyGet(() => token(id, caller));
  return err(404, 'no such resource');
}

/** Who may see a case: a key whose unit's scope holds it; anyone, a case of a public category. */
function visible(c: Case311, caller: Caller): boolean {
  return caller.kind === 'key' ? caseInKeyScope(c, caller.unitId) : PUBLIC_CATEGORIES.indexOf(c.category) >= 0;
}

const view = (c: Case311, caller: Caller, ref: Reference) =>
  toServiceRequest(c, (u) => ref.units.get(u)?.name ?? u, caller.kind === 'key');

async function listRequests(q: Record<string, string>, caller: Caller, ref: Reference, now: Date): Promise<Outcome> {
  const full = caller.kind === 'key';
  if (q.service_request_id !== undefined) {
    const codes = [
      ...new Set(
        q.service_request_id
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      )
    ];
    if (!codes.length || codes.length > MAX_IDS) return err(400, `service_request_id takes 1 to ${MAX_IDS} ids`);
    const found = await requestsByCode(codes, full);
    const value = found.filter((c) => visible(c, caller)).map((c) => view(c, caller, ref));
    return { status: 200, root: 'service_requests', value };
  }
  const window = dateWindow(q.start_date, q.end_date, now);
  if ('description' in window) return window;
  if (q.status !== undefined && q.status !== 'open' && q.status !== 'closed')
    return err(400, 'status must be open or closed');
  if (q.service_code !== undefined && !ref.categories.has(q.service_code))
    return err(400, `unknown service_code ${q.service_code}`);
  const size = q.page_size === undefined ? DEFAULT_PAGE_SIZE : Number(q.page_size);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    return err(400, `page_size must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  const after = q.page_token === undefined ? null : decodeToken(q.page_token);
  if (after === undefined) return err(400, 'page_token is not valid');
  // Anonymous callers see the public categories only: a dispute category simply lists nothing.
  if (!full && q.service_code !== undefined && PUBLIC_CATEGORIES.indexOf(q.service_code) < 0)
    return { status: 200, root: 'service_requests', value: [] };
  const page = await queryRequests({
    scope: caller.kind === 'key' ? { unitId: caller.unitId } : { categories: PUBLIC_CATEGORIES },
    serviceCode: q.service_code,
    statuses: q.status ? statusesOf(q.status) : undefined,
    from: window.from,
    to: window.to,
    after,
    limit: size,
    notes: full
  });
  const headers: Record<string, string> = {};
  if (page.next) {
    const next = new URLSearchParams({ ...q, page_token: encodeToken(page.next) });
    next.delete('api_key'); // a link never carries the key
    headers.link = `<?${next.toString()}>; rel="next"`;
    headers['x-next-page-token'] = encodeToken(page.next);
  }
  return { status: 200, root: 'service_requests', value: page.items.map((c) => view(c, caller, ref)), headers };
}

async function oneRequest(rawId: string, caller: Caller, ref: Reference): Promise<Outcome> {
  const code = decodeURIComponent(rawId);
  const [found] = /^[A-Z]+-\d{8}-\d{4,}$/.test(code) ? await requestsByCode([code], caller.kind === 'key') : [];
  if (!found || !visible(found, caller)) return err(404, `no service request ${code}`);
  return { status: 200, root: 'service_requests', value: [view(found, caller, ref)] };
}

async function token(rawId: string, caller: Caller): Promise<Outcome> {
  const id = decodeURIComponent(rawId);
  const found = /^[a-f0-9]{32}$/.test(id) ? await requestById(id) : null;
  if (!found || !visible(found, caller)) return err(404, `no token ${id}`);
  return { status: 200, root: 'service_requests', value: [{ service_request_id: found.code, token: id }] };
}

/** POST requests: a key with write permission files a case in its unit (channel 'partner'). Nothing is written on an error. */
async function postRequest(f: Record<string, string>, caller: Caller, ref: Reference, now: Date): Promise<Outcome> {
  if (caller.kind !== 'key') return err(403, 'api_key is required');
  if (caller.permissions.indexOf('write') < 0) return err(403, 'this api_key may not post requests');
  if (!f.service_code) return err(400, 'service_code is required');
  if (!ref.categories.has(f.service_code)) return err(400, `unknown service_code ${f.service_code}`);
  const hasLatLong = f.lat !== undefined || f.long !== undefined;
  if (!hasLatLong && !f.address_string && !f.address_id)
    return err(400, 'a location is required: lat and long, address_string or address_id');
  let location: { latitude: number; longitude: number; address?: string } | null = null;
  if (hasLatLong) {
    const lat = Number(f.lat);
    const long = Number(f.long);
    if (f.lat === undefined || f.long === undefined || !Number.isFinite(lat) || !Number.isFinite(long))
      return err(400, 'lat and long must both be numbers');
    if (!inDistrict(lat, long)) return err(400, 'lat/long is outside 大渡口区');
    location = { latitude: lat, longitude: long };
    if (f.address_string) location.address = f.address_string.slice(0, 200);
  }
  const description = (f.description ?? '').trim();
  if (!description) return err(400, 'description is required');
  if (description.length > MAX_DESCRIPTION) return err(400, `description is over ${MAX_DESCRIPTION} characters`);
  if (f.address_string && f.address_string.length > 200) return err(400, 'address_string is over 200 characters');
  if (f.media_url && f.media_url.length > MAX_MEDIA_URL)
    return err(400, `media_url is over ${MAX_MEDIA_URL} characters`);
  const community = f['attribute[community]'];
  if (!community) return err(400, 'attribute[community] is required');
  if (ref.units.get(community)?.level !== 'community') return err(400, `unknown community ${community}`);
  if (!communityInKeyScope(community, caller.unitId, ref.units))
    return err(403, 'the community is outside this key’s unit');
  const phone = f.phone ? normalizeMobile(f.phone) : null;
  const name = [f.last_name, f.first_name].filter(Boolean).join('').slice(0, 32) || null;
  // Published text passes WeChat's content check, as a resident's submit does (one call, before any write).
  const refused = await contentRefusal(caller.checkAs, [description, f.address_string, f.media_url]);
  if (refused) return refused;
  // The address without lat/long stays in the description's place for the handling unit to read.
  const text = location || !f.address_string ? description : `${description}\n地址：${f.address_string.slice(0, 200)}`;
  try {
    const { doc } = await registerCase(
      {
        category: f.service_code,
        communityId: community,
        description: text,
        location,
        channel: 'partner',
        reporterName: name,
        reporterPhone: phone,
        by: { staffId: `partner:${caller.keyId}`, unitId: caller.unitId },
        // The same form posted twice (a retry) files one case.
        idempotencyKey: JSON.stringify(
          Object.entries(f)
            .filter(([k]) => k !== 'api_key')
            .sort()
        )
      },
      ref,
      now
    );
    return {
      status: 201,
      root: 'service_requests',
      value: [{ service_request_id: doc.code, token: doc._id, service_notice: null, account_id: null }]
    };
  } catch (e) {
    if (e instanceof AppError) return err(400, e.code);
    throw e;
  }
}

/**
 * The Open311 error for texts WeChat's check refuses, else null. msgSecCheck wants the openid of a user
 * seen in the last two hours (here the key's creator): when it cannot check, the case is still filed —
 * a partner's case must not be lost, and no anonymous caller ever reads a description.
 */
async function contentRefusal(openid: string, texts: Array<string | undefined>): Promise<Open311Error | null> {
  try {
    await assertTextIsSafe(openid, SCENE.forum, texts);
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (e.code === 'CONTENT_RISKY') return err(400, 'description or media_url was refused by the content check');
    if (e.code === 'TEXT_TOO_LONG') return err(400, 'description, address_string and media_url are too long together');
    console.warn('[open311] content check unavailable; the case is filed unchecked', e.code);
    return null;
  }
}

function encodeToken(c: { at: number; id: string }): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

/** A page token, null for none, undefined when malformed. */
function decodeToken(s: string): { at: number; id: string } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(s, 'base64url').toString()) as [unknown, unknown];
    if (typeof at === 'number' && Number.isFinite(at) && typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id))
      return { at, id };
  } catch {
    /* malformed */
  }
  return undefined;
}
