import {
  checkTransfer,
  DEFAULT_START_LEVELS,
  defaultRoutingRules,
  escalationTarget,
  route,
  unitAtLevel
} from '../../domain/routing';
import {
  BAQIAO,
  DEPT_JUSTICE,
  DISTRICT,
  FENGYANG_VILLAGE,
  GANGHUA,
  org,
  PINGAN,
  routingRules,
  units,
  XINSHANCUN,
  YUEJINCUN,
  YUEXIN
} from './fixtures';

describe('default routing rules', () => {
  it('only name categories of the data file and start above the community', () => {
    const ids = new Set(org.disputeCategories.map((c) => c.id));
    for (const id of Object.keys(DEFAULT_START_LEVELS)) expect(ids.has(id)).toBe(true);
    expect(routingRules.every((r) => r.startLevel !== 'community')).toBe(true);
    expect(routingRules).toContainEqual({ category: 'land-expropriation', startLevel: 'town' });
    expect(routingRules).toContainEqual({ category: 'medical', startLevel: 'district' });
    expect(routingRules.find((r) => r.category === 'neighbor')).toBeUndefined();
  });

  it('ignore categories they do not know', () => {
    expect(defaultRoutingRules([{ id: 'made-up' }])).toEqual([]);
  });
});

describe('route', () => {
  it('sends a neighbour dispute to the community 和议厅', () => {
    expect(route({ category: 'neighbor', categoryName: '邻里纠纷', communityId: PINGAN }, routingRules, units)).toEqual(
      {
        ok: true,
        level: 'community',
        unitId: PINGAN,
        reason: '按属地原则，由平安社区和议厅受理'
      }
    );
  });

  it('handles villages like communities', () => {
    expect(route({ category: 'neighbor', communityId: FENGYANG_VILLAGE }, routingRules, units)).toMatchObject({
      ok: true,
      level: 'community',
      unitId: FENGYANG_VILLAGE,
      reason: '按属地原则，由凤阳村和议厅受理'
    });
  });

  it('starts land expropriation at the town 调解室', () => {
    expect(
      route(
        { category: 'land-expropriation', categoryName: '征地拆迁纠纷', communityId: FENGYANG_VILLAGE },
        routingRules,
        units
      )
    ).toEqual({
      ok: true,
      level: 'town',
      unitId: BAQIAO,
      reason: '按类别「征地拆迁纠纷」规则，直接由八桥镇调解室受理'
    });
  });

  it('starts medical disputes at the district 莎姐调解中心', () => {
    expect(route({ category: 'medical', categoryName: '医疗纠纷', communityId: PINGAN }, routingRules, units)).toEqual({
      ok: true,
      level: 'district',
      unitId: DISTRICT,
      reason: '按类别「医疗纠纷」规则，直接由区莎姐调解中心受理'
    });
  });

  it('sends major cases to the district whatever the category', () => {
    for (const category of ['neighbor', 'land-expropriation']) {
      expect(route({ category, communityId: PINGAN, major: true }, routingRules, units)).toEqual({
        ok: true,
        level: 'district',
        unitId: DISTRICT,
        reason: '重大事项，直接由区莎姐调解中心受理'
      });
    }
  });

  it('lets the last matching rule win and appends its reason', () => {
    const rules = [...routingRules, { category: 'medical', startLevel: 'town' as const, reason: '试点：镇街先行调解' }];
    expect(route({ category: 'medical', categoryName: '医疗纠纷', communityId: PINGAN }, rules, units)).toEqual({
      ok: true,
      level: 'town',
      unitId: XINSHANCUN,
      reason: '按类别「医疗纠纷」规则，直接由新山村街道调解室受理（试点：镇街先行调解）'
    });
    const lowered = [...routingRules, { category: 'medical', startLevel: 'community' as const }];
    expect(route({ category: 'medical', categoryName: '医疗纠纷', communityId: PINGAN }, lowered, units)).toMatchObject(
      {
        level: 'community',
        reason: '按类别「医疗纠纷」规则，由平安社区和议厅受理'
      }
    );
  });

  it('falls back to the category id in the text', () => {
    expect(route({ category: 'medical', communityId: PINGAN }, routingRules, units)).toMatchObject({
      reason: '按类别「medical」规则，直接由区莎姐调解中心受理'
    });
  });

  it('refuses a community id that is not a community', () => {
    for (const communityId of ['nope', XINSHANCUN, DISTRICT, DEPT_JUSTICE]) {
      expect(route({ category: 'neighbor', communityId }, routingRules, units)).toEqual({
        ok: false,
        code: 'UNKNOWN_COMMUNITY',
        detail: communityId
      });
    }
  });

  it('unitAtLevel', () => {
    expect(unitAtLevel(PINGAN, 'community', units)?.id).toBe(PINGAN);
    expect(unitAtLevel(PINGAN, 'town', units)?.id).toBe(XINSHANCUN);
    expect(unitAtLevel(PINGAN, 'district', units)?.id).toBe(DISTRICT);
    expect(unitAtLevel('nope', 'town', units)).toBeNull();
  });
});

describe('escalationTarget', () => {
  it('goes community → town → district, never beyond', () => {
    expect(escalationTarget(PINGAN, units)?.id).toBe(XINSHANCUN);
    expect(escalationTarget(XINSHANCUN, units)?.id).toBe(DISTRICT);
    expect(escalationTarget(DISTRICT, units)).toBeNull();
    expect(escalationTarget(DEPT_JUSTICE, units)).toBeNull();
    expect(escalationTarget('nope', units)).toBeNull();
  });
});

describe('checkTransfer', () => {
  it('allows the same level only', () => {
    expect(checkTransfer(PINGAN, GANGHUA, units)).toMatchObject({ ok: true, to: { id: GANGHUA } });
    expect(checkTransfer(PINGAN, YUEXIN, units)).toMatchObject({ ok: true }); // another town's community
    expect(checkTransfer(XINSHANCUN, YUEJINCUN, units)).toMatchObject({ ok: true });
    expect(checkTransfer(PINGAN, XINSHANCUN, units)).toMatchObject({ ok: false, code: 'TRANSFER_LEVEL_MISMATCH' });
    expect(checkTransfer(XINSHANCUN, DISTRICT, units)).toMatchObject({ ok: false, code: 'TRANSFER_LEVEL_MISMATCH' });
    expect(checkTransfer(PINGAN, DEPT_JUSTICE, units)).toMatchObject({ ok: false, code: 'TRANSFER_LEVEL_MISMATCH' });
    expect(checkTransfer(PINGAN, PINGAN, units)).toEqual({ ok: false, code: 'TRANSFER_SAME_UNIT' });
    expect(checkTransfer(PINGAN, 'nope', units)).toEqual({ ok: false, code: 'UNKNOWN_UNIT', detail: 'nope' });
  });
});
