// A hand-made November 2026 at 平安社区 (and one case of its town), with every rate worked out by
// hand first (in the comments), then checked against the pure definitions in domain/kpi.ts.
import fc from 'fast-check';
import type { Whistle } from '../../domain/case';
import { canSeeFiguresOf } from '../../domain/access';
import { caseRates, departmentRates, kpiRules, scopeUnitIds, whistleReasonableRate } from '../../domain/kpiRates';
import { clampPeriod, parsePeriod } from '../../domain/kpiPeriods';
import {
  contributionsOf,
  countsFromContributions,
  addCounts,
  kpiDelta,
  netContributions,
  type Contribution,
  type Counts,
  type KpiCase
} from '../../domain/kpiContributions';
import { counterIncrements, counterYearsOf, countsInPeriod, periodFields } from '../../domain/kpiCounters';
import { dayToIso, isoToDay } from '../../domain/time';
import { BAQIAO, DEPT_JUSTICE, DISTRICT, GANGHUA, PINGAN, XINSHANCUN, eod, sh, units } from './fixtures';

type Entry = KpiCase['timeline'][number];
const entry = (at: string, action: Entry['action'], unitId = PINGAN, data?: Entry['data']): Entry => ({
  at: sh(at),
  action,
  unitId,
  ...(data ? { data } : {})
});

function kase(p: Partial<KpiCase> & { firstResponseDueAt: Date }): KpiCase {
  return {
    status: 'submitted',
    unitId: PINGAN,
    registeredUnitId: PINGAN,
    resolveDueAt: eod('2026-12-31'),
    firstReplyAt: null,
    acceptedAt: null,
    resolvedAt: null,
    timeline: [entry('2026-11-01 09:00', 'submit')],
    ...p
  };
}

// A: replied and resolved on time, resident satisfied.           R hit (11-03), C hit (11-08), sSat
const A = kase({
  status: 'closed',
  firstResponseDueAt: eod('2026-11-03'),
  firstReplyAt: sh('2026-11-03 10:00'),
  acceptedAt: sh('2026-11-03 10:00'),
  resolveDueAt: eod('2026-11-10'),
  resolvedAt: sh('2026-11-08 16:00'),
  timeline: [
    entry('2026-11-02 09:00', 'submit'),
    entry('2026-11-03 10:00', 'accept'),
    entry('2026-11-08 16:00', 'resolve'),
    entry('2026-11-09 08:00', 'rate', PINGAN, { satisfaction: 'satisfied' })
  ]
});
// B: replied a day late, resolved a week late, resident says basic. R miss (11-05), C miss (11-13), sBasic
const B = kase({
  status: 'closed',
  firstResponseDueAt: eod('2026-11-05'),
  firstReplyAt: sh('2026-11-06 09:00'),
  acceptedAt: sh('2026-11-06 09:00'),
  resolveDueAt: eod('2026-11-13'),
  resolvedAt: sh('2026-11-20 09:00'),
  timeline: [
    entry('2026-11-04 09:00', 'submit'),
    entry('2026-11-06 09:00', 'accept'),
    entry('2026-11-20 09:00', 'resolve'),
    entry('2026-11-21 09:00', 'rate', PINGAN, { satisfaction: 'basic' })
  ]
});
// C: never answered nor accepted; its resolve deadline passes too. R miss (11-10), C miss (11-17)
const C = kase({ firstResponseDueAt: eod('2026-11-10'), resolveDueAt: eod('2026-11-17') });
// D: answered on time, deadline to resolve in December.          R hit (11-28); its resolution counts in December
const D = kase({
  status: 'accepted',
  firstResponseDueAt: eod('2026-11-28'),
  firstReplyAt: sh('2026-11-27 09:00'),
  acceptedAt: sh('2026-11-27 09:00'),
  resolveDueAt: eod('2026-12-04')
});
// E: rejected (不予受理) the same day: the refusal is the reply.    R hit (11-12), no resolution owed
const E = kase({
  status: 'rejected',
  firstResponseDueAt: eod('2026-11-12'),
  firstReplyAt: sh('2026-11-12 15:00'),
  resolveDueAt: eod('2026-11-19')
});
// F: filed in October, resolved early November, closed by a follow-up visit (回访) 'satisfied'.
//                                                                R in October; C hit (11-02); fSat (11-12)
const F = kase({
  status: 'closed',
  firstResponseDueAt: eod('2026-10-30'),
  firstReplyAt: sh('2026-10-30 09:00'),
  acceptedAt: sh('2026-10-30 09:00'),
  resolveDueAt: eod('2026-11-06'),
  resolvedAt: sh('2026-11-02 11:00'),
  timeline: [
    entry('2026-10-29 09:00', 'submit'),
    entry('2026-10-30 09:00', 'accept'),
    entry('2026-11-02 11:00', 'resolve'),
    entry('2026-11-12 10:00', 'followUp', PINGAN, { satisfaction: 'satisfied' })
  ]
});
// H: unsatisfied, reopened for round 2 (重办), now overdue.       R hit (11-16); sUnsat (11-19); C of round 2 missed (11-25)
const H = kase({
  status: 'accepted',
  firstResponseDueAt: eod('2026-11-16'),
  firstReplyAt: sh('2026-11-16 09:00'),
  acceptedAt: sh('2026-11-16 09:00'),
  resolveDueAt: eod('2026-11-25'),
  resolvedAt: null,
  timeline: [
    entry('2026-11-15 09:00', 'submit'),
    entry('2026-11-16 09:00', 'accept'),
    entry('2026-11-18 09:00', 'resolve'),
    entry('2026-11-19 09:00', 'rate', PINGAN, { satisfaction: 'unsatisfied' })
  ]
});
// G: a case the town (新山村街道) itself registered and answered on time. R hit (11-15) for the town
const G = kase({
  unitId: XINSHANCUN,
  registeredUnitId: XINSHANCUN,
  firstResponseDueAt: eod('2026-11-15'),
  firstReplyAt: sh('2026-11-14 09:00')
});

