// The whistle, supervision and clock rules on fixed dates (2026-11-16 is a Monday).
import { openCase, type Actor, type CaseRecord, type Whistle } from '../../domain/case';
import { decide } from '../../domain/caseState';
import { distanceM } from '../../domain/geo';
import { resumePatch, supervisorOf } from '../../domain/delays';
import {
  clockItems,
  DEFAULT_SUPERVISION_RULES,
  deriveClock,
  nextSweepAt,
  supervisionRules,
  sweepCase,
  whistleOverdue
} from '../../domain/supervision';
import { pendingWhistles } from '../../domain/whistles';
import { ctx, DISTRICT, eod, PINGAN, routingRules, sh, XINSHANCUN, YUEJINCUN } from './fixtures';

const staff = (unitId: string): Actor => ({ kind: 'staff', staffId: `staff-${unitId}`, unitId });
const rules = DEFAULT_SUPERVISION_RULES;

function opened(at: Date, category = 'neighbor'): CaseRecord {
  const o = openCase({ category, communityId: PINGAN, reporterId: 'r1', at }, routingRules, ctx);
  if (!o.ok) throw new Error(o.code);
  return o.record;
}

function apply(c: CaseRecord, action: Parameters<typeof decide>[1], actor: Actor, now: Date): CaseRecord {
  const d = decide(c, action, actor, now, ctx);
  if (!d.ok) throw new Error(`${d.code} ${d.detail ?? ''}`);
  return { ...c, ...d.patch };
}

/** The record as stored: derived clock fields applied, as caseFlow does. */
function stored(c: CaseRecord, now: Date): CaseRecord & { sweepAt: Date | null } {
  return { ...c, ...deriveClock(c, now, rules, ctx) };
}

