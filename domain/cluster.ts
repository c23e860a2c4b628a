// 未诉先办: repeated complaints found by clustering the last N days' cases by community, category,
// distance and Chinese text similarity (character bigrams, clusterText.ts). A cluster that passes the
// threshold opens ONE proactive case (主动治理); the monthly topic (每月一题) ranks a month's clusters.
// Pure TS: the clock is passed in.
import { bigramFeatures, dice, weightedDice } from './clusterText';
import { distanceM, type LatLng } from './geo';
import { getUnit, parentOf, scopePath, type Units } from './org';
import { DAY_MS } from './time';

/** What clustering reads of a case (the nightly job projects only these fields). */
export interface ClusterCase {
  id: string;
  communityId: string;
  category: string;
  reporterId: string;
  unitId: string;
  createdAt: Date;
  location: LatLng | null;
  text: string;
  /** The proactive case it already feeds, if any (set by the nightly job). */
  proactiveCaseId?: string | null;
}

export interface ClusterOptions {
  /** Cases of the last N days. */
  windowDays: number;
  /** Two located cases farther apart than this never join directly. */
  radiusM: number;
  /** Character-bigram Dice coefficient, weighted by rarity over the window, two texts need to join. */
  minSimilarity: number;
  /** Threshold for a proactive case: this many cases … */
  minCases: number;
  /** … from this many different reporters. */
  minReporters: number;
}

export const DEFAULT_CLUSTER_OPTIONS: Readonly<ClusterOptions> = {
  windowDays: 30,
  radiusM: 300,
  minSimilarity: 0.4,
  minCases: 5,
  minReporters: 3
};

/** Options from a stored config document: unknown or out-of-range fields fall back to the defaults. */
export function clusterOptions(raw: Partial<Record<keyof ClusterOptions, unknown>> | null | undefined): ClusterOptions {
  const pick = (k: keyof ClusterOptions, min: number, max: number): number => {
    const v = raw?.[k];
    return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : DEFAULT_CLUSTER_OPTIONS[k];
  };
  return {
    windowDays: Math.floor(pick('windowDays', 1, 366)),
    radiusM: pick('radiusM', 1, 100_000),
    minSimilarity: pick('minSimilarity', 0.01, 1),
    minCases: Math.floor(pick('minCases', 2, 10_000)),
    minReporters: Math.floor(pick('minReporters', 1, 10_000))
  };
}

export interface Cluster {
  /** Its earliest member's id: stable while that case stays in the window. */
  key: string;
  communityId: string;
  category: string;
  /** Members, oldest first. */
  caseIds: string[];
  reporters: number;
  unitIds: string[];
  /** The member most like the others: its text names the cluster. */
  representativeId: string;
  text: string;
  /** Mean of the located members, or null when none has a place. */
  center: LatLng | null;
  points: LatLng[];
  firstAt: Date;
  lastAt: Date;
  /** Proactive cases its members already feed. */
  proactiveCaseIds: string[];
}

/** The window's first instant: cases created at or after it count. */
export function windowStart(now: Date, windowDays: number): Date {
  return new Date(now.getTime() - windowDays * DAY_MS);
}

/** Whether a cluster is large enough for a proactive case. */
export function passesThreshold(c: Pick<Cluster, 'caseIds' | 'reporters'>, o: ClusterOptions): boolean {
  return c.caseIds.length >= o.minCases && c.reporters >= o.minReporters;
}

interface Item {
  c: ClusterCase;
  f: Uint32Array;
  /** Each feature's weight (its IDF over the window) and their sum. */
  w: Float64Array;
  s: number;
  i: number;
}

/**
 * Groups the window's cases: two cases join when they share community and category, their texts are
 * similar, and (when both carry a place) they lie within `radiusM`; groups are the connected parts
 * (single linkage). A grid of radius-sized cells keeps located cases to their neighbours, so a bucket
 * costs about n·k comparisons, not n². Answers every group of two or more, largest first.
 *
 * Nothing crosses a community, the bigram weights included (each community's own phrasing weighs
 * little): clustering the window equals clustering each community alone, so the nightly job works one
 * community at a time and its work per call stays bounded however large the district grows.
 */
export function clusterCases(cases: readonly ClusterCase[], now: Date, o: ClusterOptions): Cluster[] {
  const from = windowStart(now, o.windowDays).getTime();
  const communities = new Map<string, Map<string, Item[]>>();
  for (const c of cases) {
    const t = c.createdAt.getTime();
    if (t < from || t > now.getTime()) continue;
    let buckets = communities.get(c.communityId);
    if (!buckets) communities.set(c.communityId, (buckets = new Map<string, Item[]>()));
    let b = buckets.get(c.category);
    if (!b) buckets.set(c.category, (b = []));
    b.push({ c, f: bigramFeatures(c.text), w: EMPTY, s: 0, i: b.length });
  }
  const out: Cluster[] = [];
  for (const buckets of communities.values()) {
    weigh(buckets);
    for (const items of buckets.values()) out.push(...clusterBucket(items, o));
  }
  return out.sort(byRank);
}

