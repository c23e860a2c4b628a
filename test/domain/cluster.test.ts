// 未诉先办 clustering on a generated month (fixed seed) with planted clusters, and what must not cluster.
import {
  clusterCases,
  clusterOptions,
  DEFAULT_CLUSTER_OPTIONS as O,
  keepTop,
  passesThreshold,
  planProactive,
  topClusters,
  unitAbove,
  type ClusterCase
} from '../../domain/cluster';
import fc from 'fast-check';
import { textSimilarity } from '../../domain/clusterText';
import { DAY_MS } from '../../domain/time';
import { plantedMonth, score } from './clusterMonth';
import { DISTRICT, PINGAN, units, XINSHANCUN } from './fixtures';

const now = new Date('2026-11-30T16:00:00Z');
const here = { latitude: 29.48, longitude: 106.48 };
const base = (i: number, over: Partial<ClusterCase> = {}): ClusterCase => ({
  id: `c${i}`,
  communityId: 'community-1',
  category: 'urban-mgmt',
  reporterId: `r${i}`,
  unitId: 'community-1',
  createdAt: new Date(now.getTime() - (i + 1) * DAY_MS),
  location: { latitude: here.latitude + i * 0.0001, longitude: here.longitude },
  text: `滨江小区三号楼下水道堵塞，污水漫到路面${['，请尽快处理', '，臭气熏天', '，已经好几天了', '', '，麻烦来看看'][i % 5]}`,
  ...over
});
// Unrelated cases to give the bigram weights a corpus, as a real window has.
const noise = Array.from({ length: 40 }, (_, i) =>
  base(100 + i, { communityId: 'community-9', text: `第${i}件其他事情，物业服务与停车收费问题${i}` })
);
const found = (cases: ClusterCase[]) => clusterCases([...cases, ...noise], now, O).filter((c) => passesThreshold(c, O));

describe('planted month (seed 20261204)', () => {
  test('finds the plants: precision and recall ≥ 0.9', () => {
    const m = plantedMonth(20261204);
    const clusters = clusterCases(m.cases, m.now, O).filter((c) => passesThreshold(c, O));
    const s = score(clusters, m.plants);
    console.log(
      `planted month: ${m.cases.length} cases, ${m.plants.length} plants, ${clusters.length} clusters, precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}`
    );
    expect(s.precision).toBeGreaterThanOrEqual(0.9);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });

  test('other seeds do as well', () => {
    for (const seed of [1, 2, 3]) {
      const m = plantedMonth(seed);
      const s = score(
        clusterCases(m.cases, m.now, O).filter((c) => passesThreshold(c, O)),
        m.plants
      );
      expect(s.precision).toBeGreaterThanOrEqual(0.9);
      expect(s.recall).toBeGreaterThanOrEqual(0.9);
    }
  });
});

describe('what clusters and what does not', () => {
  const five = [0, 1, 2, 3, 4].map((i) => base(i));

  test('five like complaints from five reporters nearby pass', () => {
    const cs = found(five);
    expect(cs).toHaveLength(1);
    expect(cs[0].caseIds).toEqual(['c4', 'c3', 'c2', 'c1', 'c0']);
    expect(cs[0].reporters).toBe(5);
    expect(cs[0].center).not.toBeNull();
  });

  test('different categories do not cluster', () => {
    const cats = ['urban-mgmt', 'pollution', 'traffic', 'neighbor', 'labour'];
    expect(found(five.map((c, i) => ({ ...c, category: cats[i] })))).toEqual([]);
  });

  test('different communities do not cluster', () => {
    expect(found(five.map((c, i) => ({ ...c, communityId: `community-${i + 1}` })))).toEqual([]);
  });

  test('far-apart places do not cluster (1 km apart, radius 300 m)', () => {
    expect(
      found(
        five.map((c, i) => ({ ...c, location: { latitude: here.latitude + i * 0.009, longitude: here.longitude } }))
      )
    ).toEqual([]);
  });

  test('unrelated text does not cluster', () => {
    const texts = [
      '楼上邻居装修噪音很大',
      '小区门口路灯坏了',
      '超市卖过期牛奶',
      '工地拖欠农民工工资',
      '河边有人钓鱼乱扔垃圾'
    ];
    expect(found(five.map((c, i) => ({ ...c, text: texts[i] })))).toEqual([]);
  });

  test('fewer than 3 reporters, or fewer than 5 cases, do not pass', () => {
    expect(found(five.map((c, i) => ({ ...c, reporterId: `r${i % 2}` })))).toEqual([]);
    expect(found(five.slice(0, 4))).toEqual([]);
  });

  test('cases before the window do not count; the window is configurable', () => {
    const old = five.map((c) => ({ ...c, createdAt: new Date(now.getTime() - 40 * DAY_MS) }));
    expect(found(old)).toEqual([]);
    const wide = clusterOptions({ windowDays: 60 });
    expect(clusterCases([...old, ...noise], now, wide).filter((c) => passesThreshold(c, wide))).toHaveLength(1);
  });

  test('cases without a place join by community and text', () => {
    expect(found(five.map((c) => ({ ...c, location: null })))).toHaveLength(1);
  });

  test('Chinese text similarity by character bigrams', () => {
    expect(textSimilarity('下水道堵塞污水漫到路面', '污水漫到路面，下水道堵塞了')).toBeGreaterThan(0.7);
    expect(textSimilarity('下水道堵塞', '广场舞太吵')).toBe(0);
  });
});

