// The one hook that keeps the assessment counters as cases change, and the reads behind stats.
// Counter documents (`kpiCounters`): one per unit and year of the changes that wrote it, see
// domain/kpiCounters.ts (counterIncrements). A case change adds kpiDelta(before, after) with `_.inc`
// (atomic, no transaction) to one document: one extra write per case event. The write is
// idempotent per event: it also marks the event (case id + its new version) in `E.<day>`, and
// only applies where that mark is absent, so a retried write never counts twice.
import {
  counterDocId,
  counterIncrements,
  dayField,
  type CounterDoc,
  type CounterIncrement
} from '../domain/kpiCounters';
import { kpiDelta, type Contribution, type KpiCase } from '../domain/kpiContributions';
import { yearOf } from '../domain/kpiPeriods';
import { shanghaiDay } from '../domain/time';
import { existingIds, insertMissing } from './bulk';
import { database, settle } from './cloud';
import { COLLECTIONS } from './collections';
import { duplicateOf } from './dbErrors';

const counters = () => database().collection(COLLECTIONS.kpiCounters);

/** An event's mark: the day it was made and a key unique to it. */
export interface EventMark {
  day: number;
  key: string;
}

/**
 * Adds increments to one counter document: one update (the document exists: setup and the nightly
 * job create them ahead). With an event mark, the update applies only if the mark is not there yet;
 * when it matches nothing, a read tells "already counted" from "no document yet" (then add).
 */
export async function incrementDoc(id: string, g: CounterIncrement, mark?: EventMark): Promise<void> {
  const _ = database().command;
  const inc = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, _.inc(v)]));
  const nested = (o: Record<string, Record<string, number>>) =>
    Object.fromEntries(Object.entries(o).map(([f, c]) => [f, inc(c)]));
  const markPath = mark ? `E.${dayField(mark.day)}.${mark.key}` : null;
  const data = {
    M: nested(g.M),
    D: nested(g.D),
    ...(mark ? { E: { [dayField(mark.day)]: { [mark.key]: true } } } : {})
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const where = markPath ? { _id: id, [markPath]: _.exists(false) } : { _id: id };
    const res = (await settle(counters().where(where).update({ data }))) as { stats?: { updated?: number } };
    if (res.stats?.updated === 1) return;
    if (markPath) {
      const found = (
        await settle(
          counters()
            .where({ _id: id })
            .field({ _id: true, [markPath]: true })
            .limit(1)
            .get()
        )
      ).data as Array<{ E?: Record<string, Record<string, boolean>> }>;
      if (found.length && found[0].E?.[dayField(mark!.day)]?.[mark!.key]) return; // already counted
      if (found.length) continue; // created by another change since: update again
    }
    try {
      await settle(
        counters().add({
          data: { _id: id, unitId: g.unitId, year: g.year, M: g.M, D: g.D, ...(mark ? { E: data.E } : {}) }
        })
      );
      return;
    } catch (e) {
      // Another change created it first: increment it instead.
      if (!duplicateOf(e)) throw e;
    }
  }
  throw new Error(`counter ${id} could not be written`);
}

/** A case's change is the case id and the version it moved to (writes are version-guarded, so unique). */
function eventKey(after: object): string | null {
  const { _id, version } = after as { _id?: unknown; version?: unknown };
  return typeof _id === 'string' && typeof version === 'number' ? `${_id}_${version}`.replace(/[.$]/g, '_') : null;
}

/**
 * THE hook: call it once after a case change is persisted (insert, or update where version matched).
 * Idempotent per event (see above). A crash between the case write and this one loses the increment:
 * the nightly reconciliation (stats timer) finds and repairs it. A counter failure never fails the
 * action the resident or staff member took: it is logged and left to reconcile.
 */
export function recordCaseChange(before: object | null, after: object, now: Date, marked = true): Promise<void> {
  // The sweeper's documents come without a timeline: then neither side counts ratings, and they cancel.
  return applyContributions(kpiDelta(before as KpiCase | null, after as KpiCase), marked ? eventKey(after) : null, now);
}

