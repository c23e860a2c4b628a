/** The SDK's wire format: canonical Extended JSON strings (bson 4, as @cloudbase/database uses). */
import { EJSON } from 'bson';
import { dbErrors } from './errors';
import { bsonType, isPlainObject, type Doc } from './values';

/** Parses one EJSON string of the request; `$numberInt` and friends become JS numbers, `$date` a Date. */
export function parseEjson(text: unknown, field: string): unknown {
  if (typeof text !== 'string') throw dbErrors.invalidParam(`param.${field} must be an EJSON string`);
  try {
    return EJSON.parse(text, { relaxed: true });
  } catch (e) {
    throw dbErrors.invalidParam(`param.${field} is not valid EJSON: ${(e as Error).message}`);
  }
}

export function stringifyDoc(doc: unknown): string {
  return EJSON.stringify(doc as Doc, { relaxed: false });
}

/** `db.serverDate({offset})` arrives as `{$tcb_server_date: {offset}}`; the server puts its own time there. */
function serverDate(v: Doc, nowMs: number): Date | undefined {
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== '$tcb_server_date') return undefined;
  const spec = v.$tcb_server_date;
  const offset = isPlainObject(spec) && typeof spec.offset === 'number' ? spec.offset : 0;
  return new Date(nowMs + offset);
}

/** BSON regex options as JS flags: `x` (extended) is applied by stripping whitespace and comments. */
export function toJsRegExp(pattern: string, options: string): RegExp {
  let source = pattern;
  let flags = '';
  for (const o of options) {
    if ('imsu'.includes(o) && !flags.includes(o)) flags += o;
    if (o === 'x')
      source = source
        .replace(/\\#/g, '\u0000')
        .replace(/#[^\n]*/g, '')
        .replace(/\s+/g, '')
        .replace(/\u0000/g, '\\#');
  }
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw dbErrors.requestFailed(`Regular expression is invalid: ${(e as Error).message}`);
  }
}

/** Whether a decoded value holds a `db.serverDate()` anywhere. */
export function hasServerDate(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasServerDate);
  if (!isPlainObject(v)) return false;
  return '$tcb_server_date' in v || Object.values(v).some(hasServerDate);
}

function walk(v: unknown, nowMs: number, regex: boolean): unknown {
  if (Array.isArray(v)) return v.map((e) => walk(e, nowMs, regex));
  if (isPlainObject(v)) {
    const date = serverDate(v, nowMs);
    if (date) return date;
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = walk(v[k], nowMs, regex);
    return out;
  }
  if (regex && bsonType(v) === 'BSONRegExp') {
    const r = v as { pattern: string; options: string };
    return toJsRegExp(r.pattern, r.options);
  }
  return v;
}

/** A decoded query: server dates resolved, BSON regexes made JS RegExps so they match. */
export function asQuery(v: unknown, nowMs: number): unknown {
  return walk(v, nowMs, true);
}

/** Decoded data to store: server dates resolved, everything else kept as sent. */
export function asData(v: unknown, nowMs: number): unknown {
  return walk(v, nowMs, false);
}
