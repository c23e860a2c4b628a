/**
 * Update operators as MongoDB applies them (what CloudBase runs underneath): the SDK encodes `_.inc`,
 * `_.push`, plain fields and so on into `$inc`, `$push`, `$set`, ... on dotted paths. Failures carry
 * MongoDB's wording. Documents are never changed in place: an update returns a new document.
 */
import { Query } from 'mingo';
import { asQuery } from './ejson';
import { dbErrors } from './errors';
import { elementMatcher, expand, fail, getAt, parentOf, setAt, show, typeName, unsetAt, type Container } from './paths';
import { cloneValue, compareValues, isPlainObject, sortKey, valuesEqual, type Doc } from './values';

export interface UpdateContext {
  nowMs: number;
  /** The query that selected the document, for the positional `$` operator. */
  query: Doc;
  /** The update creates the document (upsert): `$setOnInsert` applies. */
  inserting: boolean;
}

function numeric(op: string, v: unknown, field: string): number {
  if (typeof v !== 'number') {
    fail(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${field}: ${show(v)}}`);
  }
  return v;
}

function arrayAt(doc: Doc, p: { parent: Container; key: string }, path: string): unknown[] {
  const cur = getAt(p);
  if (cur === undefined) {
    const arr: unknown[] = [];
    setAt(p, arr, path);
    return arr;
  }
  if (!Array.isArray(cur)) {
    fail(`The field '${path}' must be an array but is of type ${typeName(cur)} in document {_id: ${show(doc._id)}}`);
  }
  return cur;
}

function sortElements(arr: unknown[], spec: unknown): void {
  if (spec === 1 || spec === -1) {
    arr.sort((a, b) => compareValues(a, b) * (spec as number));
  } else if (isPlainObject(spec)) {
    const fields = Object.entries(spec) as Array<[string, 1 | -1]>;
    arr.sort((a, b) => {
      for (const [f, d] of fields) {
        const c = compareValues(sortKey(a, f, d), sortKey(b, f, d));
        if (c) return c * d;
      }
      return 0;
    });
  } else {
    fail('The $sort modifier must be either 1 or -1, or a sort specification document');
  }
}

function push(doc: Doc, p: { parent: Container; key: string }, path: string, arg: unknown): void {
  const arr = arrayAt(doc, p, path);
  const mods = isPlainObject(arg) && '$each' in arg ? arg : undefined;
  const each = mods ? mods.$each : [arg];
  if (!Array.isArray(each))
    fail(`The argument to $each in $push must be an array but it was of type: ${typeName(each)}`);
  const values: unknown[] = each.map(cloneValue);
  let pos = arr.length;
  if (mods && mods.$position !== undefined) {
    if (typeof mods.$position !== 'number' || !Number.isInteger(mods.$position))
      fail('The value for $position must be an integer value');
    pos = mods.$position < 0 ? Math.max(0, arr.length + mods.$position) : Math.min(arr.length, mods.$position);
  }
  arr.splice(pos, 0, ...values);
  if (mods && mods.$sort !== undefined) sortElements(arr, mods.$sort);
  if (mods && mods.$slice !== undefined) {
    const n = mods.$slice;
    if (typeof n !== 'number' || !Number.isInteger(n)) fail('The value for $slice must be an integer value');
    const kept = n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(0, arr.length + n));
    arr.length = 0;
    arr.push(...kept);
  }
}

type Target = { path: string; segs: string[] };

/** Paths that overlap (one is the other or its ancestor) cannot both be updated, as in MongoDB. */
function checkConflicts(targets: string[]): void {
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const [a, b] = [targets[i], targets[j]];
      if (a === b || b.startsWith(`${a}.`) || a.startsWith(`${b}.`)) {
        fail(`Updating the path '${b}' would create a conflict at '${a.length <= b.length ? a : b}'`);
      }
    }
  }
}

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$currentDate',
  '$bit',
  '$setOnInsert'
]);

/** Applies an update document (`{$set: ..., $inc: ...}`) to a copy of `doc`. */
export function applyUpdate(doc: Doc, update: Doc, ctx: UpdateContext): Doc {
  const out = cloneValue(doc);
  // Fields without an operator are set, as CloudBase's merge mode does.
  const ops: Array<[string, Doc]> = [];
  const plain: Doc = {};
  for (const [key, value] of Object.entries(update)) {
    if (!key.startsWith('$')) plain[key] = value;
    else if (!OPERATORS.has(key)) throw dbErrors.invalidOperator(`Unknown modifier: ${key}`);
    else if (!isPlainObject(value)) fail(`Modifiers operate on fields but we found type ${typeName(value)} instead`);
    else ops.push([key, value]);
  }
  if (Object.keys(plain).length > 0) ops.push(['$set', plain]);

  const planned: Array<{ op: string; target: Target; arg: unknown }> = [];
  const touched: string[] = [];
  for (const [op, fields] of ops) {
    if (op === '$setOnInsert' && !ctx.inserting) continue;
    for (const [path, arg] of Object.entries(fields)) {
      if (path === '') fail('An empty update path is not valid.');
      for (const segs of expand(out, path, ctx.query)) {
        const target = { path: segs.join('.'), segs };
        planned.push({ op, target, arg });
        touched.push(target.path);
        if (op === '$rename') {
          if (typeof arg !== 'string' || arg === '')
            fail(`The 'to' field for $rename must be a string: ${path}: ${show(arg)}`);
          if (arg === target.path) fail(`The source and target field for $rename must differ: ${path}: ${show(arg)}`);
          touched.push(arg);
        }
      }
    }
  }
  checkConflicts(touched);

  for (const { op, target, arg } of planned) apply(out, op, target, arg, ctx);
  if (!valuesEqual(out._id, doc._id) && doc._id !== undefined) {
    fail("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return out;
}

function apply(doc: Doc, op: string, { path, segs }: Target, arg: unknown, ctx: UpdateContext): void {
  switch (op) {
    case '$set':
    case '$setOnInsert':
      setAt(parentOf(doc, segs, true) as { parent: Container; key: string }, cloneValue(arg), path);
      return;
    case '$unset': {
      const p = parentOf(doc, segs, false);
      if (p) unsetAt(p);
      return;
    }
    case '$inc':
    case '$mul': {
      const n = numeric(op, arg, path);
      const p = parentOf(doc, segs, true) as { parent: Container; key: string };
      const cur = getAt(p);
      if (cur === undefined) return setAt(p, op === '$inc' ? n : 0, path);
      if (typeof cur !== 'number') {
        fail(
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${show(doc._id)}} has the field '${segs[segs.length - 1]}' of non-numeric type ${typeName(cur)}`
        );
      }
      return setAt(p, op === '$inc' ? cur + n : cur * n, path);
    }
    case '$min':
    case '$max': {
      const p = parentOf(doc, segs, true) as { parent: Container; key: string };
      const cur = getAt(p);
      const c = cur === undefined ? 0 : compareValues(arg, cur);
      if (cur === undefined || (op === '$min' ? c < 0 : c > 0)) setAt(p, cloneValue(arg), path);
      return;
    }
    case '$rename': {
      const from = parentOf(doc, segs, false);
      if (!from || Array.isArray(from.parent)) return;
      const value = getAt(from);
      if (value === undefined) return;
      unsetAt(from);
      const to = (arg as string).split('.');
      setAt(parentOf(doc, to, true) as { parent: Container; key: string }, value, arg as string);
      return;
    }
    case '$push':
      return push(doc, parentOf(doc, segs, true) as { parent: Container; key: string }, path, arg);
    case '$addToSet': {
      const arr = arrayAt(doc, parentOf(doc, segs, true) as { parent: Container; key: string }, path);
      // `_.addToSet({each: [...]})` reaches the server as `{each: [...]}` (the SDK leaves it as is);
      // CloudBase documents it as adding each element, like `$each`.
      const each = isPlainObject(arg) && '$each' in arg ? arg.$each : (eachOption(arg) ?? [arg]);
      if (!Array.isArray(each))
        fail(`The argument to $each in $addToSet must be an array but it was of type ${typeName(each)}`);
      for (const v of each) if (!arr.some((e) => valuesEqual(e, v))) arr.push(cloneValue(v));
      return;
    }
    case '$pull':
    case '$pullAll': {
      // A pull condition is a query: its regexes must match (stored values keep BSON regexes as sent).
      arg = asQuery(arg, ctx.nowMs);
      const p = parentOf(doc, segs, false);
      const cur = p ? getAt(p) : undefined;
      if (cur === undefined || !p) return;
      if (!Array.isArray(cur)) fail(`Cannot apply ${op} to a non-array value`);
      if (op === '$pullAll' && !Array.isArray(arg))
        fail(`$pullAll requires an array argument but was given a ${typeName(arg)}`);
      const test = pullTest(op, arg);
      setAt(
        p,
        cur.filter((e) => !test(e)),
        path
      );
      return;
    }
    case '$pop': {
      const p = parentOf(doc, segs, false);
      const cur = p ? getAt(p) : undefined;
      if (cur === undefined || !p) return;
      if (!Array.isArray(cur)) fail(`Path '${path}' contains an element of non-array type '${typeName(cur)}'`);
      if (arg !== 1 && arg !== -1) fail(`Expected a number in: ${path}: ${show(arg)}`);
      setAt(p, arg === 1 ? cur.slice(0, -1) : cur.slice(1), path);
      return;
    }
    case '$currentDate':
      setAt(parentOf(doc, segs, true) as { parent: Container; key: string }, new Date(ctx.nowMs), path);
      return;
    case '$bit': {
      const p = parentOf(doc, segs, true) as { parent: Container; key: string };
      const cur = getAt(p) ?? 0;
      if (typeof cur !== 'number' || !isPlainObject(arg)) fail(`Cannot apply $bit to a value of non-integral type`);
      let v = cur;
      for (const [k, n] of Object.entries(arg)) {
        if (typeof n !== 'number') fail(`The $bit modifier field must be an Integer(32/64 bit)`);
        if (k === 'and') v &= n;
        else if (k === 'or') v |= n;
        else if (k === 'xor') v ^= n;
        else fail(`The $bit modifier only supports 'and', 'or', and 'xor', not '${k}'`);
      }
      setAt(p, v, path);
      return;
    }
  }
}