const whistle = (p: Partial<Whistle>): Whistle => ({
  departmentId: DEPT_JUSTICE,
  role: 'lead',
  byUnitId: XINSHANCUN,
  byStaffId: 's',
  reason: 'r',
  at: sh('2026-11-03 10:00'),
  checkInDueAt: sh('2026-11-03 10:30'),
  checkedInAt: null,
  checkInLate: null,
  resultDueAt: eod('2026-11-06'),
  reportedAt: null,
  result: null,
  evaluateDueAt: null,
  withdrawnAt: null,
  withdrawReason: null,
  evaluation: null,
  whistleEvaluation: null,
  ...p
});
// Whistles to the justice bureau: by the town (on time, reported, scored 4+5, judged reasonable),
// by the district (late, not reported, scored 3+3), and one by the town withdrawn before check-in.
const W = kase({
  unitId: XINSHANCUN,
  registeredUnitId: XINSHANCUN,
  firstResponseDueAt: eod('2026-11-03'),
  firstReplyAt: sh('2026-11-03 09:00'),
  whistles: [
    whistle({
      checkedInAt: sh('2026-11-03 10:20'),
      checkInLate: false,
      reportedAt: sh('2026-11-04 10:00'),
      evaluation: { responseScore: 4, resultScore: 5, comment: null, at: sh('2026-11-05 10:00'), by: 's' },
      whistleEvaluation: { reasonable: true, comment: null, at: sh('2026-11-05 11:00'), by: 'd' }
    }),
    whistle({
      byUnitId: DISTRICT,
      role: 'cooperate',
      checkInDueAt: sh('2026-11-07 10:30'),
      checkedInAt: sh('2026-11-07 11:00'),
      checkInLate: true,
      evaluation: { responseScore: 3, resultScore: 3, comment: null, at: sh('2026-11-09 10:00'), by: 's' }
    }),
    whistle({ role: 'cooperate', departmentId: 'dept-health', withdrawnAt: sh('2026-11-03 10:10') }),
    whistle({ withdrawnAt: sh('2026-11-03 10:05'), checkInDueAt: sh('2026-11-03 10:40') })
  ]
});

