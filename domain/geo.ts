// Distances on the earth for the on-site check-in (网下报到). WeChat's wx.getLocation answers in
// GCJ-02, the same system the case location was picked in, so the two compare directly.

/** Mean earth radius in metres (IUGG). */
const EARTH_RADIUS_M = 6371008.8;

export interface LatLng {
  latitude: number;
  longitude: number;
}

/** True for a finite latitude in [-90, 90] and longitude in [-180, 180]. */
export function isLatLng(p: unknown): p is LatLng {
  const q = p as Partial<LatLng> | null;
  return (
    !!q &&
    Number.isFinite(q.latitude) &&
    Number.isFinite(q.longitude) &&
    Math.abs(q.latitude as number) <= 90 &&
    Math.abs(q.longitude as number) <= 180
  );
}

/** Great-circle distance in whole metres (haversine; within 0.5% of the ellipsoid at this scale). */
export function distanceM(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h))));
}

/** A latitude/longitude box (GCJ-02): the district's, kept with the organisation data. */
export interface GeoBounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** Whether the point lies in the box (edges included). */
export function inBounds(p: LatLng, b: GeoBounds): boolean {
  return p.latitude >= b.south && p.latitude <= b.north && p.longitude >= b.west && p.longitude <= b.east;
}