/** A whole-document replacement (`set()`): the `_id` stays, everything else is the new data. */
export function replaceDocument(id: unknown, data: Doc): Doc {
  if (data._id !== undefined && !valuesEqual(data._id, id)) {
    fail("After applying the update, the (immutable) field '_id' was found to have been altered");
  }
  for (const k of Object.keys(data))
    if (k.startsWith('$')) fail(`The dollar ($) prefixed field '${k}' in '${k}' is not valid for storage.`);
  const doc: Doc = { _id: id };
  for (const [k, v] of Object.entries(data)) if (k !== '_id') doc[k] = cloneValue(v);
  return doc;
}

/** Which elements `$pull` (a condition, or a value) or `$pullAll` (values) removes. */
function pullTest(op: string, arg: unknown): (elem: unknown) => boolean {
  if (op === '$pullAll') return (e) => (arg as unknown[]).some((v) => valuesEqual(e, v));
  if (arg instanceof RegExp) return (e) => typeof e === 'string' && arg.test(e);
  if (isPlainObject(arg) && !Object.keys(arg).some((k) => k.startsWith('$'))) {
    // A document condition matches element documents field by field.
    const q = new Query(arg, {});
    return (e) => isPlainObject(e) && q.test(e);
  }
  if (isPlainObject(arg)) return elementMatcher(arg);
  return (e) => valuesEqual(e, arg);
}

function eachOption(arg: unknown): unknown[] | undefined {
  return isPlainObject(arg) && Object.keys(arg).length === 1 && Array.isArray(arg.each) ? arg.each : undefined;
}
