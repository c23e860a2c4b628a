// Where a case happened: a map pin the reporter picked (wx.chooseLocation, GCJ-02). It must lie in
// the district's bounding box, which is kept with the organisation data (the district unit's `bounds`).
import { fail, type Failure } from './errors';
import { inBounds, isLatLng, type LatLng } from './geo';
import { getUnit, scopePath, type Units } from './org';

/** Null when the pin may be stored for a case in `communityId`; a refusal otherwise. No bounds known: any valid pin. */
export function checkCaseLocation(at: LatLng, communityId: string, units: Units): Failure | null {
  if (!isLatLng(at)) return fail('FIELD_INVALID', 'location');
  if (!getUnit(communityId, units)) return fail('UNKNOWN_COMMUNITY', communityId);
  const path = scopePath(communityId, units);
  const district = getUnit(path[path.length - 1] ?? communityId, units);
  const box = district?.bounds;
  if (box && !inBounds(at, box)) return fail('LOCATION_OUTSIDE_DISTRICT', `${at.latitude},${at.longitude}`);
  return null;
}