const november = parsePeriod('2026-11-01', '2026-11-30');
if (typeof november === 'string') throw new Error(november);
const all: Contribution[] = [A, B, C, D, E, F, H, G, W].flatMap(contributionsOf);
const byUnit = countsFromContributions(all, november);
const sum = (ids: string[]): Counts => {
  const out: Counts = {};
  for (const id of ids) for (const [k, v] of Object.entries(byUnit.get(id) ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
};

describe('worked month: November 2026 at 平安社区', () => {
  test('平安社区: response 4/6, on time 2/5, satisfaction 3/4 (one of them by a visit)', () => {
    // R due: A B C D E H = 6; met: A D E H = 4. C due: A F (met), B, H (missed), C (never accepted: missed) = 5; met 2.
    // Rated: A satisfied, B basic, F satisfied at a visit, H unsatisfied = 4; satisfied or basic 3.
    const r = caseRates(byUnit.get(PINGAN)!);
    expect(r.responseRate).toBeCloseTo(4 / 6, 10);
    expect(r.onTimeRate).toBe(0.4);
    expect(r.satisfactionRate).toBe(0.75);
    expect(r.counts).toEqual({
      responseDue: 6,
      responseMet: 4,
      resolveDue: 5,
      resolveMet: 2,
      rated: 4,
      satisfied: 2,
      basic: 1,
      unsatisfied: 1,
      byFollowUp: 1,
      followUpSatisfied: 1,
      urged: 0
    });
  });

  test("新山村街道 counts its own cases and its communities': response 6/8", () => {
    // Its own: G (met) and W (met); plus 平安社区's 6 (4 met). On time: 平安社区's 2/5 (G and W are due in December).
    const r = caseRates(sum(scopeUnitIds(XINSHANCUN, units)));
    expect(r.counts.responseDue).toBe(8);
    expect(r.responseRate).toBe(6 / 8);
    expect(r.onTimeRate).toBe(0.4);
    expect(caseRates(sum(scopeUnitIds(DISTRICT, units))).counts.responseDue).toBe(8);
    expect(caseRates(sum(scopeUnitIds(BAQIAO, units))).responseRate).toBeNull();
  });

  test("December holds D's resolution, October F's response", () => {
    const dec = parsePeriod('2026-12-01', '2026-12-31');
    const oct = parsePeriod('2026-10-01', '2026-10-31');
    if (typeof dec === 'string' || typeof oct === 'string') throw new Error('period');
    expect(caseRates(countsFromContributions(all, dec).get(PINGAN)!).counts).toMatchObject({
      resolveDue: 1,
      resolveMet: 0
    });
    expect(caseRates(countsFromContributions(all, oct).get(PINGAN)!).counts).toMatchObject({
      responseDue: 1,
      responseMet: 1
    });
  });

  test('the justice bureau: check-in 1/2, reports 1/2, evaluation 0.6 × 4.5 + 0.4 × 3 = 3.9', () => {
    // The withdrawn-before-check-in whistle counts for nothing.
    const byWhistler = new Map([XINSHANCUN, DISTRICT, BAQIAO].map((id) => [id, byUnit.get(id) ?? {}] as const));
    const d = departmentRates(DEPT_JUSTICE, byWhistler, units);
    expect(d.checkInRate).toBe(0.5);
    expect(d.reportRate).toBe(0.5);
    expect(d.evaluation).toBeCloseTo(3.9, 10);
    expect(departmentRates(DEPT_JUSTICE, byWhistler, units, 0.5).evaluation).toBeCloseTo(3.75, 10);
    expect(departmentRates('dept-health', byWhistler, units).checkInRate).toBeNull();
  });

  test("新山村街道's whistles judged reasonable: 1/1", () => {
    expect(whistleReasonableRate(byUnit.get(XINSHANCUN)!)).toBe(1);
    expect(whistleReasonableRate({})).toBeNull();
  });
});

describe('counting changes', () => {
  test("the deltas of a case's changes add up to what it counts for now (a pause moves a deadline, never doubles it)", () => {
    const s0 = kase({ firstResponseDueAt: eod('2026-11-03') });
    const s1 = { ...s0, firstResponseDueAt: eod('2026-11-05') }; // resumed after a pause
    const s2 = {
      ...s1,
      status: 'accepted' as const,
      firstReplyAt: sh('2026-11-04 09:00'),
      acceptedAt: sh('2026-11-04 09:00'),
      resolveDueAt: eod('2026-11-11')
    };
    const s3 = { ...s2, status: 'resolved' as const, resolvedAt: sh('2026-11-10 09:00') };
    const deltas = [kpiDelta(null, s0), kpiDelta(s0, s1), kpiDelta(s1, s2), kpiDelta(s2, s3)];
    expect(netContributions(deltas.flat())).toEqual(expect.arrayContaining(netContributions(contributionsOf(s3))));
    expect(netContributions(deltas.flat())).toHaveLength(contributionsOf(s3).length);
    // Each change touches one unit.
    for (const d of deltas) expect(new Set(d.map((x) => x.unitId)).size).toBeLessThanOrEqual(1);
  });

  test("a rating goes to the unit that resolved the case, even after a department's evaluation entry", () => {
    const k = kase({
      status: 'closed',
      firstResponseDueAt: eod('2026-11-03'),
      firstReplyAt: sh('2026-11-03 10:00'),
      acceptedAt: sh('2026-11-03 10:00'),
      resolvedAt: sh('2026-11-05 10:00'),
      timeline: [
        entry('2026-11-02 09:00', 'submit'),
        entry('2026-11-03 10:00', 'accept'),
        entry('2026-11-05 10:00', 'resolve'),
        entry('2026-11-05 11:00', 'evaluateWhistle', DEPT_JUSTICE),
        entry('2026-11-06 09:00', 'rate', DEPT_JUSTICE, { satisfaction: 'basic' })
      ]
    });
    expect(contributionsOf(k).filter((x) => x.metric === 'sBasic')).toEqual([
      { unitId: PINGAN, day: isoToDay('2026-11-06'), metric: 'sBasic', n: 1 }
    ]);
  });

  test('a case never accepted is an on-time miss on its deadline day; a rejected one owes nothing', () => {
    const never = kase({ firstResponseDueAt: eod('2026-11-03'), resolveDueAt: eod('2026-11-09') });
    expect(contributionsOf(never).filter((x) => x.metric.startsWith('c'))).toEqual([
      { unitId: PINGAN, day: isoToDay('2026-11-09'), metric: 'cDue', n: 1 }
    ]);
    expect(caseRates(countsFromContributions(contributionsOf(never), november).get(PINGAN)!).onTimeRate).toBe(0);
    expect(contributionsOf({ ...never, status: 'rejected' }).filter((x) => x.metric.startsWith('c'))).toEqual([]);
  });

  test('a unit the sweeper escalated a case away from for staying late keeps a miss, on that day', () => {
    const k = kase({
      unitId: XINSHANCUN,
      firstResponseDueAt: eod('2026-11-03'),
      resolveDueAt: eod('2026-11-20'),
      lateEscalations: [{ unitId: PINGAN, at: sh('2026-11-06 09:00') }]
    });
    const c = contributionsOf(k).filter((x) => x.metric.startsWith('c'));
    expect(c).toEqual([
      { unitId: XINSHANCUN, day: isoToDay('2026-11-20'), metric: 'cDue', n: 1 },
      { unitId: PINGAN, day: isoToDay('2026-11-06'), metric: 'cDue', n: 1 }
    ]);
  });

  test('a rating marked ratingCounted: false (staff of the rated chain) is not counted', () => {
    const rated = (data: Entry['data']) =>
      kase({
        status: 'closed',
        firstResponseDueAt: eod('2026-11-03'),
        acceptedAt: sh('2026-11-03 10:00'),
        resolvedAt: sh('2026-11-05 10:00'),
        timeline: [entry('2026-11-05 10:00', 'resolve'), entry('2026-11-06 09:00', 'rate', PINGAN, data)]
      });
    expect(contributionsOf(rated({ satisfaction: 'satisfied' })).some((x) => x.metric === 'sSat')).toBe(true);
    const own = rated({ satisfaction: 'satisfied', ratingCounted: false });
    expect(contributionsOf(own).filter((x) => x.metric.startsWith('s') || x.metric.startsWith('f'))).toEqual([]);
    expect(
      kpiDelta(
        kase({
          firstResponseDueAt: eod('2026-11-03'),
          acceptedAt: sh('2026-11-03 10:00'),
          resolvedAt: sh('2026-11-05 10:00'),
          status: 'resolved',
          timeline: [entry('2026-11-05 10:00', 'resolve')]
        }),
        own
      )
    ).toEqual([]);
  });

  test('a change that counts nothing adds nothing', () => {
    expect(kpiDelta(A, { ...A })).toEqual([]);
  });
});

describe('counter documents', () => {
  const day = (iso: string): number => isoToDay(iso)!;
  const at = (unitId: string, iso: string, metric: string, n = 1): Contribution => ({
    unitId,
    day: day(iso),
    metric,
    n
  });

  test("an acceptance on 28 Dec counting a response on 29 Dec and a deadline in January is one write, to the change's year", () => {
    const inc = counterIncrements(
      [at(PINGAN, '2026-12-29', 'rHit'), at(PINGAN, '2027-01-08', 'cDue')],
      day('2026-12-28')
    );
    expect([...inc.keys()]).toEqual([`${PINGAN}:2026`]);
    expect(inc.get(`${PINGAN}:2026`)).toEqual({
      unitId: PINGAN,
      year: 2026,
      M: { M202612: { rHit: 1 }, M202701: { cDue: 1 } },
      D: { D20261229: { rHit: 1 }, D20270108: { cDue: 1 } }
    });
  });

  test("a count over a year from its change (a case paused that long) goes to its own day's year", () => {
    const inc = counterIncrements(
      [at(PINGAN, '2026-03-01', 'cDue', -1), at(PINGAN, '2028-05-01', 'cDue')],
      day('2026-03-01')
    );
    expect([...inc.keys()].sort()).toEqual([`${PINGAN}:2026`, `${PINGAN}:2028`]);
  });

  test("a period is read from the documents of its years and the years either side, never after today's", () => {
    expect(counterYearsOf({ fromDay: day('2026-11-01'), toDay: day('2026-11-30') }, day('2026-11-27'))).toEqual([
      2025, 2026
    ]);
    expect(counterYearsOf({ fromDay: day('2025-12-01'), toDay: day('2026-01-31') }, day('2027-03-01'))).toEqual([
      2024, 2025, 2026, 2027
    ]);
  });

  // Any changes, any days: one write per unit when its counts lie within a year, and reading a period
  // from the documents counterYearsOf names gives exactly what the raw contributions give.
  const base = day('2025-01-01');
  const change = fc.record({
    day: fc.integer({ min: 0, max: 1200 }),
    counts: fc.array(
      fc.record({
        unit: fc.constantFrom(PINGAN, XINSHANCUN),
        offset: fc.integer({ min: -500, max: 500 }),
        metric: fc.constantFrom('rDue', 'rHit', 'cDue', 'sSat'),
        n: fc.constantFrom(-1, 1, 2)
      }),
      { minLength: 1, maxLength: 6 }
    )
  });

  test('one document per unit for counts within a year; reads add up to the raw counts (property, fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.array(change, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 1, max: 366 }),
        (changes, start, length) => {
          const docs = new Map<
            string,
            { unitId: string; year: number; M: Record<string, Counts>; D: Record<string, Counts> }
          >();
          const raw: Contribution[] = [];
          let today = base;
          for (const c of changes) {
            const changeDay = base + c.day;
            today = Math.max(today, changeDay);
            const list = c.counts.map((x) => ({ unitId: x.unit, day: changeDay + x.offset, metric: x.metric, n: x.n }));
            raw.push(...list);
            const inc = counterIncrements(list, changeDay);
            const farAway = (x: Contribution) =>
              Math.abs(Number(dayToIso(x.day).slice(0, 4)) - Number(dayToIso(changeDay).slice(0, 4))) > 1;
            if (!list.some(farAway)) expect(inc.size).toBe(new Set(list.map((x) => x.unitId)).size);
            for (const [id, g] of inc) {
              const doc = docs.get(id) ?? { unitId: g.unitId, year: g.year, M: {}, D: {} };
              for (const [f, counts] of Object.entries(g.M)) doc.M[f] = addCounts(doc.M[f] ?? {}, counts);
              for (const [f, counts] of Object.entries(g.D)) doc.D[f] = addCounts(doc.D[f] ?? {}, counts);
              docs.set(id, doc);
            }
          }
          // Read as stats does: the period up to today, from the documents of the years counterYearsOf names.
          const p = clampPeriod({ fromDay: base - 400 + start, toDay: base - 400 + start + length - 1 }, today);
          fc.pre(p !== null);
          const years = counterYearsOf(p, today);
          const fields = periodFields(p);
          const read = new Map<string, Counts>();
          for (const [id, doc] of docs)
            if (years.includes(doc.year))
              read.set(doc.unitId, addCounts(read.get(doc.unitId) ?? {}, countsInPeriod({ _id: id, ...doc }, fields)));
          const nonZero = (m: Map<string, Counts>) =>
            Object.fromEntries(
              [...m]
                .map(([u, c]) => [u, Object.fromEntries(Object.entries(c).filter(([, v]) => v !== 0))] as const)
                .filter(([, c]) => Object.keys(c).length)
            );
          expect(nonZero(read)).toEqual(nonZero(countsFromContributions(raw, p)));
        }
      ),
      { seed: 20261127, numRuns: 300 }
    );
  });
});

