// The reporter's own actions (residentActions.ts) on fixed dates (2026-11-16 is a Monday; no holidays
// until 2027): 补充材料 only while waiting for material, 催办 only when late or near the deadline and
// once a working day, 撤回 before acceptance only. Every refusal changes nothing.
import { openCase, type Actor, type CaseRecord } from '../../domain/case';
import { decide, type AnyCaseAction } from '../../domain/caseState';
import { contributionsOf } from '../../domain/kpiContributions';
import { listDuties } from '../../domain/duties';
import { mayRate, reporterActions, residentTodo, urgeCheck } from '../../domain/residentActions';
import { ctx, PINGAN, routingRules, sh, XINSHANCUN } from './fixtures';

const reporter: Actor = { kind: 'resident', openid: 'r1' };
const other: Actor = { kind: 'resident', openid: 'r2' };
const staff: Actor = { kind: 'staff', staffId: `staff-${PINGAN}`, unitId: PINGAN };
const t0 = sh('2026-11-16 09:00');

function opened(): CaseRecord {
  const o = openCase({ category: 'neighbor', communityId: PINGAN, reporterId: 'r1', at: t0 }, routingRules, ctx);
  if (!o.ok) throw new Error(o.code);
  return o.record;
}
function apply(c: CaseRecord, action: AnyCaseAction, actor: Actor, now: Date): CaseRecord {
  const d = decide(c, action, actor, now, ctx);
  if (!d.ok) throw new Error(`${d.code} ${d.detail ?? ''}`);
  return { ...c, ...d.patch };
}
const code = (c: CaseRecord, action: AnyCaseAction, actor: Actor, now: Date): string => {
  const d = decide(c, action, actor, now, ctx);
  return d.ok ? 'ok' : d.code;
};
/** Accepted Monday 09:30: resolve by the end of Monday 23 Nov (5 working days). */
const accepted = () => apply(opened(), { type: 'accept' }, staff, sh('2026-11-16 09:30'));
const paused = () => apply(accepted(), { type: 'pause', reason: '请补充协商记录' }, staff, sh('2026-11-17 10:00'));

describe('补充材料', () => {
  test('only while the case waits for material; it resumes the case and pushes the deadline back', () => {
    const a = accepted();
    expect(code(a, { type: 'supplement', text: '协商记录见照片' }, reporter, sh('2026-11-17 10:00'))).toBe(
      'NOT_WAITING_FOR_MATERIAL'
    );
    const p = paused();
    expect(reporterActions(p, reporter, sh('2026-11-18 10:00'), ctx)).toEqual(['supplement']);
    const d = decide(
      p,
      { type: 'supplement', text: '协商记录见照片', photos: ['x'] },
      reporter,
      sh('2026-11-18 10:00'),
      ctx
    );
    if (!d.ok) throw new Error(d.code);
    expect(d.patch.pausedAt).toBeNull();
    // Paused one working day: the resolve deadline moves a day later.
    expect(d.patch.resolveDueAt!.getTime() - new Date(a.resolveDueAt).getTime()).toBe(24 * 3600_000);
    expect(d.timeline.text).toContain('群众补充材料（附照片1张）');
    expect(d.notify).toEqual([expect.objectContaining({ to: 'unit', unitId: PINGAN, event: 'replied' })]);
  });

  test('only the reporter; empty text refused', () => {
    const p = paused();
    const at = sh('2026-11-18 10:00');
    expect(code(p, { type: 'supplement', text: '材料' }, other, at)).toBe('REPORTER_ONLY');
    expect(code(p, { type: 'supplement', text: '材料' }, staff, at)).toBe('REPORTER_ONLY');
    expect(code(p, { type: 'supplement', text: '  ' }, reporter, at)).toBe('FIELD_REQUIRED');
  });
});

