// What staff may do on a case now (domain/staffActions.ts), on fixed dates (2026-11-16 is a Monday).
// The list is the domain's decision itself, so it must agree with `decide` for every viewer and state.
import { openCase, type Actor, type CaseRecord } from '../../domain/case';
import { decide, type AnyCaseAction } from '../../domain/caseState';
import { staffActions, type StaffAction } from '../../domain/staffActions';
import { ctx, DEPT_JUSTICE, DISTRICT, GANGHUA, PINGAN, routingRules, sh, units, XINSHANCUN, YUEXIN } from './fixtures';

const staff = (unitId: string): Actor => ({ kind: 'staff', staffId: `staff-${unitId}`, unitId });
const t0 = sh('2026-11-16 09:00');
const now = sh('2026-11-16 10:00');

function opened(category = 'neighbor', major = false): CaseRecord {
  const o = openCase({ category, communityId: PINGAN, reporterId: 'r1', major, at: t0 }, routingRules, ctx);
  if (!o.ok) throw new Error(o.code);
  return o.record;
}

function apply(c: CaseRecord, action: AnyCaseAction, actor: Actor, at = t0): CaseRecord {
  const d = decide(c, action, actor, at, ctx);
  if (!d.ok) throw new Error(`${d.code} ${d.detail ?? ''}`);
  return { ...c, ...d.patch };
}

const types = (c: CaseRecord, actor: Actor, at = now): string[] => staffActions(c, actor, at, ctx).map((a) => a.type);
const find = (c: CaseRecord, actor: Actor, type: StaffAction['type']) =>
  staffActions(c, actor, now, ctx).find((a) => a.type === type);
const targetsOf = (a: StaffAction | undefined): string[] => (a && 'targets' in a ? a.targets : []);
const kindOf = (id: string) => units.find((u) => u.id === id)?.kind;

describe('the handling community', () => {
  test('a submitted case: accept, reply, transfer, escalate, reject, then its 督办 actions', () => {
    expect(types(opened(), staff(PINGAN))).toEqual([
      'accept',
      'reply',
      'transfer',
      'escalate',
      'reject',
      'pause',
      'dispatch'
    ]);
  });

  test('an accepted case: resolve instead of accept and reject, and an extension may be asked for', () => {
    const c = apply(opened(), { type: 'accept' }, staff(PINGAN));
    expect(types(c, staff(PINGAN))).toEqual([
      'reply',
      'transfer',
      'escalate',
      'resolve',
      'pause',
      'requestExtension',
      'dispatch'
    ]);
  });

  test('transfer targets are every other community, other towns’ included (checkTransfer: same level)', () => {
    const targets = targetsOf(find(opened(), staff(PINGAN), 'transfer'));
    expect(targets).toHaveLength(96);
    expect(targets).toEqual(expect.arrayContaining([GANGHUA, YUEXIN]));
    expect(targets).not.toContain(PINGAN);
    expect(new Set(targets.map(kindOf))).toEqual(new Set(['community']));
  });

  test('a paused case offers resume, not pause; closed and rejected cases offer nothing', () => {
    const paused = apply(opened(), { type: 'pause', reason: '等待补充材料' }, staff(PINGAN));
    expect(types(paused, staff(PINGAN))).toContain('resume');
    expect(types(paused, staff(PINGAN))).not.toContain('pause');
    const rejected = apply(opened(), { type: 'reject', reason: '不属于矛盾纠纷' }, staff(PINGAN));
    expect(types(rejected, staff(PINGAN))).toEqual([]);
  });

  test('a resolved case: reply only', () => {
    let c = apply(opened(), { type: 'accept' }, staff(PINGAN));
    c = apply(c, { type: 'resolve', summary: '已调解' }, staff(PINGAN));
    expect(types(c, staff(PINGAN))).toEqual(['reply']);
  });
});

