// Issue 12's pure rules: inactive units in routing, who may invite, unit deletion and codes, rule-set
// checks, and the holiday banner, on fixed dates.
import { calendarStatus, categoriesProblem, supervisionProblem } from '../../domain/adminRules';
import { inviteProblem, inviteRefusal } from '../../domain/invites';
import { checkReassign } from '../../domain/oversight';
import { DEED_RULES, DEFAULT_POLICY, pointsRulesOf, pointsRulesProblem } from '../../domain/points/rules';
import { checkTransfer, escalationTarget, route } from '../../domain/routing';
import { DEFAULT_SUPERVISION_RULES } from '../../domain/supervision';
import { communityCodeProblem, deleteRefusal } from '../../domain/units';
import { checkWhistleTarget } from '../../domain/whistles';
import type { Unit } from '../../domain/org';
import { DEPT_JUSTICE, DISTRICT, GANGHUA, PINGAN, routingRules, sh, units, XINSHANCUN } from './fixtures';

const without = (...ids: string[]): Unit[] => units.map((u) => (ids.includes(u.id) ? { ...u, inactive: true } : u));

describe('inactive units take no new cases', () => {
  it('routing passes a deactivated community over for its town, and the town for the district', () => {
    const r = route({ category: 'neighbor', communityId: PINGAN }, routingRules, without(PINGAN));
    expect(r).toMatchObject({ ok: true, unitId: XINSHANCUN, level: 'town' });
    expect(r.ok && r.reason).toContain('平安社区已停用');
    expect(
      route({ category: 'neighbor', communityId: PINGAN }, routingRules, without(PINGAN, XINSHANCUN))
    ).toMatchObject({ ok: true, unitId: DISTRICT, level: 'district' });
    expect(route({ category: 'neighbor', communityId: PINGAN }, routingRules, units)).toMatchObject({ unitId: PINGAN });
  });

  it('transfers, reassignment, escalation and whistles refuse or skip them', () => {
    expect(checkTransfer(GANGHUA, PINGAN, without(PINGAN))).toMatchObject({ ok: false, code: 'UNIT_INACTIVE' });
    expect(checkReassign({ unitId: GANGHUA }, PINGAN, without(PINGAN))).toMatchObject({
      ok: false,
      code: 'UNIT_INACTIVE'
    });
    expect(escalationTarget(PINGAN, without(XINSHANCUN))?.id).toBe(DISTRICT);
    expect(checkWhistleTarget({ whistles: [] }, DEPT_JUSTICE, without(DEPT_JUSTICE))).toMatchObject({
      code: 'UNIT_INACTIVE'
    });
  });
});

describe('invites', () => {
  it('admins invite anyone anywhere; a head only staff of their own unit; nobody else', () => {
    expect(inviteRefusal({ role: 'admin', unitId: DISTRICT }, PINGAN, 'admin')).toBeNull();
    const head = { role: 'staff' as const, unitId: PINGAN, head: true };
    expect(inviteRefusal(head, PINGAN, 'staff')).toBeNull();
    expect(inviteRefusal(head, GANGHUA, 'staff')).toBe('OUTSIDE_OWN_UNIT');
    expect(inviteRefusal(head, PINGAN, 'admin')).toBe('INVITE_ROLE_NOT_ALLOWED');
    expect(inviteRefusal({ ...head, head: false }, PINGAN, 'staff')).toBe('NOT_ADMIN');
    expect(inviteRefusal({ role: 'resident', unitId: null }, PINGAN, 'staff')).toBe('NOT_ADMIN');
    expect(inviteRefusal(null, PINGAN, 'staff')).toBe('NOT_ADMIN');
  });

  it('an invite is shown only while unused and live', () => {
    const now = sh('2026-12-01 10:00');
    const live = { usedBy: null, usedAt: null, expiresAt: sh('2026-12-02 10:00') };
    expect(inviteProblem(live, now)).toBeNull();
    expect(inviteProblem({ ...live, expiresAt: now }, now)).toBe('INVITE_EXPIRED');
    expect(inviteProblem({ ...live, usedBy: 'x', usedAt: now }, now)).toBe('INVITE_USED');
    expect(inviteProblem(null, now)).toBe('INVITE_INVALID');
  });
});