describe('kpi rules', () => {
  test("towns' weight comes from the config document, 0.6 where unset or outside 0–1", () => {
    expect(kpiRules({ townWeight: 0.75 })).toEqual({ townWeight: 0.75 });
    for (const bad of [undefined, null, {}, { townWeight: 1.5 }, { townWeight: -0.1 }, { townWeight: '0.7' }])
      expect(kpiRules(bad)).toEqual({ townWeight: 0.6 });
  });
});

describe('periods and scope', () => {
  test.each([
    ['2026-11-30', '2026-11-01', 'PERIOD_INVALID'],
    ['2026-02-30', '2026-03-01', 'PERIOD_INVALID'],
    ['yesterday', '2026-03-01', 'PERIOD_INVALID'],
    ['2025-01-01', '2026-01-02', 'PERIOD_TOO_LONG']
  ])('%s .. %s → %s', (from, to, code) => expect(parsePeriod(from, to)).toBe(code));

  test('366 days is allowed; a period is clamped to today', () => {
    const p = parsePeriod('2024-01-01', '2024-12-31');
    expect(typeof p).toBe('object');
    const nov = november;
    expect(clampPeriod(nov, isoToDay('2026-11-15')!)).toEqual({ fromDay: nov.fromDay, toDay: isoToDay('2026-11-15') });
    expect(clampPeriod(nov, isoToDay('2026-10-15')!)).toBeNull();
  });

  test('whole months read month totals, ragged ends read days', () => {
    const p = parsePeriod('2026-10-30', '2026-12-02');
    if (typeof p === 'string') throw new Error(p);
    const f = periodFields(p);
    expect(f.wholeMonths).toEqual([202611]);
    expect(f.days.map(dayToIso)).toEqual(['2026-10-30', '2026-10-31', '2026-12-01', '2026-12-02']);
  });

  test('a town sees itself and its communities, not another town; the district sees all', () => {
    expect(canSeeFiguresOf(XINSHANCUN, PINGAN, units)).toBe(true);
    expect(canSeeFiguresOf(XINSHANCUN, GANGHUA, units)).toBe(true);
    expect(canSeeFiguresOf(XINSHANCUN, BAQIAO, units)).toBe(false);
    expect(canSeeFiguresOf(PINGAN, XINSHANCUN, units)).toBe(false);
    expect(canSeeFiguresOf(DEPT_JUSTICE, DEPT_JUSTICE, units)).toBe(true);
    expect(canSeeFiguresOf(DEPT_JUSTICE, PINGAN, units)).toBe(false);
    expect(canSeeFiguresOf(DISTRICT, DEPT_JUSTICE, units)).toBe(true);
    expect(scopeUnitIds(PINGAN, units)).toEqual([PINGAN]);
  });
});
