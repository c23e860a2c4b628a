/**
 * Query execution: mingo decides whether a document matches; an index (or the `_id` map) only narrows
 * the documents mingo looks at, and may deliver them already in the requested order.
 */
import { Context, Query } from 'mingo';
import { CloudBaseError } from '../errors';
import type { Collection } from './collection';
import { idKey } from './collection';
import { dbErrors } from './errors';
import { geoQueryOperators, nearestDistance, nearSpec, type NearSpec } from './geo';
import { entryKey, type Entry, type KeyRange, type Probe, type SortedIndex } from './indexes';
import { compareValues, isPlainObject, pathLeaves, sortKey, typeRank, type Doc, type Rec } from './values';

export type Filter = (doc: Doc) => boolean;
export type Order = Array<[string, 1 | -1]>;

const CONTEXT = Context.init({ query: geoQueryOperators as never });

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Cheap necessary conditions taken from `{field: scalar}` equalities: some value on the path must be
 * that scalar. They reject most documents of a scan before mingo looks at them.
 */
function quickChecks(query: Doc): Array<(doc: Doc) => boolean> {
  const checks: Array<(doc: Doc) => boolean> = [];
  for (const [field, cond] of analyze(query)) {
    const v = cond.eq?.length === 1 ? cond.eq[0] : undefined;
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v))) {
      checks.push((doc) => pathLeaves(doc, field).leaves.includes(v));
    }
  }
  return checks;
}

function isScalarEquality(field: string, v: unknown): boolean {
  const scalar = typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  return scalar && !field.startsWith('$') && !field.includes('.');
}

/** Compiles a decoded query; an unknown operator fails as CloudBase fails it. */
export function compileFilter(query: Doc): Filter {
  if (Object.keys(query).length === 0) return () => true;
  const checks = quickChecks(query);
  // `{field: scalar, …}` on top-level fields (the `_id` lookups behind every doc update): the quick
  // checks are the whole condition, so mingo need not compile it.
  if (checks.length === Object.keys(query).length && Object.entries(query).every(([k, v]) => isScalarEquality(k, v)))
    return (doc) => checks.every((check) => check(doc));
  let compiled: Query;
  try {
    compiled = new Query(query, { context: CONTEXT, scriptEnabled: false });
  } catch (e) {
    if (e instanceof CloudBaseError) throw e;
    throw dbErrors.invalidOperator(message(e));
  }
  return (doc) => {
    for (const check of checks) if (!check(doc)) return false;
    try {
      return compiled.test(doc);
    } catch (e) {
      if (e instanceof CloudBaseError) throw e;
      throw dbErrors.requestFailed(message(e));
    }
  };
}

interface Bound {
  v: unknown;
  inclusive: boolean;
}

interface FieldCond {
  eq?: unknown[];
  low?: Bound;
  high?: Bound;
  near?: NearSpec;
}

function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** What the top-level conjunction of a query says about each field (only what can narrow a lookup). */
function analyze(query: Doc, into = new Map<string, FieldCond>()): Map<string, FieldCond> {
  for (const [field, value] of Object.entries(query)) {
    if (field === '$and' && Array.isArray(value)) {
      for (const sub of value) if (isPlainObject(sub)) analyze(sub, into);
      continue;
    }
    if (field.startsWith('$') || value instanceof RegExp) continue;
    const cond = into.get(field) ?? {};
    const setEq = (values: unknown[]): void => {
      if (!values.some((v) => v instanceof RegExp) && (!cond.eq || values.length < cond.eq.length)) cond.eq = values;
    };
    if (isOperatorObject(value)) {
      for (const [op, arg] of Object.entries(value)) {
        if (op === '$eq') setEq([arg]);
        else if (op === '$in' && Array.isArray(arg)) setEq(arg);
        else if ((op === '$gt' || op === '$gte') && !cond.low) cond.low = { v: arg, inclusive: op === '$gte' };
        else if ((op === '$lt' || op === '$lte') && !cond.high) cond.high = { v: arg, inclusive: op === '$lte' };
        else if (op === '$nearSphere' || op === '$near') cond.near = nearSpec(arg);
      }
    } else {
      setEq([value]);
    }
    into.set(field, cond);
  }
  return into;
}

interface IndexPlan {
  index: SortedIndex;
  ranges: KeyRange[];
  /** Present when walking the ranges yields documents in the requested order. */
  ordered?: { reverse: boolean; from: number; width: number };
  /** Whether the ranges narrow the index at all (else the plan is only good for its order). */
  narrowed: boolean;
  /** How many key components the ranges fix: more usually means fewer entries. */
  specificity: number;
  /** The fields whose conditions the ranges apply. */
  constrained: string[];
}

const MAX_PROBES = 200;