describe('whistles', () => {
  const t0 = sh('2026-11-16 09:00');
  const labour = () => opened(t0, 'labor'); // starts at the town

  test('the check-in is due 30 minutes after the whistle, the result 3 working days after', () => {
    const c = apply(
      labour(),
      { type: 'whistle', departmentIds: ['dept-hrss', 'dept-police'], reason: '欠薪' },
      staff(XINSHANCUN),
      t0
    );
    expect(c.whistles?.map((w) => [w.role, w.checkInDueAt.toISOString(), w.resultDueAt.getTime()])).toEqual([
      ['lead', sh('2026-11-16 09:30').toISOString(), eod('2026-11-19').getTime()],
      ['cooperate', sh('2026-11-16 09:30').toISOString(), eod('2026-11-19').getTime()]
    ]);
    expect(c.whistledTo).toEqual(['dept-hrss', 'dept-police']);
    expect(pendingWhistles(c)).toHaveLength(2);
  });

  test('on time up to the due minute, late after it', () => {
    const c = apply(labour(), { type: 'whistle', departmentIds: ['dept-hrss'], reason: '欠薪' }, staff(XINSHANCUN), t0);
    expect(apply(c, { type: 'checkIn' }, staff('dept-hrss'), sh('2026-11-16 09:30')).whistles?.[0].checkInLate).toBe(
      false
    );
    expect(apply(c, { type: 'checkIn' }, staff('dept-hrss'), sh('2026-11-16 09:31')).whistles?.[0].checkInLate).toBe(
      true
    );
  });

  test.each([
    ['the community where it happened (the town handles it)', staff(PINGAN), 'OUT_OF_SCOPE'],
    ['a department not whistled (it cannot reach the case)', staff('dept-police'), 'OUT_OF_SCOPE'],
    ['a resident', { kind: 'resident' as const, openid: 'r1' }, 'NOT_STAFF']
  ])('%s cannot whistle', (_w, actor, code) => {
    expect(
      decide(labour(), { type: 'whistle', departmentIds: ['dept-hrss'], reason: 'x' }, actor, t0, ctx)
    ).toMatchObject({ ok: false, code });
  });

  test('the handling community cannot whistle', () => {
    expect(
      decide(opened(t0), { type: 'whistle', departmentIds: ['dept-hrss'], reason: 'x' }, staff(PINGAN), t0, ctx)
    ).toMatchObject({ ok: false, code: 'WHISTLE_NOT_ALLOWED' });
  });

  test('a whistled department still cannot whistle', () => {
    const c = apply(labour(), { type: 'whistle', departmentIds: ['dept-hrss'], reason: '欠薪' }, staff(XINSHANCUN), t0);
    expect(
      decide(c, { type: 'whistle', departmentIds: ['dept-police'], reason: 'x' }, staff('dept-hrss'), t0, ctx)
    ).toMatchObject({ ok: false, code: 'WHISTLE_NOT_ALLOWED' });
  });

  test('a former town cannot whistle onto a case that moved on', () => {
    const moved = apply(
      labour(),
      { type: 'transfer', toUnitId: YUEJINCUN, reason: '用工单位在跃进村街道' },
      staff(XINSHANCUN),
      t0
    );
    expect(
      decide(moved, { type: 'whistle', departmentIds: ['dept-hrss'], reason: '欠薪' }, staff(XINSHANCUN), t0, ctx)
    ).toMatchObject({ ok: false, code: 'OUT_OF_SCOPE' });
    expect(
      apply(moved, { type: 'whistle', departmentIds: ['dept-hrss'], reason: '欠薪' }, staff(YUEJINCUN), t0).whistledTo
    ).toEqual(['dept-hrss']);
  });

  test('a whistle made by a former holder: the handling chain withdraws it and resolves; the former town can do neither', () => {
    let c = apply(labour(), { type: 'whistle', departmentIds: ['dept-hrss'], reason: '欠薪' }, staff(XINSHANCUN), t0);
    c = apply(c, { type: 'transfer', toUnitId: YUEJINCUN, reason: '用工单位在跃进村街道' }, staff(XINSHANCUN), t0);
    c = apply(c, { type: 'accept' }, staff(YUEJINCUN), t0);
    expect(decide(c, { type: 'resolve', summary: '已调解' }, staff(YUEJINCUN), t0, ctx)).toMatchObject({
      ok: false,
      code: 'WHISTLES_PENDING'
    });
    expect(
      decide(c, { type: 'withdrawWhistle', departmentId: 'dept-hrss', reason: '无需' }, staff(XINSHANCUN), t0, ctx)
    ).toMatchObject({ ok: false, code: 'OUT_OF_SCOPE' });
    c = apply(
      c,
      { type: 'withdrawWhistle', departmentId: 'dept-hrss', reason: '本街道自行协调' },
      staff(YUEJINCUN),
      t0
    );
    expect(c.whistledTo).toEqual([]);
    expect(decide(c, { type: 'resolve', summary: '已调解' }, staff(YUEJINCUN), t0, ctx).ok).toBe(true);
    expect(decide(c, { type: 'checkIn' }, staff('dept-hrss'), t0, ctx)).toMatchObject({
      ok: false,
      code: 'OUT_OF_SCOPE'
    });
  });

  test('a reported whistle of a former holder is evaluated by the unit now handling the case', () => {
    let c = apply(labour(), { type: 'whistle', departmentIds: ['dept-hrss'], reason: '欠薪' }, staff(XINSHANCUN), t0);
    c = apply(c, { type: 'checkIn' }, staff('dept-hrss'), t0);
    c = apply(c, { type: 'report', result: '已督促支付' }, staff('dept-hrss'), t0);
    c = apply(c, { type: 'transfer', toUnitId: YUEJINCUN, reason: '用工单位在跃进村街道' }, staff(XINSHANCUN), t0);
    const score = { type: 'evaluate', departmentId: 'dept-hrss', responseScore: 4, resultScore: 4 } as const;
    expect(decide(c, score, staff(XINSHANCUN), t0, ctx)).toMatchObject({ ok: false, code: 'OUT_OF_SCOPE' });
    expect(decide(c, score, staff(DISTRICT), t0, ctx)).toMatchObject({ ok: false, code: 'NOT_WHISTLER' });
    expect(decide(c, score, staff(YUEJINCUN), t0, ctx).ok).toBe(true);
  });

  test('resolving waits for every whistle to report or be withdrawn', () => {
    let c = apply(labour(), { type: 'whistle', departmentIds: ['dept-hrss'], reason: '欠薪' }, staff(XINSHANCUN), t0);
    c = apply(c, { type: 'accept' }, staff(XINSHANCUN), t0);
    expect(decide(c, { type: 'resolve', summary: '已调解' }, staff(XINSHANCUN), t0, ctx)).toMatchObject({
      ok: false,
      code: 'WHISTLES_PENDING'
    });
    c = apply(c, { type: 'withdrawWhistle', departmentId: 'dept-hrss', reason: '无需' }, staff(DISTRICT), t0);
    expect(decide(c, { type: 'resolve', summary: '已调解' }, staff(XINSHANCUN), t0, ctx).ok).toBe(true);
  });
});