describe('proactive plan and monthly topic', () => {
  test('a cluster feeding a proactive case adds to it; never a second case', () => {
    const linked = [0, 1, 2, 3, 4].map((i) => base(i, { proactiveCaseId: i < 4 ? 'pc1' : null }));
    const cs = found([...linked, base(5)]);
    const byId = new Map([...linked, base(5)].map((c) => [c.id, c]));
    expect(planProactive(cs, byId, O)).toEqual({
      open: [],
      attach: [{ proactiveCaseId: 'pc1', caseIds: ['c5', 'c4'] }]
    });
    const fresh = found([0, 1, 2, 3, 4].map((i) => base(i)));
    expect(planProactive(fresh, new Map(), O).open).toHaveLength(1);
  });

  test('the unit above the source cases: a community → its town; a town → the district', () => {
    expect(unitAbove([PINGAN, PINGAN], units)).toBe(XINSHANCUN);
    expect(unitAbove([XINSHANCUN], units)).toBe(DISTRICT);
    expect(unitAbove([PINGAN, XINSHANCUN], units)).toBe(DISTRICT);
    expect(unitAbove([DISTRICT], units)).toBe(DISTRICT);
    expect(unitAbove(['nowhere'], units)).toBeNull();
  });

  test('top clusters with counts and trends against last month', () => {
    const thisMonth = found([0, 1, 2, 3, 4, 5, 6].map((i) => base(i)));
    const lastMonth = found([0, 1, 2, 3, 4].map((i) => base(i, { id: `old${i}` })));
    const rows = topClusters(thisMonth, lastMonth, O);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ count: 7, lastMonth: 5, trend: 'up', reporters: 7 });
    expect(rows[0].points).toHaveLength(7);
    expect(topClusters(thisMonth, [], O)[0].trend).toBe('new');
  });

  test('bad config falls back to the defaults', () => {
    expect(clusterOptions({ windowDays: -1, radiusM: 'x', minCases: 3 })).toEqual({ ...O, minCases: 3 });
  });
});

describe('one community at a time (the nightly job works so)', () => {
  const canon = (cs: ReturnType<typeof clusterCases>) => cs.map((c) => `${c.key}:${c.caseIds.join(',')}`).sort();

  test('clustering the window equals clustering each community alone, on generated months', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 12 }), (seed, communities) => {
        const m = plantedMonth(seed, 60, communities, 6);
        const whole = clusterCases(m.cases, m.now, O);
        const parts = [...new Set(m.cases.map((c) => c.communityId))].flatMap((id) =>
          clusterCases(
            m.cases.filter((c) => c.communityId === id),
            m.now,
            O
          )
        );
        expect(canon(parts)).toEqual(canon(whole));
      }),
      { seed: 20261205, numRuns: 25 }
    );
  });

  test('the top of the parts’ tops is the top of the whole, whatever the order the parts come in', () => {
    const m = plantedMonth(7, 150, 10, 12);
    const whole = clusterCases(m.cases, m.now, O);
    const ids = [...new Set(m.cases.map((c) => c.communityId))];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(ids, { minLength: ids.length }),
        fc.integer({ min: 1, max: 30 }),
        (order, limit) => {
          let running: typeof whole = [];
          for (const id of order)
            running = keepTop(
              [
                ...running,
                ...keepTop(
                  whole.filter((c) => c.communityId === id),
                  limit
                )
              ],
              limit
            );
          expect(running.map((c) => c.key)).toEqual(keepTop(whole, limit).map((c) => c.key));
        }
      ),
      { seed: 20261205, numRuns: 40 }
    );
  });

  test('keepTop ranks a capped cluster by its count, not by the ids it keeps', () => {
    const capped = { key: 'b', caseIds: ['x', 'y'], count: 300 };
    const whole = { key: 'a', caseIds: ['p', 'q', 'r'] };
    expect(keepTop([whole, capped], 2).map((c) => c.key)).toEqual(['b', 'a']);
    expect(keepTop([whole, { ...capped, count: 3 }], 1).map((c) => c.key)).toEqual(['a']);
  });

  test('keepTop keeps a cluster once, however often it comes', () => {
    const cs = clusterCases(plantedMonth(3).cases, plantedMonth(3).now, O);
    const kept = keepTop([...cs, ...cs], cs.length);
    expect(kept.map((c) => c.key)).toEqual(cs.map((c) => c.key));
  });
});
