// The one hook that keeps the assessment counters as cases change, and the reads behind stats.
// Counter documents: one per (unit, month of the counted day), `_id` `<unitId>:<yyyymm>`, holding
// month totals `T.<metric>` and day counts `D.D<yyyymmdd>.<metric>`. A case change adds
// kpiDelta(before, after) with `_.inc` (atomic, no transaction): one update per touched document,
// and almost every change touches one (see README, "Assessment").
import chunk from 'lodash/chunk';
import { counterDocId, dayField, kpiDelta, monthOf, type Contribution, type CounterDoc, type KpiCase } from '../domain/kpi';
import { shanghaiDay } from '../domain/time';
import { database, settle } from './cloud';
import { COLLECTIONS } from './collections';

const counters = () => database().collection(COLLECTIONS.kpiCounters);

/** Groups contributions by counter document into nested `{ T: {m: n}, D: { Dyyyymmdd: {m: n} } }` increments. */
export function groupByDoc(list: readonly Contribution[]): Map<string, { unitId: string; month: number; T: Record<string, number>; D: Record<string, Record<string, number>> }> {
  const out = new Map<string, { unitId: string; month: number; T: Record<string, number>; D: Record<string, Record<string, number>> }>();
  for (const x of list) {
    const month = monthOf(x.day);
    const id = counterDocId(x.unitId, month);
    let g = out.get(id);
    if (!g) out.set(id, (g = { unitId: x.unitId, month, T: {}, D: {} }));
    g.T[x.metric] = (g.T[x.metric] ?? 0) + x.n;
    const day = (g.D[dayField(x.day)] ??= {});
    day[x.metric] = (day[x.metric] ?? 0) + x.n;
  }
  return out;
}

/** Adds increments to one counter document, creating it on its month's first count. */
export async function incrementDoc(id: string, g: { unitId: string; month: number; T: Record<string, number>; D: Record<string, Record<string, number>> }): Promise<void> {
  const _ = database().command;
  const inc = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, _.inc(v)]));
  const data = { T: inc(g.T), D: Object.fromEntries(Object.entries(g.D).map(([d, o]) => [d, inc(o)])) };
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = (await settle(counters().doc(id).update({ data }))) as { stats?: { updated?: number } };
    if (res.stats?.updated === 1) return;
    try {
      await settle(counters().add({ data: { _id: id, unitId: g.unitId, month: g.month, T: g.T, D: g.D } }));
      return;
    } catch (e) {
      // Another change created it first: increment it instead.
      if (!/E11000|duplicate/i.test(String((e as { errMsg?: string; message?: string })?.errMsg ?? (e as Error)?.message))) throw e;
    }
  }
  throw new Error(`counter ${id} could not be written`);
}

/**
 * THE hook: call it once after a case change is persisted (insert, or update where version matched).
 * Counts are not idempotent per event: a crash between the case write and this one loses the
 * increment, and the nightly reconciliation (stats timer) finds and repairs it. A counter failure
 * never fails the action the resident or staff member took: it is logged and left to reconcile.
 */
export async function recordCaseChange(before: object | null, after: object, _entry?: unknown, _now?: Date): Promise<void> {
  try {
    // The sweeper's documents come without a timeline: then neither side counts ratings, and they cancel.
    const groups = groupByDoc(kpiDelta(before as KpiCase | null, after as KpiCase));
    await Promise.all([...groups].map(([id, g]) => incrementDoc(id, g)));
  } catch (e) {
    console.warn('kpi counters not updated; the nightly reconciliation will repair them', e);
  }
}

/** Reads the counter documents of some units (all when `unitIds` is null) for some months, page by page. */
export async function readCounters(unitIds: readonly string[] | null, months: readonly number[], field: Record<string, true>): Promise<CounterDoc[]> {
  const _ = database().command;
  const lo = Math.min(...months);
  const hi = Math.max(...months);
  const where: Record<string, unknown> = { month: lo === hi ? lo : _.gte(lo).and(_.lte(hi)) };
  if (unitIds) where.unitId = unitIds.length === 1 ? unitIds[0] : _.in([...unitIds]);
  const out: CounterDoc[] = [];
  let after = '';
  for (;;) {
    const q = after ? { ...where, _id: _.gt(after) } : where;
    const page = await settle(counters().where(q).orderBy('_id', 'asc').limit(1000).field({ _id: true, unitId: true, month: true, ...field }).get());
    const docs = page.data as CounterDoc[];
    out.push(...docs);
    if (docs.length < 1000) return out;
    after = docs[docs.length - 1]._id;
  }
}

/** The month `n` months after `month` (yyyymm). */
function addMonths(month: number, n: number): number {
  const total = Math.floor(month / 100) * 12 + (month % 100) - 1 + n;
  return Math.floor(total / 12) * 100 + (total % 12) + 1;
}

/** How far ahead counter documents exist: deadlines rarely fall more than two months after an event. */
export const MONTHS_AHEAD = 2;

/**
 * Creates the counter documents of these units for this month and the next MONTHS_AHEAD, where
 * missing. Run by setup and nightly, so a case event's increment is one update, never update + add.
 * Requests: one read per 500 ids, one insert per 200 missing documents.
 */
export async function ensureCounterMonths(unitIds: readonly string[], now: Date): Promise<number> {
  const _ = database().command;
  const first = monthOf(shanghaiDay(now));
  const wanted = unitIds.flatMap((unitId) =>
    Array.from({ length: MONTHS_AHEAD + 1 }, (_unused, i) => ({ unitId, month: addMonths(first, i) })).map((x) => ({ ...x, _id: counterDocId(x.unitId, x.month) }))
  );
  const existing = new Set<string>();
  for (const part of chunk(wanted, 500)) {
    const res = await settle(counters().where({ _id: _.in(part.map((w) => w._id)) }).field({ _id: true }).limit(1000).get());
    for (const d of res.data as Array<{ _id: string }>) existing.add(d._id);
  }
  const missing = wanted.filter((w) => !existing.has(w._id)).map((w) => ({ ...w, T: {}, D: {} }));
  for (const part of chunk(missing, 200)) {
    try {
      // wx-server-sdk 4 sends an array as one insertDocument; its typings only show one document.
      await settle(counters().add({ data: part as unknown as Record<string, unknown> }));
    } catch (e) {
      // A concurrent run created some of them: the rest come on the next run (or on first use).
      if (!/E11000|duplicate/i.test(String((e as { errMsg?: string })?.errMsg ?? (e as Error)?.message))) throw e;
    }
  }
  return missing.length;
}
