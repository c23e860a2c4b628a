// The resident's progress steps (caseProgress.ts) along a real lifecycle on fixed dates: each step lights
// when the case reaches it, pauses and re-handling are marked, and the ways out (不予受理, 撤回) end the line.
import { openCase, type Actor, type CaseRecord, type TimelineEntry } from '../../domain/case';
import { caseProgress, type ProgressCase } from '../../domain/caseProgress';
import { decide, type AnyCaseAction } from '../../domain/caseState';
import { waitsForMaterial } from '../../domain/residentActions';
import { ctx, PINGAN, routingRules, sh } from './fixtures';

type Lived = CaseRecord & { timeline: TimelineEntry[] };
const reporter: Actor = { kind: 'resident', openid: 'r1' };
const staff: Actor = { kind: 'staff', staffId: `staff-${PINGAN}`, unitId: PINGAN };

function opened(): Lived {
  const o = openCase(
    { category: 'neighbor', communityId: PINGAN, reporterId: 'r1', at: sh('2026-11-16 09:00') },
    routingRules,
    ctx
  );
  if (!o.ok) throw new Error(o.code);
  return { ...o.record, timeline: [o.timeline] };
}
function apply(c: Lived, action: AnyCaseAction, actor: Actor, at: string): Lived {
  const d = decide(c, action, actor, sh(at), ctx);
  if (!d.ok) throw new Error(`${d.code} ${d.detail ?? ''}`);
  return { ...c, ...d.patch, timeline: [...c.timeline, d.timeline] };
}
const progress = (c: Lived) =>
  caseProgress({ ...(c as unknown as ProgressCase), waitingForMaterial: waitsForMaterial(c) });
const titles = (c: Lived) => progress(c).steps.map((s) => s.title);
const states = (c: Lived) => progress(c).steps.map((s) => s.state);

const accepted = () => apply(opened(), { type: 'accept' }, staff, '2026-11-16 09:30');
const replied = () => apply(accepted(), { type: 'reply', text: '已约双方面谈' }, staff, '2026-11-16 14:00');
const resolved = () => apply(replied(), { type: 'resolve', summary: '双方签订调解协议' }, staff, '2026-11-18 10:00');

test('a new case is at 已提交, every later step ahead and without a time', () => {
  const p = progress(opened());
  expect(p.steps.map((s) => s.title)).toEqual(['已提交', '已受理', '办理中', '已办结', '已评价']);
  expect(p.current).toBe(0);
  expect(p.steps.map((s) => s.state)).toEqual(['process', 'wait', 'wait', 'wait', 'wait']);
  expect(p.steps[0].at).toBe(sh('2026-11-16 09:00').toISOString());
  expect(p.steps.slice(1).every((s) => s.at === null)).toBe(true);
});

test('accepted, then 办理中 from the first reply, then 已办结, then 已评价', () => {
  expect(progress(accepted()).current).toBe(1);
  const r = progress(replied());
  expect(r.current).toBe(2);
  expect(r.steps[2].at).toBe(sh('2026-11-16 14:00').toISOString());
  const d = progress(resolved());
  expect(d.current).toBe(3);
  expect(d.steps[3].at).toBe(sh('2026-11-18 10:00').toISOString());
  const rated = apply(resolved(), { type: 'rate', satisfaction: 'satisfied' }, reporter, '2026-11-18 12:00');
  expect(states(rated)).toEqual(['finish', 'finish', 'finish', 'finish', 'finish']);
  expect(progress(rated).steps[4].at).toBe(sh('2026-11-18 12:00').toISOString());
});

test('a pause for material marks the step the case is at, and the material clears it', () => {
  const p = apply(replied(), { type: 'pause', reason: '请补充协商记录' }, staff, '2026-11-17 10:00');
  const pp = progress(p);
  expect(pp.steps[2].note).toBe('已挂起，待您补充材料');
  expect(pp.steps[2].state).toBe('process');
  const back = apply(p, { type: 'supplement', text: '协商记录见照片' }, reporter, '2026-11-17 15:00');
  expect(progress(back).steps.some((s) => s.note?.includes('挂起'))).toBe(false);
});

test('an unsatisfied rating sends the case back: 办理中 again, marked as the second round', () => {
  const again = apply(resolved(), { type: 'rate', satisfaction: 'unsatisfied' }, reporter, '2026-11-18 12:00');
  const p = progress(again);
  expect(p.current).toBe(2);
  expect(p.steps[2].note).toBe('第 2 轮办理（重办）');
  expect(p.steps[3].state).toBe('wait');
});

test('不予受理 and 撤回 end the line after 已提交', () => {
  const rejected = apply(opened(), { type: 'reject', reason: '不属于受理范围' }, staff, '2026-11-16 10:00');
  expect(titles(rejected)).toEqual(['已提交', '不予受理']);
  expect(states(rejected)).toEqual(['finish', 'error']);
  const withdrawn = apply(opened(), { type: 'withdraw', reason: '已与对方协商解决' }, reporter, '2026-11-16 10:00');
  expect(titles(withdrawn)).toEqual(['已提交', '已撤回']);
});

test('urges are counted', () => {
  const c = opened();
  const late = new Date(new Date(c.responseDueAt).getTime() + 60_000);
  const d = decide(c, { type: 'urge' }, reporter, late, ctx);
  if (!d.ok) throw new Error(d.code);
  expect(progress({ ...c, ...d.patch, timeline: [...c.timeline, d.timeline] }).urges).toBe(1);
  expect(progress(c).urges).toBe(0);
});
