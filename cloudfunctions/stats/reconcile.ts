// Nightly reconciliation (timer, 01:30 Shanghai): recompute yesterday's counters from the cases
// and repair any drift (a counter write lost after its case write, a crash, a bug). It reads only
// the cases that can count on that day: changed since it began, or with a deadline on it.
import {
  addCounts,
  contributionsOf,
  type Contribution,
  type Counts,
  type KpiCase
} from '../../domain/kpiContributions';
import { counterIncrements, counterYearsOf, dayField, type CounterDoc } from '../../domain/kpiCounters';
import { dayToIso, shanghaiDay, shanghaiInstant } from '../../domain/time';
import type { ReconcileReport } from '../../typings/stats';
import { database, settle } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { incrementDoc, readCounters } from '../../server/counters';

const FIELDS = {
  _id: true,
  status: true,
  unitId: true,
  registeredUnitId: true,
  firstResponseDueAt: true,
  resolveDueAt: true,
  firstReplyAt: true,
  acceptedAt: true,
  resolvedAt: true,
  whistles: true,
  lateEscalations: true,
  timeline: true,
  updatedAt: true
} as const;

type Row = KpiCase & { _id: string };

/** Every case matching `where`, through an index, 1000 a page (keyset on _id). */
async function scan(where: Record<string, unknown>, into: Map<string, Row>): Promise<void> {
  const _ = database().command;
  let after = '';
  for (;;) {
    const q = after ? _.and([where, { _id: _.gt(after) }]) : where;
    const page = await settle(
      database().collection(COLLECTIONS.cases).where(q).orderBy('_id', 'asc').limit(1000).field(FIELDS).get()
    );
    const docs = page.data as Row[];
    for (const d of docs) into.set(d._id, d);
    if (docs.length < 1000) return;
    after = docs[docs.length - 1]._id;
  }
}

/** Recomputes the counts of Shanghai day `day` for every unit, repairs drift, stores and returns the report. */
export async function reconcileDay(day: number, now: Date): Promise<ReconcileReport> {
  const _ = database().command;
  const start = shanghaiInstant(day);
  const end = shanghaiInstant(day + 1);
  const onDay = _.gte(start).and(_.lt(end));
  const cases = new Map<string, Row>();
  await scan({ updatedAt: _.gte(start) }, cases);
  await scan({ firstResponseDueAt: onDay }, cases);
  await scan({ resolveDueAt: onDay }, cases);

  const expected = new Map<string, Counts>();
  for (const c of cases.values()) {
    for (const x of contributionsOf(c)) {
      if (x.day !== day) continue;
      const m = expected.get(x.unitId) ?? {};
      m[x.metric] = (m[x.metric] ?? 0) + x.n;
      expected.set(x.unitId, m);
    }
  }
  // The day's counts may sit in the documents of its year and the years either side (see counterIncrements).
  const field = dayField(day);
  const today = shanghaiDay(now);
  const docs: CounterDoc[] = await readCounters(null, counterYearsOf({ fromDay: day, toDay: day }, today), {
    [`D.${field}`]: true
  });
  const counted = new Map<string, Counts>();
  for (const d of docs) counted.set(d.unitId, addCounts(counted.get(d.unitId) ?? {}, d.D?.[field]));

  const drift: ReconcileReport['drift'] = [];
  const fixes: Contribution[] = [];
  const units = new Set([...expected.keys(), ...counted.keys()]);
  for (const unitId of units) {
    const want = expected.get(unitId) ?? {};
    const have = counted.get(unitId) ?? {};
    for (const metric of new Set([...Object.keys(want), ...Object.keys(have)])) {
      const diff = (want[metric] ?? 0) - (have[metric] ?? 0);
      if (diff === 0) continue;
      drift.push({ unitId, metric, counted: have[metric] ?? 0, expected: want[metric] ?? 0 });
      fixes.push({ unitId, day, metric, n: diff });
    }
  }
  // A repair is a change made today: it goes where today's changes go.
  const repairs = counterIncrements(fixes, today);
  for (const [id, g] of repairs) await incrementDoc(id, g);
  const repaired = new Set([...repairs.values()].map((g) => g.unitId)).size;
  const report: ReconcileReport = {
    day: dayToIso(day),
    casesScanned: cases.size,
    unitsChecked: units.size,
    drift,
    repaired,
    at: now.toISOString()
  };
  if (drift.length)
    console.warn(
      `kpi counters drifted on ${report.day}: ${drift.length} counts in ${repaired} units, repaired`,
      drift.slice(0, 20)
    );
  await settle(
    database()
      .collection(COLLECTIONS.kpiReconcile)
      .doc(report.day)
      .set({ data: { ...report } })
  );
  return report;
}

/** The timer's run: yesterday in Shanghai. */
export function reconcileYesterday(now: Date): Promise<ReconcileReport> {
  return reconcileDay(shanghaiDay(now) - 1, now);
}