describe('a unit above the handler (authorize: reply or escalate only)', () => {
  test('the town on its community’s case: reply, escalate (提级), whistle, dispatch — no accept, transfer, resolve or reject', () => {
    expect(types(opened(), staff(XINSHANCUN))).toEqual(['reply', 'escalate', 'whistle', 'dispatch']);
    const accepted = apply(opened(), { type: 'accept' }, staff(PINGAN));
    expect(types(accepted, staff(XINSHANCUN))).toEqual(['reply', 'escalate', 'whistle', 'dispatch']);
  });

  test('the town decides its community’s extension; the community does not', () => {
    let c = apply(opened(), { type: 'accept' }, staff(PINGAN));
    c = apply(c, { type: 'requestExtension', days: 3, reason: '需核实' }, staff(PINGAN));
    expect(types(c, staff(XINSHANCUN))).toContain('decideExtension');
    expect(types(c, staff(PINGAN))).not.toContain('decideExtension');
    expect(types(c, staff(PINGAN))).not.toContain('requestExtension'); // one is pending
    expect(types(c, staff(DISTRICT))).not.toContain('decideExtension');
  });

  test('the district reassigns to any handling unit but the current one', () => {
    const targets = targetsOf(find(opened(), staff(DISTRICT), 'reassign'));
    expect(targets).toHaveLength(1 + 8 + 97 - 1);
    expect(targets).toEqual(expect.arrayContaining([DISTRICT, XINSHANCUN, GANGHUA]));
    expect(targets).not.toContain(PINGAN);
    expect(targets).not.toContain(DEPT_JUSTICE);
    expect(types(opened(), staff(XINSHANCUN))).not.toContain('reassign');
  });

  test('another town sees nothing it may do', () => {
    expect(types(opened(), staff('500104101000'))).toEqual([]);
  });
});

describe('whistles', () => {
  const labour = () => opened('labor'); // starts at the town
  const whistled = () =>
    apply(
      labour(),
      { type: 'whistle', departmentIds: [DEPT_JUSTICE, 'dept-police'], reason: '欠薪' },
      staff(XINSHANCUN)
    );

  test('a community may not whistle; the town may, every department not whistled yet', () => {
    expect(types(opened(), staff(PINGAN))).not.toContain('whistle');
    expect(targetsOf(find(labour(), staff(XINSHANCUN), 'whistle'))).toHaveLength(37);
    const left = targetsOf(find(whistled(), staff(XINSHANCUN), 'whistle'));
    expect(left).toHaveLength(35);
    expect(left).not.toContain(DEPT_JUSTICE);
  });

  test('the whistled department: check in, then report, then evaluate the whistle — never accept or resolve', () => {
    let c = whistled();
    expect(staffActions(c, staff(DEPT_JUSTICE), now, ctx)).toEqual([
      { type: 'checkIn', departmentId: DEPT_JUSTICE },
      { type: 'dispatch' }
    ]);
    c = apply(apply(c, { type: 'accept' }, staff(XINSHANCUN)), { type: 'checkIn' }, staff(DEPT_JUSTICE), now);
    expect(types(c, staff(DEPT_JUSTICE))).toEqual(['report', 'dispatch']);
    c = apply(c, { type: 'report', result: '已约谈' }, staff(DEPT_JUSTICE), now);
    expect(types(c, staff(DEPT_JUSTICE))).toEqual(['evaluateWhistle', 'dispatch']);
    for (const t of ['accept', 'reply', 'transfer', 'escalate', 'resolve', 'reject', 'whistle'])
      expect(types(c, staff(DEPT_JUSTICE))).not.toContain(t);
  });

  test('the whistler withdraws per department until it reports, then evaluates it; resolve waits for every whistle', () => {
    let c = apply(whistled(), { type: 'accept' }, staff(XINSHANCUN));
    const rows = (x: CaseRecord, actor = staff(XINSHANCUN)) =>
      staffActions(x, actor, now, ctx).filter((a) => 'departmentId' in a);
    expect(rows(c)).toEqual([
      { type: 'withdrawWhistle', departmentId: DEPT_JUSTICE },
      { type: 'withdrawWhistle', departmentId: 'dept-police' }
    ]);
    expect(rows(c, staff(DISTRICT)).map((a) => a.type)).toEqual(['withdrawWhistle', 'withdrawWhistle']); // a unit above the whistler
    expect(rows(c, staff(DEPT_JUSTICE)).map((a) => a.type)).toEqual(['checkIn']);
    expect(types(c, staff(XINSHANCUN))).not.toContain('resolve');

    c = apply(c, { type: 'checkIn' }, staff(DEPT_JUSTICE), now);
    c = apply(c, { type: 'report', result: '已约谈' }, staff(DEPT_JUSTICE), now);
    c = apply(c, { type: 'withdrawWhistle', departmentId: 'dept-police', reason: '误选' }, staff(XINSHANCUN), now);
    expect(rows(c)).toEqual([{ type: 'evaluate', departmentId: DEPT_JUSTICE }]);
    expect(rows(c, staff(DISTRICT))).toEqual([]); // only the whistler scores
    expect(types(c, staff(XINSHANCUN))).toContain('resolve');
    expect(rows(c, staff('dept-police'))).toEqual([]); // withdrawn: nothing left to do on its whistle
    expect(types(c, staff('dept-police'))).not.toContain('dispatch'); // nor anyone to send on site
    expect(types(c, staff(DEPT_JUSTICE))).toContain('dispatch');
  });
});

