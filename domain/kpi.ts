// Assessment figures (考核): response, on-time completion and satisfaction rates per unit, and the
// whistle figures of departments and towns. Pure: the counters, the reconciliation and the tests
// all use these functions, so "from the counters" and "from the raw cases" cannot disagree by design.
//
// A case's contribution is a function of its current document (`contributionsOf`). A change to a
// case adds `contributionsOf(after) − contributionsOf(before)` to the counters (`kpiDelta`): the
// sum over all changes telescopes to the contributions of the cases as they are now. So a deadline
// pushed back by a pause, an extension or a re-handling round moves its count, never doubles it.
import type { CaseRecord, TimelineEntry } from './case';
import type { Satisfaction } from './enums';
import { getUnit, inScope, type Units } from './org';
import type { Counts } from './kpiCounters';
import { shanghaiDay } from './time';

// Periods and counter documents live in kpiCounters.ts; one import path for both.
export * from './kpiCounters';

/** Default weight of towns' evaluations of a department; the district's weigh the rest. */
export const DEFAULT_TOWN_WEIGHT = 0.6;

/** The assessment's admin-editable rules: config document `kpi` { townWeight } (0–1), defaults where unset or invalid. */
export interface KpiRules {
  townWeight: number;
}

export function kpiRules(stored: unknown): KpiRules {
  const w = (stored as { townWeight?: unknown } | null | undefined)?.townWeight;
  return { townWeight: typeof w === 'number' && w >= 0 && w <= 1 ? w : DEFAULT_TOWN_WEIGHT };
}

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
  'rsN'
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
> & { timeline: ReadonlyArray<Pick<TimelineEntry, 'at' | 'action' | 'unitId' | 'data'>> };

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
  if (rDue !== null && c.registeredUnitId) {
    add(c.registeredUnitId, rDue, 'rDue');
    const replied = ms(c.firstReplyAt);
    if (replied !== null && replied <= rDue) add(c.registeredUnitId, rDue, 'rHit');
  }

  // On-time completion of the latest round, owed by the unit holding it whether it accepted the case
  // or not (a rejection, 不予受理, owes none): a case never accepted is a miss on its deadline.
  const due = ms(c.resolveDueAt);
  if (due !== null && c.unitId && c.status !== 'rejected') {
    const resolved = ms(c.resolvedAt);
    const onTime = resolved !== null && resolved <= due;
    add(c.unitId, onTime ? resolved : due, 'cDue');
    if (onTime) add(c.unitId, resolved, 'cHit');
  }
  // A unit the sweeper took the case from for staying late (auto-escalation) keeps a miss, on that day.
  for (const x of c.lateEscalations ?? []) add(x.unitId, ms(x.at)!, 'cDue');

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

// ---------------------------------------------------------------------------------------------
// Scope and rates

/**
 * Units whose counters make up a unit's figures: a community its own; a town its own and its
 * communities'; the district every unit's case counters; a department its own (whistle counters
 * are read from the whistling units, see `departmentRates`).
 */
export function scopeUnitIds(unitId: string, units: Units): string[] {
  const list = Array.isArray(units)
    ? (units as readonly { id: string }[]).map((u) => u.id)
    : [...(units as ReadonlyMap<string, unknown>).keys()];
  const u = getUnit(unitId, units);
  if (!u) return [];
  if (u.kind === 'district') return list;
  if (u.kind === 'town') return list.filter((id) => id === unitId || getUnit(id, units)?.parentId === unitId);
  return [unitId];
}

/** Whether a viewer in `viewerUnitId` may see the figures of `unitId`: itself and the units below it; the district all. */
export function canSeeFiguresOf(viewerUnitId: string, unitId: string, units: Units): boolean {
  const viewer = getUnit(viewerUnitId, units);
  if (!viewer || !getUnit(unitId, units)) return false;
  return viewer.id === unitId || inScope(viewer, unitId, units);
}

const rate = (hit: number, total: number): number | null => (total > 0 ? hit / total : null);
const n = (c: Counts, k: string): number => c[k] ?? 0;

