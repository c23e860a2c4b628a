// Figures from the counters: which documents a question needs, and the sums. Reads never touch cases.
import { canSeeFiguresOf } from '../../domain/access';
import {
  caseRates,
  departmentRates,
  rankingScore,
  roundRate,
  scopeUnitIds,
  whistleReasonableRate
} from '../../domain/kpiRates';
import { clampPeriod, parsePeriod, type Period } from '../../domain/kpiPeriods';
import {
  counterProjection,
  counterYearsOf,
  countsInPeriod,
  periodFields,
  type CounterDoc
} from '../../domain/kpiCounters';
import { addCounts, type Counts } from '../../domain/kpiContributions';
import type { Unit } from '../../domain/org';
import { dayToIso, shanghaiDay } from '../../domain/time';
import type { KpisResponse, RankingItem, RankingKind, TrendPoint } from '../../typings/stats';
import { readCounters } from '../../server/counters';
import { AppError, type ActionContext } from '../../server/function';
import { viewerOf } from '../../server/identity';
import type { Reference } from '../../server/reference';

/** The caller's unit: staff their own; admins see as the district. */
export async function viewerUnit(ctx: ActionContext, ref: Reference): Promise<Unit> {
  const v = await viewerOf(ctx, ref);
  if (v.kind === 'staff') return v.unit;
  if (v.kind === 'admin') {
    const district = [...ref.units.values()].find((u) => u.kind === 'district');
    if (district) return district;
  }
  throw new AppError('NOT_STAFF');
}

/** The asked unit, checked against the caller's scope. */
export function targetUnit(viewer: Unit, unitId: string | undefined, ref: Reference): Unit {
  const id = unitId ?? viewer.id;
  const unit = ref.units.get(id);
  if (!unit) throw new AppError('UNKNOWN_UNIT', id);
  if (!canSeeFiguresOf(viewer.id, id, ref.units)) throw new AppError('UNIT_OUT_OF_SCOPE', id);
  return unit;
}

export function periodOf(from: string, to: string): Period {
  const p = parsePeriod(from, to);
  if (typeof p === 'string') throw new AppError(p, `${from}..${to}`);
  return p;
}

/**
 * Counts per unit within each of some periods (null: nothing counted yet, no counts), from the counter
 * documents of `unitIds` (null: every unit): one read for all the periods (the trend's months too).
 */
export async function countsByUnit(
  unitIds: readonly string[] | null,
  periods: ReadonlyArray<Period | null>,
  today: number
): Promise<Array<Map<string, Counts>>> {
  const live = periods.filter((p): p is Period => p !== null);
  const years = [...new Set(live.flatMap((p) => counterYearsOf(p, today)))];
  const docs: CounterDoc[] = years.length
    ? await readCounters(unitIds, years, counterProjection(live.map(periodFields)))
    : [];
  return periods.map((p) => {
    const out = new Map<string, Counts>();
    if (!p) return out;
    const f = periodFields(p);
    for (const doc of docs) out.set(doc.unitId, addCounts(out.get(doc.unitId) ?? {}, countsInPeriod(doc, f)));
    return out;
  });
}

/** Units that whistle departments: towns and the district. */
export function whistlerIds(ref: Reference): string[] {
  return [...ref.units.values()].filter((u) => u.kind === 'town' || u.kind === 'district').map((u) => u.id);
}

export interface Figures extends Omit<RankingItem, 'rank' | 'score'> {
  score: number | null;
}

/** One unit's figures from counts already read. */
export function figuresOf(unit: Unit, byUnit: ReadonlyMap<string, Counts>, ref: Reference, weight: number): Figures {
  const sum: Counts = {};
  for (const id of scopeUnitIds(unit.id, ref.units)) addCounts(sum, byUnit.get(id));
  const r = caseRates(sum);
  const out: Figures = {
    unitId: unit.id,
    unitName: unit.name,
    responseRate: roundRate(r.responseRate),
    onTimeRate: roundRate(r.onTimeRate),
    satisfactionRate: roundRate(r.satisfactionRate),
    counts: r.counts,
    score: null
  };
  if (unit.kind === 'department') {
    const byWhistler = new Map(whistlerIds(ref).map((id) => [id, byUnit.get(id) ?? {}] as const));
    const d = departmentRates(unit.id, byWhistler, ref.units, weight);
    out.department = {
      ...d,
      checkInRate: roundRate(d.checkInRate),
      reportRate: roundRate(d.reportRate),
      evaluation: roundRate(d.evaluation)
    };
    out.score = roundRate(rankingScore([d.checkInRate, d.reportRate, d.evaluation === null ? null : d.evaluation / 5]));
  } else {
    out.score = roundRate(rankingScore([r.responseRate, r.onTimeRate, r.satisfactionRate]));
    if (unit.kind === 'town' || unit.kind === 'district')
      out.whistleReasonableRate = roundRate(whistleReasonableRate(byUnit.get(unit.id) ?? {}));
  }
  return out;
}

