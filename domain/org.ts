// Organisation units and their tree. Who may reach a case is decided in access.ts alone.
import type { Level } from './enums';
import type { GeoBounds } from './geo';

export type UnitKind = 'district' | 'town' | 'community' | 'department';
/** The finer kind from the data file: 街道/镇, 社区/村. */
export type UnitSubKind = 'street' | 'town' | 'community' | 'village';

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  level: Level | null; // null for departments: they are not a handling level
  parentId: string | null;
  subKind?: UnitSubKind;
  /** Deactivated by an admin (org.setUnitActive): routing skips it; transfers, reassignment and whistles to it are refused. */
  inactive?: boolean;
  /** The district's bounding box: a case pinned outside it is refused (caseLocation.ts). */
  bounds?: GeoBounds;
}

/** The part of data/dadukou-org.json that units are built from (kinds loose, as JSON imports them). */
export interface OrgData {
  district: { id: string; name: string; bounds?: GeoBounds };
  towns: ReadonlyArray<{
    id: string;
    name: string;
    kind: string;
    communities: ReadonlyArray<{ id: string; name: string; kind: string }>;
  }>;
  departments: ReadonlyArray<{ id: string; name: string }>;
}

/** Units as a list or an id → unit map. */
export type Units = readonly Unit[] | ReadonlyMap<string, Unit>;

/** Flattens the org data into units; throws on an unknown kind or a duplicate id. */
export function buildUnits(data: OrgData): Unit[] {
  const d = data.district;
  const out: Unit[] = [{ id: d.id, name: d.name, kind: 'district', level: 'district', parentId: null }];
  if (d.bounds)
    out[0].bounds = { south: d.bounds.south, west: d.bounds.west, north: d.bounds.north, east: d.bounds.east };
  for (const t of data.towns) {
    if (t.kind !== 'street' && t.kind !== 'town') throw new Error(`unknown town kind ${t.kind} for ${t.id}`);
    out.push({ id: t.id, name: t.name, kind: 'town', level: 'town', parentId: d.id, subKind: t.kind });
    for (const c of t.communities) {
      if (c.kind !== 'community' && c.kind !== 'village')
        throw new Error(`unknown community kind ${c.kind} for ${c.id}`);
      out.push({ id: c.id, name: c.name, kind: 'community', level: 'community', parentId: t.id, subKind: c.kind });
    }
  }
  for (const dep of data.departments) {
    out.push({ id: dep.id, name: dep.name, kind: 'department', level: null, parentId: d.id });
  }
  const seen = new Set<string>();
  for (const u of out) {
    if (seen.has(u.id)) throw new Error(`duplicate unit id ${u.id}`);
    seen.add(u.id);
  }
  return out;
}

const indexCache = new WeakMap<readonly Unit[], ReadonlyMap<string, Unit>>();

/** An id → unit map (cached per list, so passing the same array around costs one build). */
export function indexUnits(units: Units): ReadonlyMap<string, Unit> {
  if (!Array.isArray(units)) return units as ReadonlyMap<string, Unit>;
  const list = units as readonly Unit[];
  let map = indexCache.get(list);
  if (!map) {
    map = new Map(list.map((u) => [u.id, u] as const));
    indexCache.set(list, map);
  }
  return map;
}

/** The unit with this id, if any. */
export function getUnit(unitId: string, units: Units): Unit | undefined {
  return indexUnits(units).get(unitId);
}

/** The parent unit (community → town → district; department → district), or null. */
export function parentOf(unitId: string, units: Units): Unit | null {
  const u = getUnit(unitId, units);
  return u && u.parentId !== null ? (getUnit(u.parentId, units) ?? null) : null;
}

/** The unit and its ancestors, nearest first, e.g. [communityId, townId, districtId]; throws on an unknown id. */
export function scopePath(unitId: string, units: Units): string[] {
  const map = indexUnits(units);
  const path: string[] = [];
  let u = map.get(unitId);
  if (!u) throw new RangeError(`unknown unit ${unitId}`);
  while (u) {
    if (path.indexOf(u.id) >= 0) throw new Error(`unit cycle at ${u.id}`);
    path.push(u.id);
    u = u.parentId === null ? undefined : map.get(u.parentId);
  }
  return path;
}

/** Whether `ancestorId` is `unitId` or one of its ancestors. */
export function isSelfOrAncestor(ancestorId: string, unitId: string, units: Units): boolean {
  const map = indexUnits(units);
  let u = map.get(unitId);
  // The tree is three levels deep; the bound only guards against cyclic data.
  for (let n = 0; u && n < 8; n++) {
    if (u.id === ancestorId) return true;
    u = u.parentId === null ? undefined : map.get(u.parentId);
  }
  return false;
}

/**
 * Whether `viewer` oversees `unitId` in the tree: the district all, a town itself and its
 * communities, any other unit itself (for figures; cases go through access.ts).
 */
export function inScope(viewer: Unit, unitId: string, units: Units): boolean {
  if (viewer.kind === 'department') return viewer.id === unitId;
  if (viewer.kind === 'district') return true;
  return isSelfOrAncestor(viewer.id, unitId, units);
}

/** Both units are on the same handling level (departments are on none). */
export function sameLevel(a: Unit, b: Unit): boolean {
  return a.level !== null && a.level === b.level;
}