/** The case figures of summed counts. */
export interface CaseRates {
  responseRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  counts: {
    responseDue: number;
    responseMet: number;
    resolveDue: number;
    resolveMet: number;
    rated: number;
    satisfied: number;
    basic: number;
    unsatisfied: number;
    /** Ratings recorded at follow-up visits (回访), included in the three above. */
    byFollowUp: number;
    /** Of them, satisfied or basic. */
    followUpSatisfied: number;
  };
}

/** Response, on-time and satisfaction rates (fractions 0–1, null when nothing was due or rated). */
export function caseRates(c: Counts): CaseRates {
  const satisfied = n(c, 'sSat') + n(c, 'fSat');
  const basic = n(c, 'sBasic') + n(c, 'fBasic');
  const unsatisfied = n(c, 'sUnsat') + n(c, 'fUnsat');
  const byFollowUp = n(c, 'fSat') + n(c, 'fBasic') + n(c, 'fUnsat');
  const rated = satisfied + basic + unsatisfied;
  return {
    responseRate: rate(n(c, 'rHit'), n(c, 'rDue')),
    onTimeRate: rate(n(c, 'cHit'), n(c, 'cDue')),
    satisfactionRate: rate(satisfied + basic, rated),
    counts: {
      responseDue: n(c, 'rDue'),
      responseMet: n(c, 'rHit'),
      resolveDue: n(c, 'cDue'),
      resolveMet: n(c, 'cHit'),
      rated,
      satisfied,
      basic,
      unsatisfied,
      byFollowUp,
      followUpSatisfied: n(c, 'fSat') + n(c, 'fBasic')
    }
  };
}

/** A department's figures: check-ins on time, results reported, and the weighted evaluation average (1–5). */
export interface DepartmentRates {
  checkInRate: number | null;
  reportRate: number | null;
  evaluation: number | null;
  counts: {
    whistled: number;
    checkedInOnTime: number;
    resultsOwed: number;
    reported: number;
    townEvaluations: number;
    districtEvaluations: number;
  };
}

/**
 * Department figures from the whistling units' counts (`byWhistler`: whistler unit id → counts).
 * Evaluations average the two scores; towns' average weighs `townWeight`, the district's the rest
 * (either alone when the other gave none).
 */
export function departmentRates(
  departmentId: string,
  byWhistler: ReadonlyMap<string, Counts>,
  units: Units,
  townWeight = DEFAULT_TOWN_WEIGHT
): DepartmentRates {
  const k = (m: DeptMetric): string => `${m}_${departmentId}`;
  let wo = 0,
    wc = 0,
    ro = 0,
    rr = 0;
  const ev = { town: { s: 0, n: 0 }, district: { s: 0, n: 0 } };
  for (const [unitId, c] of byWhistler) {
    wo += n(c, k('wo'));
    wc += n(c, k('wc'));
    ro += n(c, k('ro'));
    rr += n(c, k('rr'));
    const side = getUnit(unitId, units)?.kind === 'district' ? ev.district : ev.town;
    side.s += n(c, k('es'));
    side.n += n(c, k('en'));
  }
  // es sums two scores per evaluation: halve for a 1–5 average.
  const avg = (x: { s: number; n: number }): number | null => (x.n > 0 ? x.s / (2 * x.n) : null);
  const t = avg(ev.town);
  const d = avg(ev.district);
  const evaluation = t !== null && d !== null ? townWeight * t + (1 - townWeight) * d : (t ?? d);
  return {
    checkInRate: rate(wc, wo),
    reportRate: rate(rr, ro),
    evaluation,
    counts: {
      whistled: wo,
      checkedInOnTime: wc,
      resultsOwed: ro,
      reported: rr,
      townEvaluations: ev.town.n,
      districtEvaluations: ev.district.n
    }
  };
}

/** A town's whistles as departments judged them: the share found reasonable. */
export function whistleReasonableRate(c: Counts): number | null {
  return rate(n(c, 'rsY'), n(c, 'rsN'));
}

/**
 * Ranking score: the mean of the rates a unit has (0–1); departments use check-in, report and
 * evaluation/5. Null when the unit has no figures at all (ranked last).
 */
export function rankingScore(rates: ReadonlyArray<number | null>): number | null {
  const xs = rates.filter((x): x is number => x !== null);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** Rounds a rate for display and export (4 decimals), keeping null. */
export function roundRate(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10000) / 10000;
}