/** What ranks a cluster: its size (`count` when its ids are capped, else its ids) and its key. */
export interface Ranked {
  key: string;
  caseIds: readonly string[];
  count?: number;
}

const sizeOf = (c: Ranked): number => c.count ?? c.caseIds.length;

/** Largest first, then by key: the order of the monthly topic and of `keepTop`. */
export function byRank(a: Ranked, b: Ranked): number {
  return sizeOf(b) - sizeOf(a) || a.key.localeCompare(b.key);
}

/**
 * The `limit` highest-ranked clusters. Exact across parts: the top of the union is the top of the
 * parts' tops, so the job keeps only a running top while it goes through communities.
 */
export function keepTop<T extends Ranked>(clusters: readonly T[], limit: number): T[] {
  const seen = new Set<string>();
  return [...clusters]
    .sort(byRank)
    .filter((c) => !seen.has(c.key) && (seen.add(c.key), true))
    .slice(0, limit);
}

/** Document frequency of each bigram over one community's window: common phrasing weighs little (weightedDice). */
function weigh(buckets: Map<string, Item[]>): void {
  const df = new Map<number, number>();
  let n = 0;
  for (const items of buckets.values())
    for (const it of items) {
      n++;
      for (const h of it.f) df.set(h, (df.get(h) ?? 0) + 1);
    }
  for (const items of buckets.values())
    for (const it of items) {
      it.w = Float64Array.from(it.f, (h) => Math.log(1 + (n + IDF_PRIOR) / (df.get(h) ?? 1)));
      it.s = it.w.reduce((x, y) => x + y, 0);
    }
}

const EMPTY = new Float64Array(0);
/**
 * Documents assumed to hold none of a bigram, besides the community's window: a quiet community (or a
 * test) must not weigh the very bigrams its like complaints share as common. Small, since a community's
 * window is small: 30 keeps the planted months' precision and recall (test/domain/cluster.test.ts).
 */
const IDF_PRIOR = 30;

function clusterBucket(items: Item[], o: ClusterOptions): Cluster[] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const degree = new Array<number>(items.length).fill(0);
  const link = (a: Item, b: Item): void => {
    if (weightedDice(a.f, a.w, a.s, b.f, b.w, b.s) < o.minSimilarity) return;
    if (a.c.location && b.c.location && distanceM(a.c.location, b.c.location) > o.radiusM) return;
    degree[a.i]++;
    degree[b.i]++;
    const ra = find(a.i);
    const rb = find(b.i);
    if (ra !== rb) parent[ra] = rb;
  };
  // Cells about radiusM wide: a neighbour within radiusM lies in the same or an adjacent cell.
  const latStep = o.radiusM / 111_320;
  const cellOf = (p: LatLng): [number, number] => {
    const lngStep = latStep / Math.max(0.01, Math.cos((p.latitude * Math.PI) / 180));
    return [Math.floor(p.latitude / latStep), Math.floor(p.longitude / lngStep)];
  };
  const grid = new Map<string, Item[]>();
  // Unplaced cases meet the whole bucket (same community is their only place), through inverted lists
  // of bigrams: every case so far (`all`) and the unplaced ones (`loose`). Prefix filter, exact: two
  // texts reach minSimilarity only if they share weight ≥ t·s/2 of either, so they share one of its
  // heaviest bigrams that carry all but t·s/2 of its weight; only lists of those are read.
  const all = new Map<number, Item[]>();
  const loose = new Map<number, Item[]>();
  const seen = new Int32Array(items.length).fill(-1);
  const viaPrefix = (it: Item, lists: Map<number, Item[]>): void => {
    const order = Array.from(it.f.keys()).sort((a, b) => it.w[b] - it.w[a]);
    let rest = it.s;
    for (const k of order) {
      if (rest < (o.minSimilarity * it.s) / 2) break;
      rest -= it.w[k];
      for (const other of lists.get(it.f[k]) ?? [])
        if (seen[other.i] !== it.i) {
          seen[other.i] = it.i;
          link(it, other);
        }
    }
  };
  const add = (lists: Map<number, Item[]>, it: Item): void => {
    for (const h of it.f) {
      const l = lists.get(h);
      if (l) l.push(it);
      else lists.set(h, [it]);
    }
  };
  for (const it of items) {
    if (!it.c.location) {
      viaPrefix(it, all);
      add(all, it);
      add(loose, it);
      continue;
    }
    viaPrefix(it, loose);
    const [y, x] = cellOf(it.c.location);
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++)
        for (const other of grid.get(`${y + dy},${x + dx}`) ?? [])
          if (seen[other.i] !== it.i) {
            seen[other.i] = it.i;
            link(it, other);
          }
    const k = `${y},${x}`;
    const cell = grid.get(k);
    if (cell) cell.push(it);
    else grid.set(k, [it]);
    add(all, it);
  }
  const groups = new Map<number, Item[]>();
  for (const it of items) {
    const r = find(it.i);
    const g = groups.get(r);
    if (g) g.push(it);
    else groups.set(r, [it]);
  }
  const out: Cluster[] = [];
  for (const g of groups.values()) if (g.length >= 2) out.push(toCluster(g, degree));
  return out;
}

