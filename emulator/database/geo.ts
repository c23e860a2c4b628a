/**
 * Geo queries the SDK can build (db.Geo.Point and friends arrive as GeoJSON): $geoWithin, $geoIntersects,
 * $nearSphere/$near, and the $geoNear aggregation stage. Distances are on a sphere of MongoDB's radius;
 * polygon containment treats edges as straight in longitude/latitude, which is close enough for
 * city-sized shapes. Production also requires a geo index; the emulator does not check for one.
 */
import { dbErrors } from './errors';
import { cloneValue, isPlainObject, pathLeaves, type Doc } from './values';

export const EARTH_RADIUS_M = 6378100;

type LngLat = [number, number];

export function pointOf(v: unknown): LngLat | undefined {
  if (isPlainObject(v) && v.type === 'Point' && Array.isArray(v.coordinates)) return pointOf(v.coordinates);
  if (Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]];
  return undefined;
}

const rad = (d: number): number => (d * Math.PI) / 180;

export function distanceMeters(a: LngLat, b: LngLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function inRing(p: LngLat, ring: unknown): boolean {
  if (!Array.isArray(ring)) return false;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = pointOf(ring[i]);
    const b = pointOf(ring[j]);
    if (!a || !b) continue;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

function inPolygon(p: LngLat, rings: unknown): boolean {
  if (!Array.isArray(rings) || rings.length === 0) return false;
  return inRing(p, rings[0]) && !rings.slice(1).some((hole) => inRing(p, hole));
}

/** Whether a point lies in (or on) a GeoJSON geometry. */
function pointInGeometry(p: LngLat, g: unknown): boolean {
  if (!isPlainObject(g)) return false;
  const c = g.coordinates;
  switch (g.type) {
    case 'Polygon':
      return inPolygon(p, c);
    case 'MultiPolygon':
      return Array.isArray(c) && c.some((poly) => inPolygon(p, poly));
    case 'Point': {
      const q = pointOf(c);
      return !!q && q[0] === p[0] && q[1] === p[1];
    }
    case 'MultiPoint':
      return Array.isArray(c) && c.some((q: unknown) => pointInGeometry(p, { type: 'Point', coordinates: q }));
    default:
      return false;
  }
}

function points(doc: unknown, selector: string): LngLat[] {
  const found = pathLeaves(doc, selector);
  return [...found.leaves, ...found.arrays].map(pointOf).filter((p): p is LngLat => !!p);
}

export interface NearSpec {
  center: LngLat;
  min?: number;
  max?: number;
}

/** Reads `{$geometry, $maxDistance, $minDistance}` (or a legacy pair) of $nearSphere/$near. */
export function nearSpec(value: unknown): NearSpec {
  const spec = isPlainObject(value) ? value : {};
  const center = pointOf(spec.$geometry ?? value);
  if (!center) throw dbErrors.requestFailed('geo near accepts just one argument when querying for a GeoJSON point');
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return { center, min: num(spec.$minDistance), max: num(spec.$maxDistance) };
}

/** The distance of a document's nearest point on `selector` to a center, or undefined if it has none. */
export function nearestDistance(doc: unknown, selector: string, center: LngLat): number | undefined {
  let best: number | undefined;
  for (const p of points(doc, selector)) {
    const d = distanceMeters(center, p);
    if (best === undefined || d < best) best = d;
  }
  return best;
}

type QueryOp = (selector: string, value: unknown) => (doc: unknown) => boolean;

const $nearSphere: QueryOp = (selector, value) => {
  const spec = nearSpec(value);
  return (doc) => {
    const d = nearestDistance(doc, selector, spec.center);
    return d !== undefined && (spec.min === undefined || d >= spec.min) && (spec.max === undefined || d <= spec.max);
  };
};

const $geoWithin: QueryOp = (selector, value) => {
  const spec = isPlainObject(value) ? value : {};
  if (Array.isArray(spec.$centerSphere)) {
    const center = pointOf(spec.$centerSphere[0]);
    const radius = Number(spec.$centerSphere[1]) * EARTH_RADIUS_M;
    if (!center) throw dbErrors.requestFailed('$centerSphere needs a center point');
    return (doc) => points(doc, selector).some((p) => distanceMeters(center, p) <= radius);
  }
  const geometry = spec.$geometry;
  return (doc) => points(doc, selector).some((p) => pointInGeometry(p, geometry));
};

const $geoIntersects: QueryOp = (selector, value) => {
  const spec = isPlainObject(value) ? value : {};
  const geometry = spec.$geometry;
  const probe = pointOf(geometry);
  return (doc) => {
    if (points(doc, selector).some((p) => pointInGeometry(p, geometry))) return true;
    // A point probe against stored polygons.
    return !!probe && pathLeaves(doc, selector).leaves.some((g) => pointInGeometry(probe, g));
  };
};

export const geoQueryOperators = { $nearSphere, $near: $nearSphere, $geoWithin, $geoIntersects };

/** The first top-level field holding a GeoJSON point: where $geoNear looks when no `key` is given. */
function geoField(docs: Doc[]): string | undefined {
  for (const doc of docs) for (const k of Object.keys(doc)) if (isPlainObject(doc[k]) && pointOf(doc[k])) return k;
  return undefined;
}

/** The $geoNear stage: documents with their distance, nearest first. */
export function geoNearStage(docs: Doc[], spec: Doc, filter: (doc: Doc) => boolean): Doc[] {
  const center = pointOf(spec.near);
  if (!center) throw dbErrors.requestFailed("$geoNear requires a 'near' point");
  if (typeof spec.distanceField !== 'string')
    throw dbErrors.requestFailed("$geoNear requires a 'distanceField' option");
  const key = typeof spec.key === 'string' ? spec.key : geoField(docs);
  if (!key) return [];
  const multiplier = typeof spec.distanceMultiplier === 'number' ? spec.distanceMultiplier : 1;
  const out: Array<{ doc: Doc; d: number }> = [];
  for (const doc of docs) {
    if (!filter(doc)) continue;
    const d = nearestDistance(doc, key, center);
    if (d === undefined) continue;
    if (typeof spec.minDistance === 'number' && d < spec.minDistance) continue;
    if (typeof spec.maxDistance === 'number' && d > spec.maxDistance) continue;
    out.push({ doc, d });
  }
  out.sort((a, b) => a.d - b.d);
  return out.map(({ doc, d }) => {
    const copy = cloneValue(doc);
    setPath(copy, spec.distanceField as string, d * multiplier);
    if (typeof spec.includeLocs === 'string') setPath(copy, spec.includeLocs, cloneValue(doc[key]));
    return copy;
  });
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const segs = path.split('.');
  let cur = doc;
  for (const seg of segs.slice(0, -1)) {
    if (!isPlainObject(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Doc;
  }
  cur[segs[segs.length - 1]] = value;
}
