// Assessment counters (考核): the storage layout of the counts of kpiContributions.ts's contributions:
// which counter document and field a count goes to, and which documents and fields a period reads.
import { addCounts, type Contribution, type Counts } from './kpiContributions';
import { monthOf, yearOf, type Period } from './kpiPeriods';
import { dayToIso } from './time';

/** Field name of a day: 'D20261127'. */
export function dayField(day: number): string {
  return `D${dayToIso(day).replace(/-/g, '')}`;
}

/** Field name of a month total: 'M202611'. */
export function monthField(month: number): string {
  return `M${month}`;
}

/**
 * Counter documents: one per unit and year *of the changes that wrote it* (`<unitId>:<year>`), holding
 * totals per counted month `M.Myyyymm` and per counted day `D.Dyyyymmdd`. Keying by the change, not by
 * the counted day, is what keeps a change at one counter write: an acceptance on 28 Dec counts a
 * response on 29 Dec and a deadline in January, both into the same document. A change counts on
 * days at most a year away from its own (deadlines weeks ahead, a re-handled round's old day weeks
 * back), so a document holds days of its year ± 1, and a period is read from those three years'
 * documents. Only a count over a year away (a case paused for more than a year) goes to the
 * document of its own day's year instead: a second write, for a change that in practice never comes.
 */
export const COUNTER_YEAR_REACH = 1;

/** Counter document id of a unit and year. */
export function counterDocId(unitId: string, year: number): string {
  return `${unitId}:${year}`;
}

/** The year of the document a count on `day` goes to, for a change made on `changeDay`. */
function counterYearFor(changeDay: number, day: number): number {
  const y = yearOf(changeDay);
  const d = yearOf(day);
  return Math.abs(d - y) <= COUNTER_YEAR_REACH ? y : d;
}

/** Increments for one counter document. */
export interface CounterIncrement {
  unitId: string;
  year: number;
  M: Record<string, Counts>;
  D: Record<string, Counts>;
}

/** Groups the contributions of a change made on `changeDay` by counter document. */
export function counterIncrements(list: readonly Contribution[], changeDay: number): Map<string, CounterIncrement> {
  const out = new Map<string, CounterIncrement>();
  for (const x of list) {
    const year = counterYearFor(changeDay, x.day);
    const id = counterDocId(x.unitId, year);
    let g = out.get(id);
    if (!g) out.set(id, (g = { unitId: x.unitId, year, M: {}, D: {} }));
    const m = (g.M[monthField(monthOf(x.day))] ??= {});
    m[x.metric] = (m[x.metric] ?? 0) + x.n;
    const d = (g.D[dayField(x.day)] ??= {});
    d[x.metric] = (d[x.metric] ?? 0) + x.n;
  }
  return out;
}

/** Which counter fields a period needs: whole months read their totals, the ragged ends their days. */
export interface PeriodFields {
  wholeMonths: number[];
  days: number[];
}

export function periodFields(p: Period): PeriodFields {
  const wholeMonths: number[] = [];
  const days: number[] = [];
  let d = p.fromDay;
  while (d <= p.toDay) {
    const m = monthOf(d);
    let end = d;
    while (end + 1 <= p.toDay && monthOf(end + 1) === m) end++;
    if (monthOf(d - 1) !== m && monthOf(end + 1) !== m) wholeMonths.push(m);
    else for (let x = d; x <= end; x++) days.push(x);
    d = end + 1;
  }
  return { wholeMonths, days };
}

/** The projection reading some periods' fields. */
export function counterProjection(fields: readonly PeriodFields[]): Record<string, true> {
  const out: Record<string, true> = {};
  for (const f of fields) {
    for (const m of f.wholeMonths) out[`M.${monthField(m)}`] = true;
    for (const d of f.days) out[`D.${dayField(d)}`] = true;
  }
  return out;
}

/** The document years holding a period's counts, none after `today`'s year (no change has been made there yet). */
export function counterYearsOf(p: Period, today: number): number[] {
  const lo = yearOf(p.fromDay) - COUNTER_YEAR_REACH;
  const hi = Math.min(yearOf(p.toDay) + COUNTER_YEAR_REACH, yearOf(today));
  return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
}

/** A counter document as stored (projected: only the fields read). */
export interface CounterDoc {
  _id: string;
  unitId: string;
  year: number;
  M?: Record<string, Counts>;
  D?: Record<string, Counts>;
}

/** The counts of one document within a period (its whole months' totals and its ragged days). */
export function countsInPeriod(doc: CounterDoc, fields: PeriodFields): Counts {
  const out: Counts = {};
  for (const m of fields.wholeMonths) addCounts(out, doc.M?.[monthField(m)]);
  for (const d of fields.days) addCounts(out, doc.D?.[dayField(d)]);
  return out;
}