function toCluster(g: Item[], degree: number[]): Cluster {
  g.sort((a, b) => a.c.createdAt.getTime() - b.c.createdAt.getTime() || a.c.id.localeCompare(b.c.id));
  const rep = g.reduce((best, it) => (degree[it.i] > degree[best.i] ? it : best), g[0]);
  const points = g.flatMap((it) => (it.c.location ? [it.c.location] : []));
  const center =
    points.length === 0
      ? null
      : {
          latitude: points.reduce((s, p) => s + p.latitude, 0) / points.length,
          longitude: points.reduce((s, p) => s + p.longitude, 0) / points.length
        };
  return {
    key: g[0].c.id,
    communityId: g[0].c.communityId,
    category: g[0].c.category,
    caseIds: g.map((it) => it.c.id),
    reporters: new Set(g.map((it) => it.c.reporterId)).size,
    unitIds: [...new Set(g.map((it) => it.c.unitId))].sort(),
    representativeId: rep.c.id,
    text: rep.c.text,
    center,
    points: points.map((p) => ({ latitude: p.latitude, longitude: p.longitude })),
    firstAt: g[0].c.createdAt,
    lastAt: g[g.length - 1].c.createdAt,
    proactiveCaseIds: [...new Set(g.flatMap((it) => (it.c.proactiveCaseId ? [it.c.proactiveCaseId] : [])))].sort()
  };
}

/**
 * Where a proactive case goes: the unit above the source cases' units (a community's cases → its town;
 * cases at a town, or across towns → the district). The lowest unit holding every parent.
 */
export function unitAbove(unitIds: readonly string[], units: Units): string | null {
  const paths = unitIds.map((id) => {
    const up = parentOf(id, units);
    return up ? scopePath(up.id, units) : getUnit(id, units) ? scopePath(id, units) : [];
  });
  if (paths.length === 0 || paths.some((p) => p.length === 0)) return null;
  // scopePath lists a unit then its ancestors: the first of the first path that every path holds.
  return paths[0].find((id) => paths.every((p) => p.includes(id))) ?? null;
}

/** What the nightly job does with the passing clusters. */
export interface ProactivePlan {
  /** New proactive cases, one per cluster none of whose members feeds one yet. */
  open: Cluster[];
  /** New members joining the proactive case their cluster already feeds (never a second case). */
  attach: Array<{ proactiveCaseId: string; caseIds: string[] }>;
}

/** Idempotent across nights: a cluster feeding a proactive case adds to it; only an unlinked one opens a case. */
export function planProactive(
  clusters: readonly Cluster[],
  byId: ReadonlyMap<string, ClusterCase>,
  o: ClusterOptions
): ProactivePlan {
  const plan: ProactivePlan = { open: [], attach: [] };
  for (const c of clusters) {
    if (!passesThreshold(c, o)) continue;
    if (c.proactiveCaseIds.length === 0) {
      plan.open.push(c);
      continue;
    }
    const fresh = c.caseIds.filter((id) => !byId.get(id)?.proactiveCaseId);
    if (fresh.length > 0) plan.attach.push({ proactiveCaseId: c.proactiveCaseIds[0], caseIds: fresh });
  }
  return plan;
}

/** A month's cluster as the monthly topic shows it. */
export interface TopicRow {
  key: string;
  communityId: string;
  category: string;
  text: string;
  count: number;
  reporters: number;
  /** The like cluster's count last month (same community, category, similar text, near), 0 when none. */
  lastMonth: number;
  trend: 'up' | 'down' | 'flat' | 'new';
  center: LatLng | null;
  points: LatLng[];
  caseIds: string[];
}

/** What the monthly topic reads of a cluster: a whole one, or a stored row (ids capped, `count` the size). */
export type TopicCluster = Ranked &
  Pick<Cluster, 'key' | 'communityId' | 'category' | 'text' | 'reporters' | 'center' | 'points'>;

/** The month's top clusters (by count), each with last month's like cluster for the trend. */
export function topClusters(
  thisMonth: readonly TopicCluster[],
  lastMonth: readonly TopicCluster[],
  o: ClusterOptions,
  limit = 10
): TopicRow[] {
  return keepTop(thisMonth, limit).map((c) => {
    const f = bigramFeatures(c.text);
    const prev = lastMonth.find(
      (p) =>
        p.communityId === c.communityId &&
        p.category === c.category &&
        dice(f, bigramFeatures(p.text)) >= o.minSimilarity &&
        (!p.center || !c.center || distanceM(p.center, c.center) <= o.radiusM * 2)
    );
    const count = sizeOf(c);
    const last = prev ? sizeOf(prev) : 0;
    const trend = !prev ? 'new' : count > last ? 'up' : count < last ? 'down' : 'flat';
    return {
      key: c.key,
      communityId: c.communityId,
      category: c.category,
      text: c.text,
      count,
      reporters: c.reporters,
      lastMonth: last,
      trend,
      center: c.center,
      points: c.points,
      caseIds: [...c.caseIds]
    };
  });
}
