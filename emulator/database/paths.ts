/**
 * Dotted update paths on a document being updated: reaching (and creating) the container of a field,
 * and resolving the positional `$` and `$[]` into concrete array positions.
 */
import { Query } from 'mingo';
import { dbErrors } from './errors';
import { isPlainObject, type Doc } from './values';

const INDEX_RE = /^\d+$/;

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (isPlainObject(v)) return 'object';
  return typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'double') : typeof v;
}

export function show(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export function fail(detail: string): never {
  throw dbErrors.requestFailed(detail);
}

export type Container = Doc | unknown[];

/** The container holding a path's last segment; creates missing objects on the way when asked. */
export function parentOf(doc: Doc, segs: string[], create: boolean): { parent: Container; key: string } | undefined {
  let cur: Container = doc;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i];
    let next: unknown;
    if (Array.isArray(cur)) {
      if (!INDEX_RE.test(seg)) {
        if (!create) return undefined;
        fail(`Cannot create field '${seg}' in element {${segs[i - 1] ?? ''}: ${show(cur)}}`);
      }
      const idx = Number(seg);
      next = cur[idx];
      if ((next === undefined || next === null) && create) {
        while (cur.length < idx) cur.push(null);
        next = {};
        cur[idx] = next;
      }
    } else {
      next = cur[seg];
      if (next === undefined && create) {
        next = {};
        cur[seg] = next;
      }
    }
    if (!Array.isArray(next) && !isPlainObject(next)) {
      if (!create || next === undefined) return undefined;
      fail(`Cannot create field '${segs[i + 1]}' in element {${seg}: ${show(next)}}`);
    }
    cur = next;
  }
  return { parent: cur, key: segs[segs.length - 1] };
}

export function getAt(p: { parent: Container; key: string }): unknown {
  if (Array.isArray(p.parent)) return INDEX_RE.test(p.key) ? p.parent[Number(p.key)] : undefined;
  return p.parent[p.key];
}

export function setAt(p: { parent: Container; key: string }, value: unknown, path: string): void {
  if (Array.isArray(p.parent)) {
    if (!INDEX_RE.test(p.key)) fail(`Cannot create field '${p.key}' in element {${path}: ${show(p.parent)}}`);
    const idx = Number(p.key);
    while (p.parent.length < idx) p.parent.push(null);
    p.parent[idx] = value;
  } else {
    p.parent[p.key] = value;
  }
}

export function unsetAt(p: { parent: Container; key: string }): void {
  if (Array.isArray(p.parent)) {
    // $unset of an array element leaves a null in its place.
    if (INDEX_RE.test(p.key) && Number(p.key) < p.parent.length) p.parent[Number(p.key)] = null;
  } else {
    delete p.parent[p.key];
  }
}

function readPath(doc: Doc, segs: string[]): unknown {
  const p = parentOf(doc, segs, false);
  return p ? getAt(p) : undefined;
}

/** A test for array elements: an operator condition (`{$gt: 1}`, `{$elemMatch: ...}`) or a value. */
export function elementMatcher(cond: unknown): (elem: unknown) => boolean {
  if (isPlainObject(cond) && Object.keys(cond).length > 0 && Object.keys(cond).every((k) => k.startsWith('$'))) {
    if ('$elemMatch' in cond) {
      const inner = cond.$elemMatch;
      const onDoc = isPlainObject(inner) ? new Query(inner, {}) : undefined;
      const onValue = new Query({ v: inner }, {});
      return (elem) => (isPlainObject(elem) && onDoc ? onDoc.test(elem) : onValue.test({ v: elem }));
    }
  }
  const q = new Query({ v: cond }, {});
  return (elem) => q.test({ v: elem });
}

/** The array position the positional `$` stands for: the first element the query matched. */
function positionalIndex(doc: Doc, prefix: string, query: Doc): number {
  const arr = readPath(doc, prefix.split('.'));
  const conds: Array<[string, unknown]> = [];
  const collect = (q: Doc): void => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((s) => isPlainObject(s) && collect(s));
      else if (k === prefix || k.startsWith(`${prefix}.`)) conds.push([k, v]);
    }
  };
  collect(query);
  if (Array.isArray(arr) && conds.length > 0) {
    const tests = conds.map(([k, v]) => {
      if (k === prefix) return elementMatcher(v);
      const q = new Query({ [k.slice(prefix.length + 1)]: v }, {});
      return (elem: unknown) => isPlainObject(elem) && q.test(elem);
    });
    for (let i = 0; i < arr.length; i++) if (tests.every((t) => t(arr[i]))) return i;
  }
  return fail('The positional operator did not find the match needed from the query.');
}

/** Concrete paths for a path that may hold `$` (matched element) or `$[]` (every element). */
export function expand(doc: Doc, path: string, query: Doc): string[][] {
  let results: string[][] = [[]];
  for (const seg of path.split('.')) {
    if (seg === '$') {
      results = results.map((r) => [...r, String(positionalIndex(doc, r.join('.'), query))]);
    } else if (seg === '$[]') {
      results = results.flatMap((r) => {
        const arr = readPath(doc, r);
        if (!Array.isArray(arr))
          fail(`The path '${r.join('.')}' must exist in the document in order to apply array updates.`);
        return arr.map((_, i) => [...r, String(i)]);
      });
    } else if (seg.startsWith('$[')) {
      fail(`No array filter found for identifier '${seg.slice(2, -1)}' in path '${path}'`);
    } else {
      results = results.map((r) => [...r, seg]);
    }
  }
  return results;
}