describe('on-site dispatch', () => {
  test('the dispatched cadre checks in on site, then records the visit', () => {
    const cadre: Actor = { kind: 'staff', staffId: 'cadre-1', unitId: PINGAN };
    let c = apply(
      opened(),
      { type: 'dispatch', staffOpenid: 'cadre-1', staffUnitId: PINGAN, visitBy: sh('2026-11-16 12:00') },
      staff(XINSHANCUN)
    );
    const onsite = (x: CaseRecord, actor: Actor) => staffActions(x, actor, now, ctx).filter((a) => 'dispatchId' in a);
    expect(onsite(c, cadre)).toEqual([{ type: 'onsiteCheckIn', dispatchId: 'd1' }]);
    expect(onsite(c, staff(PINGAN))).toEqual([]); // another member of the same unit
    c = apply(c, { type: 'onsiteCheckIn', dispatchId: 'd1', at: { latitude: 29.48, longitude: 106.48 } }, cadre, now);
    expect(onsite(c, cadre)).toEqual([{ type: 'recordVisit', dispatchId: 'd1' }]);
    c = apply(c, { type: 'recordVisit', dispatchId: 'd1', note: '已到场' }, cadre, now);
    expect(onsite(c, cadre)).toEqual([]);
  });
});

test('the district handling a case cannot escalate it further', () => {
  const c = opened('neighbor', true); // major: starts at the district
  expect(c.unitId).toBe(DISTRICT);
  expect(types(c, staff(DISTRICT))).toEqual(['accept', 'reply', 'whistle', 'reject', 'pause', 'reassign', 'dispatch']);
  expect(types(c, staff(DISTRICT))).not.toContain('transfer'); // no other unit at its level
});

