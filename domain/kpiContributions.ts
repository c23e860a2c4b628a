// Assessment contributions (考核): what each case counts for, as the case is now. Pure: the counters,
// the reconciliation and the tests all use these functions, so "from the counters" and "from the raw
// cases" cannot disagree by design.
//
// A case's contribution is a function of its current document (`contributionsOf`). A change to a
// case adds `contributionsOf(after) − contributionsOf(before)` to the counters (`kpiDelta`): the
// sum over all changes telescopes to the contributions of the cases as they are now. So a deadline
// pushed back by a pause, an extension or a re-handling round moves its count, never doubles it.
// Where the counts are stored: kpiCounters.ts; what they add up to: kpiRates.ts.
import type { CaseRecord, TimelineEntry } from './case';
import type { Satisfaction } from './enums';
import type { Period } from './kpiPeriods';
import { shanghaiDay } from './time';

/**
 * Counter names. Per unit and Shanghai day ("bucket"):
 * - rDue/rHit: first responses owed by the registering unit, bucketed on the response deadline; hit = replied by then.
 * - cDue/cHit: resolutions of the case's latest handling round at its unit, bucketed on the day it was
 *   resolved on time, otherwise on the (extended) deadline; hit = resolved by the deadline. A case its
 *   unit never accepted is owed too: a miss on its deadline (not accepting never looks better); so is a
 *   case the sweeper escalated away from a unit that stayed late (`lateEscalations`): a miss on that day.
 * - sSat/sBasic/sUnsat (resident) and fSat/fBasic/fUnsat (follow-up visit 回访): ratings on the day given, to the unit rated;
 *   not a rating its timeline marks `ratingCounted: false` (given by staff of the rated unit's chain).
 * Whistle counters sit with the whistling unit, per department (`<name>_<departmentId>`):
 * - wo: check-ins owed (bucket: check-in deadline); wc: of those, on time; ro: results owed (not withdrawn); rr: reported;
 * - es/en: sum of evaluation scores (response + result, so 2–10) and evaluations given, bucket: evaluation day;
 * - urged: the reporter's urges (催办), to the unit holding the case then, on the day urged;
 * and, unkeyed, rsY/rsN: whistles the department judged reasonable / judged at all (bucket: that judgement's day).
 */
export const CASE_METRICS = [
  'rDue',
  'rHit',
  'cDue',
  'cHit',
  'sSat',
  'sBasic',
  'sUnsat',
  'fSat',
  'fBasic',
  'fUnsat',
  'rsY',
  'rsN',
  'urged'
] as const;
export type CaseMetric = (typeof CASE_METRICS)[number];
export const DEPT_METRICS = ['wo', 'wc', 'ro', 'rr', 'es', 'en'] as const;
export type DeptMetric = (typeof DEPT_METRICS)[number];

/** One count: `n` of `metric` for `unitId` on Shanghai day number `day`. */
export interface Contribution {
  unitId: string;
  day: number;
  metric: string;
  n: number;
}

/** The fields of a case the figures read (a stored case has them all). */
export type KpiCase = Pick<
  CaseRecord,
  | 'status'
  | 'unitId'
  | 'registeredUnitId'
  | 'firstResponseDueAt'
  | 'resolveDueAt'
  | 'firstReplyAt'
  | 'acceptedAt'
  | 'resolvedAt'
  | 'whistles'
  | 'lateEscalations'
  | 'urges'
  | 'withdrawnAt'
> & { mergedInto?: string | null } & {
  timeline: ReadonlyArray<Pick<TimelineEntry, 'at' | 'action' | 'unitId' | 'data'>>;
};

const RATING_METRIC: Record<'rate' | 'followUp', Record<Satisfaction, CaseMetric>> = {
  rate: { satisfied: 'sSat', basic: 'sBasic', unsatisfied: 'sUnsat' },
  followUp: { satisfied: 'fSat', basic: 'fBasic', unsatisfied: 'fUnsat' }
};

const ms = (d: Date | string | null | undefined): number | null =>
  d === null || d === undefined ? null : new Date(d).getTime();
const dayOf = (t: number): number => shanghaiDay(new Date(t));