describe('units', () => {
  it('a new community’s code is 12 digits sharing its town’s first 9', () => {
    expect(communityCodeProblem('500104001099', '500104001000')).toBeNull();
    expect(communityCodeProblem('500104002099', '500104001000')).toBe('UNIT_CODE_INVALID');
    expect(communityCodeProblem('500104001000', '500104001000')).toBe('UNIT_CODE_INVALID');
    expect(communityCodeProblem('50010400109', '500104001000')).toBe('UNIT_CODE_INVALID');
  });

  it('only a unit nothing uses may be deleted; open cases come first', () => {
    const unused = { kind: 'community' as const, children: 0, staff: 0, openCases: 0, cases: 0, settledInactive: true };
    expect(deleteRefusal(unused)).toBeNull();
    expect(deleteRefusal({ ...unused, openCases: 1, cases: 1, staff: 1 })).toBe('UNIT_HAS_OPEN_CASES');
    expect(deleteRefusal({ ...unused, cases: 1 })).toBe('UNIT_HAS_CASES');
    expect(deleteRefusal({ ...unused, staff: 1 })).toBe('UNIT_HAS_STAFF');
    expect(deleteRefusal({ ...unused, kind: 'town' })).toBe('UNIT_NOT_DELETABLE');
    expect(deleteRefusal({ ...unused, settledInactive: false })).toBe('UNIT_DEACTIVATE_FIRST');
  });
});

describe('rule sets', () => {
  it('categories name district departments only, each id once', () => {
    const c = { id: 'elevator', name: '电梯纠纷', defaultDepartment: DEPT_JUSTICE, alsoInvolved: [] };
    expect(categoriesProblem([c], units)).toBeNull();
    expect(categoriesProblem([{ ...c, defaultDepartment: PINGAN }], units)).toMatch(/不是区级部门/);
    expect(categoriesProblem([c, c], units)).toMatch(/重复/);
  });

  it('supervision: one escalation per level, none at the district', () => {
    expect(supervisionProblem(DEFAULT_SUPERVISION_RULES)).toBeNull();
    const twice = [...DEFAULT_SUPERVISION_RULES.escalations, DEFAULT_SUPERVISION_RULES.escalations[0]];
    expect(supervisionProblem({ ...DEFAULT_SUPERVISION_RULES, escalations: twice })).toMatch(/同一层级/);
    const top = [{ level: 'district' as const, afterWorkingDays: 1, kinds: ['acceptReply' as const] }];
    expect(supervisionProblem({ ...DEFAULT_SUPERVISION_RULES, escalations: top })).toMatch(/区级/);
  });

  it('points: ranges hold min ≤ points ≤ max ≤ maxAward; an unusable stored set falls back whole', () => {
    const good = { policy: DEFAULT_POLICY, deeds: DEED_RULES };
    expect(pointsRulesProblem(good)).toBeNull();
    const low = { ...good, deeds: { ...DEED_RULES, bravery: { ...DEED_RULES.bravery, max: 500 } } };
    expect(pointsRulesProblem(low)).toMatch(/bravery/);
    expect(pointsRulesProblem({ ...good, policy: { ...DEFAULT_POLICY, dailyCap: 1000 } })).toMatch(/dailyCap/);
    expect(pointsRulesOf(low)).toEqual(good);
    const stored = { policy: { secondKeyAbove: 50 } };
    expect(pointsRulesOf(stored).policy.secondKeyAbove).toBe(50);
  });
});

describe('the holiday banner', () => {
  const none: never[] = [];
  it('is down before October while next year is missing', () => {
    expect(calendarStatus(none, sh('2026-09-30 23:59'))).toEqual({
      thisYear: 2026,
      thisYearConfigured: true,
      nextYear: 2027,
      nextYearConfigured: false,
      banner: false
    });
  });
  it('goes up on 1 October (Shanghai time) and down once next year has an override', () => {
    expect(calendarStatus(none, sh('2026-10-01 00:00')).banner).toBe(true);
    expect(calendarStatus([{ date: '2027-01-01', workday: false }], sh('2026-10-01 00:00'))).toMatchObject({
      nextYearConfigured: true,
      banner: false
    });
  });
  it('is up all year when the current year is missing', () => {
    expect(calendarStatus(none, sh('2027-03-01 12:00'))).toMatchObject({ thisYearConfigured: false, banner: true });
  });
});