describe('one’s own case (a staff member filed it as a resident)', () => {
  const filer: Actor = { kind: 'staff', staffId: 'r1', unitId: PINGAN }; // opened() files as 'r1'
  const townFiler: Actor = { kind: 'staff', staffId: 'r1', unitId: XINSHANCUN };

  test('the filer is offered nothing in any state; a colleague of the same unit handles it as usual', () => {
    const accepted = apply(opened(), { type: 'accept' }, staff(PINGAN));
    const resolved = apply(accepted, { type: 'resolve', summary: '已调解' }, staff(PINGAN));
    for (const c of [opened(), accepted, resolved]) expect(staffActions(c, filer, now, ctx)).toEqual([]);
    expect(types(opened(), staff(PINGAN))).toContain('accept');
    expect(staffActions(opened(), townFiler, now, ctx)).toEqual([]); // nor as the unit above
  });

  test('every action of the filer is refused with OWN_CASE', () => {
    const accepted = apply(opened(), { type: 'accept' }, staff(PINGAN));
    const resolved = apply(accepted, { type: 'resolve', summary: '已调解' }, staff(PINGAN));
    const late = sh('2026-12-01 10:00');
    expect(decide(opened(), { type: 'accept' }, filer, now, ctx)).toEqual({ ok: false, code: 'OWN_CASE' });
    expect(decide(accepted, { type: 'reply', text: '已处理' }, filer, now, ctx)).toEqual({
      ok: false,
      code: 'OWN_CASE'
    });
    expect(decide(accepted, { type: 'resolve', summary: '已调解' }, filer, now, ctx)).toEqual({
      ok: false,
      code: 'OWN_CASE'
    });
    expect(decide(accepted, { type: 'requestExtension', days: 3, reason: '需核实' }, filer, now, ctx)).toEqual({
      ok: false,
      code: 'OWN_CASE'
    });
    expect(
      decide(resolved, { type: 'followUp', satisfaction: 'satisfied', note: '电话回访' }, filer, late, ctx)
    ).toEqual({ ok: false, code: 'OWN_CASE' });
    expect(
      decide(opened('labor'), { type: 'whistle', departmentIds: [DEPT_JUSTICE], reason: '欠薪' }, townFiler, now, ctx)
    ).toEqual({ ok: false, code: 'OWN_CASE' });
    // Nor may anyone send the filer on site to handle it.
    const sendFiler = {
      type: 'dispatch',
      staffOpenid: 'r1',
      staffUnitId: PINGAN,
      visitBy: sh('2026-11-16 12:00')
    } as const;
    expect(decide(opened(), sendFiler, staff(XINSHANCUN), now, ctx)).toEqual({ ok: false, code: 'OWN_CASE' });
    // As the reporter (a resident), the filer still rates: assessment decides whether it counts.
    expect(
      decide(resolved, { type: 'rate', satisfaction: 'satisfied' }, { kind: 'resident', openid: 'r1' }, now, ctx).ok
    ).toBe(true);
  });
});

test('residents and the system get none', () => {
  expect(staffActions(opened(), { kind: 'resident', openid: 'r1' }, now, ctx)).toEqual([]);
  expect(staffActions(opened(), { kind: 'system' }, now, ctx)).toEqual([]);
});

// The list agrees with the decision: every simple case action offered is accepted with a real
// payload, and every one not offered is refused, for each viewer and state here.
test.each([
  ['submitted', () => opened()],
  ['accepted', () => apply(opened(), { type: 'accept' }, staff(PINGAN))],
  ['paused', () => apply(opened(), { type: 'pause', reason: '等待' }, staff(PINGAN))],
  ['at the town', () => opened('labor')],
  [
    'whistled',
    () => apply(opened('labor'), { type: 'whistle', departmentIds: [DEPT_JUSTICE], reason: '欠薪' }, staff(XINSHANCUN))
  ]
])('agrees with decide (%s)', (_state, make) => {
  const c = make();
  const real: Record<string, AnyCaseAction> = {
    accept: { type: 'accept', message: '已受理' },
    reply: { type: 'reply', text: '正在核实' },
    escalate: { type: 'escalate', reason: '需上级协调' },
    resolve: { type: 'resolve', summary: '双方达成协议' },
    reject: { type: 'reject', reason: '不属于受理范围' },
    pause: { type: 'pause', reason: '等待补充材料' },
    resume: { type: 'resume', note: '材料已补齐' },
    requestExtension: { type: 'requestExtension', days: 5, reason: '需核实' },
    checkIn: { type: 'checkIn' }
  };
  for (const unitId of [PINGAN, GANGHUA, XINSHANCUN, '500104101000', DISTRICT, DEPT_JUSTICE, 'dept-police']) {
    const offered = types(c, staff(unitId));
    for (const type of Object.keys(real)) {
      expect([unitId, type, decide(c, real[type], staff(unitId), now, ctx).ok]).toEqual([
        unitId,
        type,
        offered.includes(type)
      ]);
    }
  }
});
