/** Value semantics shared by queries, sorts, indexes and updates: MongoDB's BSON ordering and equality. */

export type Doc = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The `_bsontype` tag bson's classes carry (ObjectID, Long, Decimal128, ...), or undefined. */
export function bsonType(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const t = (v as { _bsontype?: unknown })._bsontype;
  return typeof t === 'string' ? t : undefined;
}

const NUMERIC_BSON = new Set(['Long', 'Int32', 'Double', 'Decimal128']);

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const t = bsonType(v);
  if (t && NUMERIC_BSON.has(t)) return Number((v as { toString(): string }).toString());
  return undefined;
}

/** Rank of a value's type in MongoDB's cross-type sort order; missing and null rank together. */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  if (typeof v === 'number' || typeof v === 'bigint') return 2;
  if (typeof v === 'string') return 3;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  if (Array.isArray(v)) return 5;
  switch (bsonType(v)) {
    case undefined:
      return isPlainObject(v) ? 4 : 12;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 2;
    case 'BSONSymbol':
      return 3;
    case 'Binary':
      return 6;
    case 'ObjectID':
    case 'ObjectId':
      return 7;
    case 'Timestamp':
      return 10;
    case 'BSONRegExp':
      return 11;
    case 'MinKey':
      return 0;
    case 'MaxKey':
      return 13;
    default:
      return 12;
  }
}

function cmp<T extends number | string | boolean>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function regexParts(v: unknown): [string, string] {
  if (v instanceof RegExp) return [v.source, v.flags];
  const r = v as { pattern: string; options: string };
  return [r.pattern, r.options];
}

/** Total order over values, as MongoDB sorts them (type rank first, then value). */
export function compareValues(a: unknown, b: unknown): number {
  // The common same-type cases (strings, numbers, dates: every index probe) answered first.
  if (a === b) return 0;
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'string') return (a as string) < (b as string) ? -1 : 1;
    if (ta === 'number' && a === a && b === b) return (a as number) < (b as number) ? -1 : 1;
  }
  if (a instanceof Date && b instanceof Date) return cmp(a.getTime(), b.getTime());
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
    case 0:
    case 13:
      return 0;
    case 2: {
      const x = asNumber(a) ?? Number(a);
      const y = asNumber(b) ?? Number(b);
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
      return cmp(x, y);
    }
    case 3:
      return cmp(String(a), String(b));
    case 4: {
      const ka = Object.keys(a as Doc);
      const kb = Object.keys(b as Doc);
      for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
        const c = cmp(ka[i], kb[i]) || compareValues((a as Doc)[ka[i]], (b as Doc)[kb[i]]);
        if (c) return c;
      }
      return cmp(ka.length, kb.length);
    }
    case 5: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
        const c = compareValues(xa[i], xb[i]);
        if (c) return c;
      }
      return cmp(xa.length, xb.length);
    }
    case 8:
      return cmp(a as boolean, b as boolean);
    case 9:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 11: {
      const [sa, fa] = regexParts(a);
      const [sb, fb] = regexParts(b);
      return cmp(sa, sb) || cmp(fa, fb);
    }
    default:
      return cmp(String(a), String(b));
  }
}

/** BSON equality: same type bracket and same value; object field order matters, as in MongoDB. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0 && (typeRank(a) !== 1 || a === b);
}

/** Deep copy of plain objects, arrays and Dates; bson value objects are immutable and shared. */
export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneValue) as unknown as T;
  if (v instanceof Date) return new Date(v.getTime()) as unknown as T;
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = cloneValue(v[k]);
    return out as T;
  }
  return v;
}

const INDEX_RE = /^\d+$/;

/**
 * Every value a dotted path reaches in a document, descending into arrays as MongoDB does.
 * A branch that reaches nothing yields `undefined`; a leaf array yields its elements in `leaves`
 * and itself in `arrays`; `multikey` tells whether an array was met.
 */
export function pathLeaves(doc: unknown, path: string): { leaves: unknown[]; arrays: unknown[][]; multikey: boolean } {
  // A top-level field (most index and sort keys) read directly, without splitting the path.
  if (!path.includes('.') && isPlainObject(doc)) {
    const v = doc[path];
    return Array.isArray(v)
      ? { leaves: v.slice(), arrays: [v], multikey: true }
      : { leaves: [v], arrays: [], multikey: false };
  }
  let current: unknown[] = [doc];
  let multikey = false;
  for (const seg of path.split('.')) {
    const next: unknown[] = [];
    for (const v of current) {
      if (Array.isArray(v)) {
        multikey = true;
        if (INDEX_RE.test(seg)) next.push(v[Number(seg)]);
        for (const e of v) next.push(isPlainObject(e) ? e[seg] : undefined);
      } else if (isPlainObject(v)) {
        next.push(v[seg]);
      } else {
        next.push(undefined);
      }
    }
    current = next;
  }
  const leaves: unknown[] = [];
  const arrays: unknown[][] = [];
  for (const v of current) {
    if (Array.isArray(v)) {
      const elements: unknown[] = v;
      multikey = true;
      arrays.push(elements);
      leaves.push(...elements);
    } else {
      leaves.push(v);
    }
  }
  return { leaves, arrays, multikey };
}

/** The key a document sorts by on a path: the value itself, or an array's least (ascending) or greatest element. */
export function sortKey(doc: unknown, path: string, direction: 1 | -1): unknown {
  const { leaves } = pathLeaves(doc, path);
  if (leaves.length === 0) return undefined;
  let best = leaves[0];
  for (let i = 1; i < leaves.length; i++) {
    const c = compareValues(leaves[i], best);
    if (direction === 1 ? c < 0 : c > 0) best = leaves[i];
  }
  return best;
}

/** A stored document: its `_id` key, insertion ordinal (natural order) and content, never mutated in place. */
export interface Rec {
  readonly key: string;
  readonly ord: number;
  readonly doc: Doc;
  /** Canonical EJSON of `doc`, kept once computed (it is what SQLite holds and what reads answer). */
  json?: string;
}
