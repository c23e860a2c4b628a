// 网上吹哨网下报到: a cadre dispatched on site, who checks in with the phone's location and records
// the visit. Who may send and who may be sent is access.ts's rule.
import {
  cleanText,
  decided,
  hallOf,
  type CaseContext,
  type CaseRecord,
  type Decision,
  type Dispatch,
  type StaffActor
} from './case';
import { fail, type Failure } from './errors';
import { distanceM, isLatLng, type LatLng } from './geo';
import { DAY_MS } from './time';
import { mayBeSentOnSite, maySendOnSite } from './access';

/** How far ahead a visit may be scheduled. */
export const MAX_VISIT_AHEAD_MS = 30 * DAY_MS;

export type OnSiteAction =
  // staffUnitId: the cadre's unit as the server found it in `users`, null when the openid is not staff.
  | { type: 'dispatch'; staffOpenid: string; staffUnitId: string | null; visitBy: Date }
  | { type: 'onsiteCheckIn'; dispatchId: string; at: LatLng }
  | { type: 'recordVisit'; dispatchId: string; note: string };

type Act<T extends OnSiteAction['type']> = Extract<OnSiteAction, { type: T }>;

const isOpen = (c: CaseRecord): boolean => c.status === 'submitted' || c.status === 'accepted';

/** The handling unit or a unit above it, or a department whistled and not called off, sends someone on site. */
export function decideDispatch(
  c: CaseRecord,
  action: Act<'dispatch'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  if (!maySendOnSite(actor.unitId, c, ctx.units)) return fail('OUT_OF_SCOPE', `${actor.unitId} on case of ${c.unitId}`);
  if (!isOpen(c)) return fail('ILLEGAL_TRANSITION', `${c.status} → dispatch`);
  if (!action.staffUnitId) return fail('NOT_STAFF_TARGET');
  const cadreUnit = action.staffUnitId;
  if (!mayBeSentOnSite(cadreUnit, c, ctx.units)) return fail('CADRE_OUT_OF_SCOPE', cadreUnit);
  const ahead = action.visitBy.getTime() - now.getTime();
  if (!(ahead > 0 && ahead <= MAX_VISIT_AHEAD_MS)) return fail('VISIT_TIME_INVALID');
  const list = c.dispatches ?? [];
  const d: Dispatch = {
    id: `d${list.length + 1}`,
    staffOpenid: action.staffOpenid,
    unitId: cadreUnit,
    byUnitId: actor.unitId,
    at: now,
    visitBy: action.visitBy,
    checkIn: null,
    visit: null
  };
  return decided(
    c,
    'dispatch',
    actor,
    now,
    { dispatches: [...list, d] },
    `${hallOf(actor.unitId, ctx)}派${hallOf(cadreUnit, ctx)}工作人员到场处置`,
    [{ to: 'staff', openid: action.staffOpenid, event: 'dispatched', note: '请按时到现场处置并签到' }],
    { dispatchId: d.id }
  );
}

/** The dispatched cadre's own dispatch, or NOT_DISPATCHED. */
function ownDispatch(c: CaseRecord, dispatchId: string, actor: StaffActor): Dispatch | Failure {
  const d = (c.dispatches ?? []).find((x) => x.id === dispatchId);
  return d && d.staffOpenid === actor.staffId ? d : fail('NOT_DISPATCHED', dispatchId);
}

const replaced = (c: CaseRecord, old: Dispatch, d: Dispatch): Dispatch[] =>
  (c.dispatches ?? []).map((y) => (y === old ? d : y));

/** 现场签到: where the cadre stands, how far from the reported place, and whether later than agreed. */
export function decideOnsiteCheckIn(
  c: CaseRecord,
  action: Act<'onsiteCheckIn'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  const d = ownDispatch(c, action.dispatchId, actor);
  if ('ok' in d) return d;
  if (d.checkIn) return fail('ALREADY_CHECKED_IN');
  if (!isLatLng(action.at)) return fail('FIELD_INVALID', 'location');
  const distance = c.location && isLatLng(c.location) ? distanceM(action.at, c.location) : null;
  const late = now.getTime() > d.visitBy.getTime();
  const checkIn = { at: now, latitude: action.at.latitude, longitude: action.at.longitude, distanceM: distance, late };
  const where = distance === null ? '（诉求未标注位置）' : `，距诉求地点${distance}米`;
  return decided(
    c,
    'onsiteCheckIn',
    actor,
    now,
    { dispatches: replaced(c, d, { ...d, checkIn }) },
    `${hallOf(d.unitId, ctx)}工作人员现场签到${where}${late ? '（晚于约定时间）' : ''}`,
    [],
    { dispatchId: d.id, distanceM: distance ?? -1, late }
  );
}

/** 到场处置: once checked in, the cadre records what was done; the dispatch (and its access) ends here. */
export function decideRecordVisit(
  c: CaseRecord,
  action: Act<'recordVisit'>,
  actor: StaffActor,
  now: Date,
  ctx: CaseContext
): Decision {
  const d = ownDispatch(c, action.dispatchId, actor);
  if ('ok' in d) return d;
  if (!d.checkIn) return fail('NOT_ON_SITE');
  if (d.visit) return fail('VISIT_RECORDED');
  const note = cleanText(action.note);
  if (!note) return fail('FIELD_REQUIRED', 'note');
  return decided(
    c,
    'recordVisit',
    actor,
    now,
    { dispatches: replaced(c, d, { ...d, visit: { at: now, note } }) },
    `${hallOf(d.unitId, ctx)}到场处置：${note}`,
    [],
    { dispatchId: d.id }
  );
}