describe('the clock', () => {
  const t0 = sh('2026-11-16 09:00'); // Monday; response due end of Tuesday
  const dueAt = eod('2026-11-17');

  test('items: first response and acceptance, both owed by the community', () => {
    const c = stored(opened(t0), t0);
    expect(clockItems(c).map((i) => [i.kind, i.unitId, i.dueAt.getTime()])).toEqual([
      ['firstResponse', PINGAN, dueAt.getTime()],
      ['acceptReply', PINGAN, dueAt.getTime()]
    ]);
    expect(c.sweepAt?.getTime()).toBe(dueAt.getTime() - 240 * 60_000);
  });

  test('remind in the 4 hours before, mark overdue after, escalate 3 working days later, each once', () => {
    let c = stored(opened(t0), t0);
    expect(sweepCase(c, sh('2026-11-17 19:00'), rules, ctx)).toBeNull();
    const run = (at: Date) => {
      const out = sweepCase(c, at, rules, ctx);
      if (out) c = stored({ ...c, ...out.patch }, at);
      return out;
    };
    const remind = run(sh('2026-11-17 21:00'));
    expect(remind?.notify.map((n) => n.event)).toEqual(['reminder', 'reminder']);
    expect(remind?.timeline).toEqual([]);
    expect(run(sh('2026-11-17 21:05'))).toBeNull();
    expect(c.sweepAt?.getTime()).toBe(dueAt.getTime());

    const late = run(sh('2026-11-18 00:00'));
    expect(late?.timeline.map((e) => e.action)).toEqual(['overdue', 'overdue']);
    expect(late?.notify.filter((n) => n.event === 'supervised')).toEqual([
      expect.objectContaining({ unitId: XINSHANCUN }),
      expect.objectContaining({ unitId: XINSHANCUN })
    ]);
    expect(c.supervisors).toEqual([XINSHANCUN, DISTRICT]);
    expect(run(sh('2026-11-18 00:05'))).toBeNull();
    // End of the 3rd working day after Tuesday the 17th: Friday the 20th.
    expect(c.sweepAt?.getTime()).toBe(eod('2026-11-20').getTime());
    expect(run(sh('2026-11-20 23:00'))).toBeNull();
    const up = run(sh('2026-11-21 00:00'));
    expect(up?.timeline.map((e) => e.action)).toEqual(['autoEscalate']);
    expect(c).toMatchObject({ unitId: XINSHANCUN, level: 'town', supervised: true });
  });

  test('a case first seen past due is marked overdue without a stale reminder', () => {
    const c = stored(opened(t0), t0);
    const out = sweepCase(c, sh('2026-11-18 08:00'), rules, ctx);
    expect(out?.notify.some((n) => n.event === 'reminder')).toBe(false);
    expect(out?.timeline.map((e) => e.action)).toEqual(['overdue', 'overdue']);
  });

  test('paused: no items, one sweep when the unapproved pause lapses; resuming pushes deadlines back by the working time paused', () => {
    const c = stored(
      apply(opened(t0), { type: 'pause', reason: '补充材料' }, staff(PINGAN), sh('2026-11-16 10:00')),
      t0
    );
    expect(clockItems(c)).toEqual([]);
    // Unapproved: the clock runs again after 5 working days (oversight.ts), Monday 23 Nov 10:00.
    expect(c.sweepAt).toEqual(sh('2026-11-23 10:00'));
    // Paused from Monday 10:00 to Wednesday 10:00: 48 working hours.
    const p = resumePatch(c, sh('2026-11-18 10:00'), ctx.calendar);
    expect(p.responseDueAt?.getTime()).toBe(eod('2026-11-19').getTime());
  });

  test('rules from config: bad entries fall back to defaults', () => {
    const r = supervisionRules({
      remindBeforeMinutes: { whistleCheckIn: 5, visit: -1 },
      escalations: [{ level: 'nowhere', afterWorkingDays: 1, kinds: [] }]
    });
    expect(r.remindBeforeMinutes.whistleCheckIn).toBe(5);
    expect(r.remindBeforeMinutes.visit).toBe(60);
    expect(r.escalations).toEqual([]);
    expect(
      nextSweepAt(
        stored(opened(t0), t0),
        { ...r, remindBeforeMinutes: { ...r.remindBeforeMinutes, acceptReply: 0, firstResponse: 0 } },
        ctx
      )?.getTime()
    ).toBe(dueAt.getTime());
  });
});