/** Everything a case counts for, as the case is now. */
export function contributionsOf(c: KpiCase): Contribution[] {
  const out: Contribution[] = [];
  const add = (unitId: string, t: number, metric: string): void =>
    void out.push({ unitId, day: dayOf(t), metric, n: 1 });

  // 谁登记谁回复: the registering unit owes the first response (a rejection is a response too).
  const rDue = ms(c.firstResponseDueAt);
  // A case its reporter withdrew owes nothing further: a first response already given still counts.
  // A case merged into another (合并) likewise: the pair counts once, on the survivor.
  const withdrawn = !!c.withdrawnAt || !!c.mergedInto;
  if (rDue !== null && c.registeredUnitId && (!withdrawn || c.firstReplyAt)) {
    add(c.registeredUnitId, rDue, 'rDue');
    const replied = ms(c.firstReplyAt);
    if (replied !== null && replied <= rDue) add(c.registeredUnitId, rDue, 'rHit');
  }

  // On-time completion of the latest round, owed by the unit holding it whether it accepted the case
  // or not (a rejection, 不予受理, owes none): a case never accepted is a miss on its deadline.
  const due = ms(c.resolveDueAt);
  if (due !== null && c.unitId && c.status !== 'rejected' && !withdrawn) {
    const resolved = ms(c.resolvedAt);
    const onTime = resolved !== null && resolved <= due;
    add(c.unitId, onTime ? resolved : due, 'cDue');
    if (onTime) add(c.unitId, resolved, 'cHit');
  }
  // A unit the sweeper took the case from for staying late (auto-escalation) keeps a miss, on that day.
  for (const x of c.lateEscalations ?? []) add(x.unitId, ms(x.at)!, 'cDue');
  for (const u of c.urges ?? []) add(u.unitId, ms(u.at)!, 'urged');

  // Ratings, resident's or recorded at a visit, of every round: to the unit whose handling was rated,
  // the one that resolved it (evaluations and visits may come in between).
  const tl = c.timeline ?? [];
  let resolvedBy: string | null = null;
  for (const e of tl) {
    if (e.action === 'resolve') resolvedBy = e.unitId;
    if (e.action !== 'rate' && e.action !== 'followUp') continue;
    const sat = e.data?.satisfaction;
    if (sat !== 'satisfied' && sat !== 'basic' && sat !== 'unsatisfied') continue;
    if (e.data?.ratingCounted === false) continue; // staff rating their own chain's work: shown, not counted
    add(resolvedBy ?? e.unitId, ms(e.at)!, RATING_METRIC[e.action][sat]);
  }

  // Whistles: counted with the whistling unit, keyed by department (one counter document per event).
  for (const w of c.whistles ?? []) {
    const by = w.byUnitId;
    const d = w.departmentId;
    const checkInDue = ms(w.checkInDueAt)!;
    const checkedIn = ms(w.checkedInAt);
    // A whistle withdrawn before anyone checked in was called off, not missed.
    if (w.withdrawnAt && checkedIn === null) continue;
    add(by, checkInDue, `wo_${d}`);
    if (checkedIn !== null && checkedIn <= checkInDue) add(by, checkInDue, `wc_${d}`);
    if (!w.withdrawnAt) {
      add(by, checkInDue, `ro_${d}`);
      if (w.reportedAt) add(by, checkInDue, `rr_${d}`);
    }
    if (w.evaluation) {
      const t = ms(w.evaluation.at)!;
      out.push({
        unitId: by,
        day: dayOf(t),
        metric: `es_${d}`,
        n: w.evaluation.responseScore + w.evaluation.resultScore
      });
      add(by, t, `en_${d}`);
    }
    if (w.whistleEvaluation) {
      const t = ms(w.whistleEvaluation.at)!;
      add(by, t, 'rsN');
      if (w.whistleEvaluation.reasonable) add(by, t, 'rsY');
    }
  }
  return out;
}

/** Key of a (unit, day, metric) count. */
const keyOf = (x: { unitId: string; day: number; metric: string }): string =>
  `${x.unitId}\u0000${x.day}\u0000${x.metric}`;

/** Sums contributions by (unit, day, metric), dropping zeros. */
export function netContributions(list: readonly Contribution[]): Contribution[] {
  const m = new Map<string, Contribution>();
  for (const x of list) {
    const k = keyOf(x);
    const cur = m.get(k);
    if (cur) cur.n += x.n;
    else m.set(k, { ...x });
  }
  return [...m.values()].filter((x) => x.n !== 0);
}

/** What one change of a case adds to the counters: contributions after minus before (none before a new case). */
export function kpiDelta(before: KpiCase | null, after: KpiCase): Contribution[] {
  const neg = before ? contributionsOf(before).map((x) => ({ ...x, n: -x.n })) : [];
  return netContributions([...contributionsOf(after), ...neg]);
}

/** Counts by metric name. */
export type Counts = Record<string, number>;

/** Adds `b` into `a`. */
export function addCounts(a: Counts, b: Counts | undefined): Counts {
  if (b) for (const k of Object.keys(b)) a[k] = (a[k] ?? 0) + (typeof b[k] === 'number' ? b[k] : 0);
  return a;
}

/** Sums raw contributions per unit within a period: the reference the counters must equal. */
export function countsFromContributions(list: readonly Contribution[], p: Period): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const x of list) {
    if (x.day < p.fromDay || x.day > p.toDay) continue;
    const c = out.get(x.unitId) ?? {};
    c[x.metric] = (c[x.metric] ?? 0) + x.n;
    out.set(x.unitId, c);
  }
  return out;
}
