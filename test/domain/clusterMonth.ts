// A generated month of cases (fixed seed) with planted clusters of repeated complaints, for the
// clustering tests and the bench. Background cases use many unrelated complaint texts, spread over
// each community; a plant is 5–12 reworded complaints about one thing within ~100 m, from ≥3 reporters.
import type { ClusterCase } from '../../domain/cluster';
import { DAY_MS } from '../../domain/time';

/** mulberry32: a small seeded PRNG, so the month is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CATEGORIES = [
  'urban-mgmt',
  'pollution',
  'property-mgmt',
  'neighbor',
  'traffic',
  'village-affairs',
  'food-safety',
  'labour'
];

const SUBJECTS = [
  '小区门口',
  '菜市场旁',
  '学校后门',
  '公交站台',
  '广场东侧',
  '河堤步道',
  '农贸市场',
  '老旧小区',
  '停车场入口',
  '幼儿园附近',
  '桥下通道',
  '健身器材区'
];
const PROBLEMS = [
  ['路灯不亮', '晚上漆黑一片', '走路容易摔倒'],
  ['垃圾桶满溢', '好几天没人清运', '气味难闻'],
  ['下水道堵塞', '污水漫到路面', '臭气熏天'],
  ['广场舞音响太吵', '晚上十点还在放', '影响休息'],
  ['占道经营', '摊贩把人行道占满', '行人只能走机动车道'],
  ['电动车乱停', '堵住消防通道', '存在安全隐患'],
  ['施工噪音', '凌晨还在打桩', '睡不着觉'],
  ['井盖缺失', '路面有个大洞', '小孩容易掉进去'],
  ['楼道堆放杂物', '物业不管', '有火灾隐患'],
  ['餐馆油烟直排', '熏得窗户都是油', '没法开窗'],
  ['积水严重', '一下雨就淹', '车辆无法通行'],
  ['树枝断裂', '悬在头顶', '随时可能砸到人'],
  ['流浪狗聚集', '夜里狂叫', '还咬伤过人'],
  ['电梯经常故障', '老人被困过', '维保不到位'],
  ['工资拖欠', '工地老板跑路', '工人讨薪无门'],
  ['过期食品', '超市还在卖', '吃了拉肚子']
];
const FILLERS = ['请尽快处理', '希望有关部门管一管', '已经反映多次了', '麻烦派人来看看', '谢谢', '', ''];

export interface PlantedMonth {
  cases: ClusterCase[];
  /** Each plant's case ids. */
  plants: string[][];
  now: Date;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Metres east/north of a point, as lat/lng (small offsets). */
function offset(p: { latitude: number; longitude: number }, east: number, north: number) {
  return {
    latitude: p.latitude + north / 111_320,
    longitude: p.longitude + east / (111_320 * Math.cos((p.latitude * Math.PI) / 180))
  };
}

/**
 * `perDay` background cases a day for `days` days (30) over `communities` communities (each ~3 km across), plus
 * `plantCount` plants. Ids are `b…` for background and `p<k>-<i>` for plants.
 */
export function plantedMonth(seed: number, perDay = 100, communities = 20, plantCount = 12, days = 30): PlantedMonth {
  const r = rng(seed);
  const now = new Date('2026-11-30T16:00:00Z'); // 2026-12-01 00:00 Shanghai
  const start = now.getTime() - days * DAY_MS;
  const centres = Array.from({ length: communities }, (_, i) => ({
    id: `community-${i}`,
    unitId: `community-${i}`,
    centre: { latitude: 29.4 + (i % 5) * 0.03, longitude: 106.45 + Math.floor(i / 5) * 0.03 }
  }));
  const cases: ClusterCase[] = [];
  let n = 0;
  for (let d = 0; d < days; d++)
    for (let k = 0; k < perDay; k++) {
      const c = pick(r, centres);
      const problem = pick(r, PROBLEMS);
      // Background: one of many subjects and problems, a random phrase of it, anywhere in the community.
      const text = `${pick(r, SUBJECTS)}${pick(r, problem)}，${pick(r, FILLERS)}`;
      cases.push({
        id: `b${n++}`,
        communityId: c.id,
        category: pick(r, CATEGORIES),
        reporterId: `resident-${Math.floor(r() * 50_000)}`,
        unitId: c.unitId,
        createdAt: new Date(start + d * DAY_MS + Math.floor(r() * DAY_MS)),
        location: r() < 0.8 ? offset(c.centre, (r() - 0.5) * 3000, (r() - 0.5) * 3000) : null,
        text
      });
    }
  const plants: string[][] = [];
  for (let p = 0; p < plantCount; p++) {
    const c = centres[p % communities];
    const category = CATEGORIES[p % CATEGORIES.length];
    const problem = PROBLEMS[p % PROBLEMS.length];
    const subject = SUBJECTS[p % SUBJECTS.length];
    const where = offset(c.centre, (r() - 0.5) * 2000, (r() - 0.5) * 2000);
    const size = 5 + Math.floor(r() * 8);
    const ids: string[] = [];
    for (let i = 0; i < size; i++) {
      // Reworded: the place and two of the problem's three phrases, in either order, and a filler.
      const phrases = [...problem].sort(() => r() - 0.5).slice(0, 2);
      const id = `p${p}-${i}`;
      ids.push(id);
      cases.push({
        id,
        communityId: c.id,
        category,
        reporterId: `planted-${p}-${i % 4}`,
        unitId: c.unitId,
        createdAt: new Date(start + Math.floor(r() * days * DAY_MS)),
        location: r() < 0.85 ? offset(where, (r() - 0.5) * 200, (r() - 0.5) * 200) : null,
        text: `${subject}${phrases.join('，')}，${pick(r, FILLERS)}`
      });
    }
    plants.push(ids);
  }
  return { cases, plants, now };
}

/**
 * Precision and recall of found clusters against the plants: a found cluster matches the plant it
 * shares most members with when their Jaccard index is ≥ 0.5; precision over found, recall over plants.
 */
export function score(found: ReadonlyArray<{ caseIds: string[] }>, plants: readonly string[][]) {
  const matchedPlants = new Set<number>();
  let good = 0;
  for (const f of found) {
    const members = new Set(f.caseIds);
    let best = -1;
    let bestJ = 0;
    plants.forEach((p, i) => {
      const inter = p.filter((id) => members.has(id)).length;
      const j = inter / (p.length + members.size - inter);
      if (j > bestJ) [best, bestJ] = [i, j];
    });
    if (best >= 0 && bestJ >= 0.5) {
      good++;
      matchedPlants.add(best);
    }
  }
  return {
    precision: found.length === 0 ? 1 : good / found.length,
    recall: plants.length === 0 ? 1 : matchedPlants.size / plants.length
  };
}