async function applyContributions(list: Contribution[], key: string | null, now: Date): Promise<void> {
  try {
    const day = shanghaiDay(now);
    const groups = counterIncrements(list, day);
    await Promise.all([...groups].map(([id, g]) => incrementDoc(id, g, key ? { day, key } : undefined)));
  } catch (e) {
    console.warn('kpi counters not updated; the nightly reconciliation will repair them', e);
  }
}

/**
 * The counts of a new case, written alongside its insert (submit's floor is two round trips). Without
 * an event mark, so a burst of new cases does not grow the document by a mark each; the submit whose
 * insert did not create the case (a retry, or a failed write) takes the counts back (unrecordNewCase).
 */
export function recordNewCase(doc: object, now: Date): Promise<void> {
  return recordCaseChange(null, doc, now, false);
}

/** Takes back recordNewCase: the insert it went alongside did not create the case. */
export function unrecordNewCase(doc: object, now: Date): Promise<void> {
  const list = kpiDelta(null, doc as KpiCase).map((x) => ({ ...x, n: -x.n }));
  return applyContributions(list, null, now);
}

/** Days an event mark is kept: far longer than any retry of its write. */
export const EVENT_MARK_DAYS = 2;

/**
 * Drops the event marks of the week before the last EVENT_MARK_DAYS days from this and last year's
 * documents: one update request (the nightly job), so the marks never pile up.
 */
export async function pruneEventMarks(now: Date): Promise<void> {
  const _ = database().command;
  const today = shanghaiDay(now);
  const old = Array.from({ length: 7 }, (_unused, i) => today - EVENT_MARK_DAYS - 1 - i);
  const year = yearOf(today);
  await settle(
    counters()
      .where({ year: _.in([year - 1, year]) })
      .update({ data: { E: Object.fromEntries(old.map((d) => [dayField(d), _.remove()])) } })
  );
}

/** Reads the counter documents of some units (all when `unitIds` is null) of some years, page by page. */
export async function readCounters(
  unitIds: readonly string[] | null,
  years: readonly number[],
  field: Record<string, true>
): Promise<CounterDoc[]> {
  if (!years.length) return [];
  const _ = database().command;
  const lo = Math.min(...years);
  const hi = Math.max(...years);
  const where: Record<string, unknown> = { year: lo === hi ? lo : _.gte(lo).and(_.lte(hi)) };
  if (unitIds) where.unitId = unitIds.length === 1 ? unitIds[0] : _.in([...unitIds]);
  const out: CounterDoc[] = [];
  let after = '';
  for (;;) {
    const q = after ? { ...where, _id: _.gt(after) } : where;
    const page = await settle(
      counters()
        .where(q)
        .orderBy('_id', 'asc')
        .limit(1000)
        .field({ _id: true, unitId: true, year: true, ...field })
        .get()
    );
    const docs = page.data as CounterDoc[];
    out.push(...docs);
    if (docs.length < 1000) return out;
    after = docs[docs.length - 1]._id;
  }
}

/**
 * Creates the counter documents of these units for this year and the next, where missing. Run by
 * setup and nightly, so a case event's increment is one update, never update + add, even on 1 January.
 * Requests: one read per 500 ids, one insert per 200 missing documents.
 */
export async function ensureCounterYears(unitIds: readonly string[], now: Date): Promise<number> {
  const year = yearOf(shanghaiDay(now));
  const wanted = unitIds.flatMap((unitId) =>
    [year, year + 1].map((y) => ({ _id: counterDocId(unitId, y), unitId, year: y, M: {}, D: {} }))
  );
  const existing = await existingIds(
    COLLECTIONS.kpiCounters,
    wanted.map((w) => w._id)
  );
  return (await insertMissing(COLLECTIONS.kpiCounters, wanted, existing.ids)).length;
}
