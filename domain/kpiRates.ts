// Assessment figures (考核): response, on-time completion and satisfaction rates per unit, the
// whistle figures of departments and towns, and the ranking score, all from summed counts
// (kpiContributions.ts says what a case counts for; kpiCounters.ts where the counts are kept).
import type { Counts, DeptMetric } from './kpiContributions';
import { getUnit, type Units } from './org';

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
    /** The reporters' urges (催办). */
    urged: number;
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
      followUpSatisfied: n(c, 'fSat') + n(c, 'fBasic'),
      urged: n(c, 'urged')
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
