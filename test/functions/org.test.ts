import { startLocalCloud, type TestCloud } from '../support/localcloud';
import type { OrgCatalog } from '../../typings/org';
import type { Result } from '../../typings/result';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());

const catalog = (openid?: string, fields: Record<string, unknown> = {}) =>
  cloud.call<Result<OrgCatalog>>('org', { action: 'catalog', ...fields }, openid);

describe('org.catalog', () => {
  test('lists the categories, the district, the 8 towns with their communities and the 37 departments, from the seeded data', async () => {
    const res = await catalog('resident-1');
    if (!res.ok) throw new Error(res.code);
    const { categories, towns } = res.data;
    expect(categories).toEqual(
      expect.arrayContaining([
        { id: 'neighbor', name: '邻里纠纷' },
        { id: 'labor', name: '劳动争议纠纷' }
      ])
    );
    expect(categories).toHaveLength(20);
    expect(towns.map((t) => t.name)).toEqual([
      '新山村街道',
      '跃进村街道',
      '九宫庙街道',
      '茄子溪街道',
      '春晖路街道',
      '八桥镇',
      '建胜镇',
      '跳磴镇'
    ]);
    const xinshancun = towns.find((t) => t.id === '500104001000')!;
    expect(xinshancun.communities).toHaveLength(8);
    expect(xinshancun.communities).toContainEqual({ id: '500104001001', name: '平安社区' });
    expect(towns.reduce((n, t) => n + t.communities.length, 0)).toBe(97);
    // Departments are not places a resident lives in: they come apart, for the whistle sheet.
    expect(JSON.stringify(towns)).not.toContain('dept-');
    expect(res.data.district).toEqual({ id: '500104000000', name: '大渡口区' });
    const { departments } = res.data;
    expect(departments).toHaveLength(37);
    expect(departments).toEqual(
      expect.arrayContaining([
        { id: 'dept-justice', name: '区司法局' },
        { id: 'dept-police', name: '区公安分局' }
      ])
    );
    expect(departments.every((d) => d.id.startsWith('dept-'))).toBe(true);
  });

  test('a warm instance answers from its cache: at most 3 database requests, then none', async () => {
    await catalog('resident-2');
    const [first] = await cloud.invocations(1);
    expect(first).toMatchObject({ name: 'org', action: 'catalog', ok: true });
    expect(first.dbRequests).toBeLessThanOrEqual(3);
    await catalog('resident-2');
    expect((await cloud.invocations(1))[0].dbRequests).toBe(0);
  });

  test('refuses unknown fields and unknown actions with stable codes', async () => {
    expect(await catalog('resident-1', { extra: 1 })).toMatchObject({ ok: false, code: 'FIELD_INVALID' });
    expect(await cloud.call('org', { action: 'list' }, 'resident-1')).toMatchObject({
      ok: false,
      code: 'UNKNOWN_ACTION'
    });
  });
});