function planIndex(index: SortedIndex, conds: Map<string, FieldCond>, order: Order): IndexPlan | undefined {
  let prefixes: Probe[][] = [[]];
  let p = 0;
  for (; p < index.fields.length; p++) {
    const eq = conds.get(index.fields[p])?.eq;
    if (!eq || eq.length * prefixes.length > MAX_PROBES) break;
    prefixes = prefixes.flatMap((prefix) => eq.map((v) => [...prefix, { v }]));
  }
  const rangeCond = p < index.fields.length ? conds.get(index.fields[p]) : undefined;
  let ranges: KeyRange[];
  const hasRange = !!rangeCond && !!(rangeCond.low || rangeCond.high);
  if (rangeCond && hasRange) {
    const { low } = rangeCond;
    // On arrays each bound may be met by a different element: a multikey field uses one bound only.
    const high = index.multikey(p) && low ? undefined : rangeCond.high;
    const rank = typeRank(low ? low.v : high?.v);
    if (low && high && typeRank(high.v) !== rank) {
      ranges = [];
    } else {
      const lo: Probe = low ? { v: low.v } : { rankMin: rank };
      const hi: Probe = high ? { v: high.v } : { rankMax: rank };
      ranges = prefixes.map((prefix) =>
        index.range([...prefix, lo], [...prefix, hi], low?.inclusive ?? true, high?.inclusive ?? true)
      );
    }
  } else if (p > 0) {
    ranges = prefixes.map((prefix) => index.range(prefix, prefix, true, true));
  } else {
    ranges = [{}]; // every entry
  }
  const narrowed = p > 0 || hasRange;
  // Ordered only if the fields after the equality prefix are exactly the sort fields, in one direction,
  // and none of the sort fields holds an array (an array sorts by its least or greatest element).
  // Equality on a multikey field is fine: one probe meets each document's matching element once.
  let ordered: IndexPlan['ordered'];
  const dir = order[0]?.[1];
  if (
    order.length > 0 &&
    ranges.length === 1 &&
    p + order.length <= index.fields.length &&
    order.every(([f, d], i) => index.fields[p + i] === f && d === dir && !index.multikey(p + i))
  ) {
    ordered = { reverse: dir === -1, from: p, width: order.length };
  }
  if (!narrowed && !ordered) return undefined;
  return {
    index,
    ranges,
    ordered,
    narrowed,
    specificity: p * 2 + Number(hasRange),
    constrained: index.fields.slice(0, p + Number(hasRange))
  };
}

/** Below this many candidates, sorting them beats walking an index in order. */
const SMALL = 5000;

/** Entries a plan's ranges hold, counting no further than `cap` (the tree has no order statistics). */
function cost(plan: IndexPlan, cap: number): number {
  let n = 0;
  for (const r of plan.ranges) {
    if (n >= cap) break;
    n += plan.index.countRange(r, cap - n);
  }
  return n;
}

/** The narrowing plan with the fewest entries, counting each no further than the best so far (and `cap`). */
function smallest(plans: IndexPlan[], cap: number): { plan: IndexPlan; cost: number } | undefined {
  let best: { plan: IndexPlan; cost: number } | undefined;
  for (const plan of plans) {
    const limit = best ? best.cost : cap;
    const c = cost(plan, limit);
    if (c < limit) best = { plan, cost: c };
    if (best?.cost === 0) break;
  }
  return best;
}

/**
 * Counting a range walks it, so plans are counted most specific first, each only up to the best so far;
 * an ordered plan is not counted at all unless an unordered one is small enough to be sorted instead.
 */
function choosePlan(coll: Collection, conds: Map<string, FieldCond>, order: Order): IndexPlan | undefined {
  const plans = coll.indexes.map((i) => planIndex(i, conds, order)).filter((p): p is IndexPlan => !!p);
  const narrowing = plans.filter((p) => p.narrowed).sort((a, b) => b.specificity - a.specificity);
  if (order.length === 0) return fewest(narrowing);
  const inOrder = narrowing.filter((p) => p.ordered);
  // An unordered plan applying no condition an ordered one does not also apply cannot hold fewer
  // entries (give or take array entries): not worth counting, the ordered one wins the tie.
  const covered = (p: IndexPlan): boolean => inOrder.some((o) => p.constrained.every((f) => o.constrained.includes(f)));
  const small = smallest(
    narrowing.filter((p) => !p.ordered && !covered(p)),
    SMALL + 1
  );
  if (small) {
    // Ties go to the ordered plan: same candidates, no sort.
    for (const plan of inOrder) if (cost(plan, small.cost + 1) <= small.cost) return plan;
    return small.plan;
  }
  if (inOrder.length > 0) return inOrder[0];
  const ordered = plans.find((p) => p.ordered);
  if (ordered) return ordered;
  return fewest(narrowing);
}

/** The plan with the fewest entries; a lone plan is not counted (counting walks the range the query then walks again). */
function fewest(plans: IndexPlan[]): IndexPlan | undefined {
  return plans.length <= 1 ? plans[0] : smallest(plans, Number.POSITIVE_INFINITY)?.plan;
}