/** Which counter documents one unit's figures need (null: all). */
export function unitsToRead(unit: Unit, ref: Reference): string[] | null {
  if (unit.kind === 'district') return null;
  if (unit.kind === 'department') return [unit.id, ...whistlerIds(ref)];
  return scopeUnitIds(unit.id, ref.units);
}

/** Counts per unit over the counted part of a period (up to today), and that part. */
export async function countedByUnit(
  unitIds: readonly string[] | null,
  p: Period,
  ctx: ActionContext
): Promise<{ byUnit: Map<string, Counts>; counted: Period | null }> {
  const today = shanghaiDay(ctx.now);
  const counted = clampPeriod(p, today);
  const [byUnit] = await countsByUnit(unitIds, [counted], today);
  return { byUnit, counted };
}

/** stats.kpis for a unit; `read` when the counts were read already (they must cover unitsToRead). */
export async function kpisOf(
  unit: Unit,
  p: Period,
  ctx: ActionContext,
  ref: Reference,
  read?: Awaited<ReturnType<typeof countedByUnit>>
): Promise<KpisResponse> {
  const { byUnit, counted } = read ?? (await countedByUnit(unitsToRead(unit, ref), p, ctx));
  const f = figuresOf(unit, byUnit, ref, ref.kpi.townWeight);
  const out: KpisResponse = {
    unitId: unit.id,
    unitName: unit.name,
    kind: unit.kind,
    from: dayToIso(p.fromDay),
    countedTo: counted ? dayToIso(counted.toDay) : null,
    responseRate: f.responseRate,
    onTimeRate: f.onTimeRate,
    satisfactionRate: f.satisfactionRate,
    counts: f.counts
  };
  if (f.department) out.department = f.department;
  if (f.whistleReasonableRate !== undefined) out.whistleReasonableRate = f.whistleReasonableRate;
  return out;
}

/** stats.ranking: every unit of a kind ranked by score (null last), then the caller's visible ones; `read` as in kpisOf (every unit's). */
export async function rankingOf(
  kind: RankingKind,
  viewer: Unit,
  p: Period,
  ctx: ActionContext,
  ref: Reference,
  read?: Awaited<ReturnType<typeof countedByUnit>>
): Promise<{ total: number; items: RankingItem[]; countedTo: string | null }> {
  const { byUnit, counted } = read ?? (await countedByUnit(null, p, ctx));
  const all = [...ref.units.values()]
    .filter((u) => u.kind === kind)
    .map((u) => figuresOf(u, byUnit, ref, ref.kpi.townWeight));
  all.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.unitId.localeCompare(b.unitId));
  const items = all
    .map((f, i) => ({ ...f, rank: i + 1 }))
    .filter((f) => canSeeFiguresOf(viewer.id, f.unitId, ref.units));
  return { total: all.length, items: items, countedTo: counted ? dayToIso(counted.toDay) : null };
}

/** Monthly trend of a unit's three rates: one period per month, all read in one request. */
export async function trendOf(
  unit: Unit,
  months: ReadonlyArray<{ month: string; period: Period }>,
  ctx: ActionContext,
  ref: Reference
): Promise<TrendPoint[]> {
  const today = shanghaiDay(ctx.now);
  const sums = await countsByUnit(
    unitsToRead(unit, ref),
    months.map((m) => clampPeriod(m.period, today)),
    today
  );
  return months.map((m, k) => {
    const f = figuresOf(unit, sums[k], ref, ref.kpi.townWeight);
    return {
      month: m.month,
      responseRate: f.responseRate,
      onTimeRate: f.onTimeRate,
      satisfactionRate: f.satisfactionRate
    };
  });
}
