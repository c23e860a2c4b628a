import { openCase } from '../../domain/case';
import { BAQIAO, ctx, DISTRICT, eod, FENGYANG_VILLAGE, PINGAN, routingRules, sh, XINSHANCUN } from './fixtures';

describe('openCase', () => {
  it('opens a community case with deadlines and scope', () => {
    const o = openCase(
      {
        category: 'neighbor',
        categoryName: '邻里纠纷',
        communityId: PINGAN,
        reporterId: 'u1',
        at: sh('2026-10-03 20:00')
      },
      routingRules,
      ctx
    );
    if (!o.ok) throw new Error(o.code);
    expect(o.record).toMatchObject({
      status: 'submitted',
      unitId: PINGAN,
      level: 'community',
      registeredUnitId: PINGAN,
      communityId: PINGAN,
      scopeIds: [PINGAN, XINSHANCUN, DISTRICT],
      round: 1,
      unsatisfiedAtUnit: 0,
      version: 1,
      major: false,
      firstReplyAt: null,
      acceptedAt: null
    });
    expect(o.record.firstResponseDueAt).toEqual(eod('2026-10-08')); // filed during National Day
    expect(o.record.responseDueAt).toEqual(eod('2026-10-08'));
    expect(o.record.resolveDueAt).toEqual(eod('2026-10-13')); // 10-08, 10-09, 10-10 (Sat, make-up), 10-12, 10-13
    expect(o.timeline).toMatchObject({
      action: 'submit',
      actor: { kind: 'resident', id: 'u1' },
      text: '群众吹哨：按属地原则，由平安社区和议厅受理'
    });
    expect(o.notify).toEqual([{ to: 'unit', unitId: PINGAN, event: 'assigned' }]);
  });

  it("indexes only the handling unit's chain when the case starts at the town (access follows the job)", () => {
    const o = openCase(
      { category: 'land-expropriation', communityId: FENGYANG_VILLAGE, reporterId: 'u1', at: sh('2026-03-09 10:00') },
      routingRules,
      ctx
    );
    expect(o).toMatchObject({
      ok: true,
      record: { unitId: BAQIAO, level: 'town', communityId: FENGYANG_VILLAGE, scopeIds: [BAQIAO, DISTRICT] }
    });
  });

  it('records staff registration (代登记): the registering unit owes the first reply', () => {
    const o = openCase(
      {
        category: 'medical',
        categoryName: '医疗纠纷',
        communityId: PINGAN,
        reporterId: 'u1',
        at: sh('2026-03-09 10:00'),
        registeredBy: { staffId: 's1', unitId: PINGAN }
      },
      routingRules,
      ctx
    );
    expect(o).toMatchObject({
      ok: true,
      record: { unitId: DISTRICT, registeredUnitId: PINGAN, scopeIds: [DISTRICT] },
      timeline: {
        actor: { kind: 'staff', id: 's1', unitId: PINGAN },
        text: '工作人员代群众登记：按类别「医疗纠纷」规则，直接由区莎姐调解中心受理'
      }
    });
  });

  it('refuses unknown communities and registering units', () => {
    expect(
      openCase({ category: 'neighbor', communityId: 'x', reporterId: 'u1', at: sh('2026-03-09') }, routingRules, ctx)
    ).toMatchObject({ ok: false, code: 'UNKNOWN_COMMUNITY' });
    expect(
      openCase(
        {
          category: 'neighbor',
          communityId: PINGAN,
          reporterId: 'u1',
          at: sh('2026-03-09'),
          registeredBy: { staffId: 's', unitId: 'x' }
        },
        routingRules,
        ctx
      )
    ).toEqual({ ok: false, code: 'UNKNOWN_UNIT', detail: 'x' });
  });
});