export interface FindRequest {
  query: Doc;
  filter: Filter;
  order: Order;
  skip: number;
  limit: number;
}

function byOrd(a: Rec, b: Rec): number {
  return a.ord - b.ord;
}

/** Sorts matched records by the requested order (or by distance for a near query), ties in natural order. */
function sortRecs(recs: Rec[], order: Order, near: [string, NearSpec] | undefined): Rec[] {
  if (order.length > 0) {
    const keyed = recs.map((rec) => ({ rec, keys: order.map(([f, d]) => sortKey(rec.doc, f, d)) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < order.length; i++) {
        const c = compareValues(a.keys[i], b.keys[i]);
        if (c) return c * order[i][1];
      }
      return a.rec.ord - b.rec.ord;
    });
    return keyed.map((k) => k.rec);
  }
  if (near) {
    const [field, spec] = near;
    const keyed = recs.map((rec) => ({ rec, d: nearestDistance(rec.doc, field, spec.center) ?? Infinity }));
    keyed.sort((a, b) => a.d - b.d || a.rec.ord - b.rec.ord);
    return keyed.map((k) => k.rec);
  }
  return recs;
}

function page(recs: Iterable<Rec>, req: FindRequest, near: [string, NearSpec] | undefined): Rec[] {
  const out: Rec[] = [];
  const end = req.skip + req.limit;
  if (req.order.length === 0 && !near) {
    let seen = 0;
    for (const rec of recs) {
      if (!req.filter(rec.doc)) continue;
      if (seen++ >= req.skip) out.push(rec);
      if (seen >= end) break;
    }
    return out;
  }
  for (const rec of recs) if (req.filter(rec.doc)) out.push(rec);
  return sortRecs(out, req.order, near).slice(req.skip, end);
}

function* walkOrdered(coll: Collection, plan: IndexPlan): Generator<Rec> {
  const { index, ordered } = plan;
  if (!ordered || plan.ranges.length !== 1) return;
  const sameGroup = (a: Entry, b: Entry): boolean => {
    for (let k = ordered.from; k < ordered.from + ordered.width; k++) if (compareValues(a[k], b[k]) !== 0) return false;
    return true;
  };
  // Entries equal on the sort fields form a group, emitted in natural order as a stable sort would.
  // A document appears once per group at most (an equality on a multikey field may meet it twice).
  let group: Rec[] = [];
  let groupKey: Entry | undefined;
  let seen = new Set<string>();
  for (const e of index.walk(plan.ranges[0], ordered.reverse)) {
    if (groupKey && !sameGroup(groupKey, e)) {
      if (group.length > 1) group.sort(byOrd);
      yield* group;
      group = [];
      seen = new Set();
    }
    groupKey = e;
    const key = entryKey(e);
    if (seen.has(key)) continue;
    seen.add(key);
    const rec = coll.get(key);
    if (rec) group.push(rec);
  }
  if (group.length > 1) group.sort(byOrd);
  yield* group;
}

/** Runs a query on committed data, using an index when one helps. */
export function findInCollection(coll: Collection, req: FindRequest): Rec[] {
  const conds = analyze(req.query);
  const nearEntry = [...conds.entries()].find(([, c]) => c.near);
  const near: [string, NearSpec] | undefined = nearEntry ? [nearEntry[0], nearEntry[1].near as NearSpec] : undefined;
  const idEq = conds.get('_id')?.eq;
  if (idEq) {
    const recs = [...new Set(idEq.map(idKey))].map((k) => coll.get(k)).filter((r): r is Rec => !!r);
    return page(recs.sort(byOrd), req, near);
  }
  const plan = near ? undefined : choosePlan(coll, conds, req.order);
  if (!plan) return page(coll.records.values(), req, near);
  if (plan.ordered) {
    const out: Rec[] = [];
    let seen = 0;
    for (const rec of walkOrdered(coll, plan)) {
      if (!req.filter(rec.doc)) continue;
      if (seen++ >= req.skip) out.push(rec);
      if (seen >= req.skip + req.limit) break;
    }
    return out;
  }
  const keys = new Set<string>();
  for (const range of plan.ranges) for (const e of plan.index.walk(range)) keys.add(entryKey(e));
  const recs: Rec[] = [];
  for (const k of keys) {
    const rec = coll.get(k);
    if (rec) recs.push(rec);
  }
  return page(recs.sort(byOrd), req, near);
}

/** Runs a query over an explicit list of records (a transaction's snapshot view): no index. */
export function findInList(recs: Rec[], req: FindRequest): Rec[] {
  const conds = analyze(req.query);
  const nearEntry = [...conds.entries()].find(([, c]) => c.near);
  return page(recs, req, nearEntry ? [nearEntry[0], nearEntry[1].near as NearSpec] : undefined);
}