describe('催办', () => {
  test('before acceptance: only once the response deadline has passed', () => {
    const c = opened();
    const due = new Date(c.responseDueAt).getTime();
    expect(code(c, { type: 'urge' }, reporter, new Date(due - 60_000))).toBe('URGE_TOO_EARLY');
    expect(code(c, { type: 'urge' }, reporter, new Date(due + 60_000))).toBe('ok');
  });

  test('after acceptance: only in the last quarter of the resolve time (working time)', () => {
    const a = accepted();
    // Accepted Mon 09:30, due Mon 23 Nov 24:00: 134.5 working hours; the last quarter starts Fri 20 Nov 14:22:30.
    expect(urgeCheck(a, sh('2026-11-20 14:22'), ctx)).toBe('URGE_TOO_EARLY');
    expect(urgeCheck(a, sh('2026-11-20 14:23'), ctx)).toBeNull();
  });

  test('once a working day: again the next working day, not the same day nor over the weekend', () => {
    const a = accepted();
    const u = apply(a, { type: 'urge' }, reporter, sh('2026-11-20 15:00')); // Friday
    expect(u.urges).toEqual([{ at: sh('2026-11-20 15:00'), unitId: PINGAN }]);
    expect(code(u, { type: 'urge' }, reporter, sh('2026-11-20 18:00'))).toBe('URGE_ONCE_A_DAY');
    expect(code(u, { type: 'urge' }, reporter, sh('2026-11-22 10:00'))).toBe('URGE_ONCE_A_DAY'); // Sunday
    expect(code(u, { type: 'urge' }, reporter, sh('2026-11-23 08:00'))).toBe('ok'); // Monday
  });

  test('tells the handling unit and the unit above, and counts for the unit', () => {
    const d = decide(accepted(), { type: 'urge' }, reporter, sh('2026-11-20 15:00'), ctx);
    if (!d.ok) throw new Error(d.code);
    expect(d.notify.map((n) => (n.to === 'unit' ? n.unitId : n.to))).toEqual([PINGAN, XINSHANCUN]);
    const c = { ...accepted(), ...d.patch, timeline: [] };
    expect(contributionsOf(c).filter((x) => x.metric === 'urged')).toEqual([
      expect.objectContaining({ unitId: PINGAN, n: 1 })
    ]);
  });

  test('not while waiting for material, nor on a closed case', () => {
    expect(code(paused(), { type: 'urge' }, reporter, sh('2026-11-30 10:00'))).toBe('URGE_WHILE_PAUSED');
    const r = apply(accepted(), { type: 'resolve', summary: '已调解' }, staff, sh('2026-11-18 10:00'));
    expect(code(r, { type: 'urge' }, reporter, sh('2026-11-30 10:00'))).toBe('ILLEGAL_TRANSITION');
  });
});

describe('撤回', () => {
  test('before acceptance: closes the case, which then owes nothing and counts nothing', () => {
    const c = opened();
    expect(reporterActions(c, reporter, sh('2026-11-16 09:10'), ctx)).toEqual(['withdraw']);
    const w = apply(c, { type: 'withdraw', reason: '已协商解决' }, reporter, sh('2026-11-16 09:10'));
    expect(w).toMatchObject({ status: 'closed', withdrawnAt: sh('2026-11-16 09:10') });
    expect(listDuties(w, sh('2026-12-30 10:00'))).toEqual([]);
    expect(contributionsOf({ ...w, timeline: [] })).toEqual([]);
    expect(code(w, { type: 'withdraw', reason: '再次' }, reporter, sh('2026-11-16 09:20'))).toBe('CASE_WITHDRAWN');
    expect(code(w, { type: 'accept' }, staff, sh('2026-11-16 09:20'))).toBe('CASE_NOT_ACCEPTABLE');
    expect(reporterActions(w, reporter, sh('2026-11-16 09:20'), ctx)).toEqual([]);
  });

  test('after acceptance: refused', () => {
    expect(code(accepted(), { type: 'withdraw', reason: '不想办了' }, reporter, sh('2026-11-16 10:00'))).toBe(
      'WITHDRAW_AFTER_ACCEPTANCE'
    );
    expect(code(opened(), { type: 'withdraw', reason: ' ' }, reporter, sh('2026-11-16 10:00'))).toBe('FIELD_REQUIRED');
  });
});

describe('消息中心 and who may rate', () => {
  test('a case waits on its reporter for material while paused, for a rating once resolved, else for nothing', () => {
    expect(residentTodo(opened())).toBeNull();
    expect(residentTodo(accepted())).toBeNull();
    expect(residentTodo(paused())).toBe('material');
    const resolved = apply(accepted(), { type: 'resolve', summary: '已调解' }, staff, sh('2026-11-17 10:00'));
    expect(residentTodo(resolved)).toBe('rate');
    expect(residentTodo({ ...resolved, status: 'closed' })).toBeNull();
  });

  test('the reporter rates once resolved; a merged case’s reporter too, once; nobody else', () => {
    const resolved = apply(accepted(), { type: 'resolve', summary: '已调解' }, staff, sh('2026-11-17 10:00'));
    const survivor = { ...resolved, timeline: [], mergedReporterIds: ['r3'] };
    expect(mayRate(survivor, 'r1')).toBe(true);
    expect(mayRate({ ...survivor, status: 'accepted' }, 'r1')).toBe(false);
    expect(mayRate(survivor, 'r3')).toBe(true);
    expect(mayRate(survivor, 'r2')).toBe(false);
    const coRated = { ...survivor, timeline: [{ action: 'rate' as const, data: { coRater: 'r3' } }] };
    expect(mayRate(coRated, 'r3')).toBe(false);
    // Closed by its own reporter's rating: the merged reporter may still give theirs.
    expect(mayRate({ ...survivor, status: 'closed' }, 'r3')).toBe(true);
    expect(mayRate({ ...survivor, status: 'closed' }, 'r1')).toBe(false);
  });
});