describe('supervision and geography', () => {
  test('supervisors: a community by its town, a town and a department by the district, the district by itself', () => {
    expect(supervisorOf(PINGAN, ctx.units)).toBe(XINSHANCUN);
    expect(supervisorOf(XINSHANCUN, ctx.units)).toBe(DISTRICT);
    expect(supervisorOf('dept-police', ctx.units)).toBe(DISTRICT);
    expect(supervisorOf(DISTRICT, ctx.units)).toBe(DISTRICT);
  });

  test('distance: 0.001° of latitude is about 111 m', () => {
    expect(distanceM({ latitude: 29.484, longitude: 106.482 }, { latitude: 29.485, longitude: 106.482 })).toBe(111);
    expect(distanceM({ latitude: 29.484, longitude: 106.482 }, { latitude: 29.484, longitude: 106.482 })).toBe(0);
  });
});

describe('whistleOverdue: the same items the sweeper watches', () => {
  const w: Whistle = {
    departmentId: 'dept-justice',
    role: 'lead',
    byUnitId: XINSHANCUN,
    byStaffId: 's',
    reason: 'r',
    at: sh('2026-11-03 10:00'),
    checkInDueAt: sh('2026-11-03 10:30'),
    checkedInAt: sh('2026-11-03 10:20'),
    checkInLate: false,
    resultDueAt: eod('2026-11-06'),
    reportedAt: sh('2026-11-05 10:00'),
    result: '已处理',
    evaluateDueAt: eod('2026-11-08'),
    withdrawnAt: null,
    withdrawReason: null,
    evaluation: null,
    whistleEvaluation: null
  };
  const later = sh('2026-11-10 09:00');

  test('evaluations owed past their due time are overdue; not while the case is paused, nor once withdrawn', () => {
    expect(whistleOverdue({ status: 'accepted', pausedAt: null, whistles: [w] }, w, later)).toEqual({
      checkIn: false,
      result: false,
      evaluation: true,
      whistleEvaluation: true
    });
    expect(whistleOverdue({ status: 'accepted', pausedAt: sh('2026-11-07 09:00'), whistles: [w] }, w, later)).toEqual({
      checkIn: false,
      result: false,
      evaluation: false,
      whistleEvaluation: false
    });
    const gone = { ...w, withdrawnAt: sh('2026-11-05 12:00') };
    expect(whistleOverdue({ status: 'accepted', pausedAt: null, whistles: [gone] }, gone, later).evaluation).toBe(
      false
    );
  });

  test('a check-in owed past due is overdue while the case is open', () => {
    const owed = { ...w, checkedInAt: null, reportedAt: null, evaluateDueAt: null };
    expect(
      whistleOverdue({ status: 'accepted', pausedAt: null, whistles: [owed] }, owed, sh('2026-11-03 11:00')).checkIn
    ).toBe(true);
    expect(
      whistleOverdue({ status: 'accepted', pausedAt: null, whistles: [owed] }, owed, sh('2026-11-03 10:00')).checkIn
    ).toBe(false);
  });
});
