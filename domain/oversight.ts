// Handling under supervision: extensions (the supervising unit decides), pauses while waiting for
// the resident (挂起: the clock stops), reassignment by the district 综治中心, and 网上吹哨网下报到
// (a cadre dispatched on site, who checks in with the phone's location).
import { addWorkingDays, addWorkingMs, extendByPause, workingMsBetween, type Calendar } from './calendar';
import {
  arrivalPatch,
  cleanText,
  decided,
  hallOf,
  type Actor,
  type CaseContext,
  type CaseRecord,
  type Decision,
  type Dispatch,
  type Extension,
  type Notice
} from './case';
import { fail, type Failure } from './errors';
import { distanceM, isLatLng, type LatLng } from './geo';
import { getUnit, parentOf, type Unit, type Units } from './org';
import { DAY_MS, SHANGHAI_OFFSET_MS } from './time';
import { mayBeSentOnSite, maySendOnSite } from './access';

/** Longest extension one request may ask for, in working days (our default). */
export const MAX_EXTENSION_DAYS = 30;
/** How far ahead a visit may be scheduled. */
export const MAX_VISIT_AHEAD_MS = 30 * DAY_MS;

/**
 * Two people for delays, admin-editable (config document 'supervision'). Defaults of ours:
 * - extensionCapWorkingDays: granted extensions of one case add up to at most this (15);
 * - pauseFreeWorkingDays: a case's pauses stop its clock for at most this much working time in
 *   total (5 working days) unless the unit above approved them.
 */
export interface OversightLimits {
  extensionCapWorkingDays: number;
  pauseFreeWorkingDays: number;
}
export const DEFAULT_OVERSIGHT_LIMITS: OversightLimits = { extensionCapWorkingDays: 15, pauseFreeWorkingDays: 5 };

const limitsOf = (ctx: CaseContext): OversightLimits => ctx.oversight ?? DEFAULT_OVERSIGHT_LIMITS;

export type OversightAction =
  | { type: 'requestExtension'; days: number; reason: string }
  | { type: 'decideExtension'; grant: boolean; note?: string }
  | { type: 'pause'; reason: string }
  | { type: 'resume'; note?: string }
  | { type: 'decidePause'; grant: boolean; note?: string }
  | { type: 'reassign'; toUnitId: string; reason: string }
  // staffUnitId: the cadre's unit as the server found it in `users`, null when the openid is not staff.
  | { type: 'dispatch'; staffOpenid: string; staffUnitId: string | null; visitBy: Date }
  | { type: 'onsiteCheckIn'; dispatchId: string; at: LatLng }
  | { type: 'recordVisit'; dispatchId: string; note: string };

/** Who supervises a unit: its parent; the district supervises itself (its 综治中心). */
export function supervisorOf(unitId: string, units: Units): string {
  return parentOf(unitId, units)?.id ?? unitId;
}

/** The extension awaiting a decision, if any. */
export function pendingExtension(c: Pick<CaseRecord, 'extensions'>): Extension | undefined {
  const list = c.extensions ?? [];
  const last = list[list.length - 1];
  return last && last.status === 'pending' ? last : undefined;
}

/** Working days of extension granted on a case so far. */
export function grantedExtensionDays(c: Pick<CaseRecord, 'extensions'>): number {
  return (c.extensions ?? []).reduce((sum, e) => sum + (e.status === 'granted' ? e.days : 0), 0);
}

/** The working time unapproved pauses may still stop the case's clock (ms, ≥ 0). */
export function pauseAllowanceLeftMs(c: Pick<CaseRecord, 'pauseUsedMs'>, limits: OversightLimits): number {
  return Math.max(0, limits.pauseFreeWorkingDays * DAY_MS - (c.pauseUsedMs ?? 0));
}

/** The pause awaiting the unit above: a running unapproved pause, or a pause asked for once the allowance was used. */
export function pendingPause(
  c: Pick<CaseRecord, 'pausedAt' | 'pauseUntil' | 'pausedBy' | 'pauseRequest'>
): { by: string | null } | null {
  if (c.pauseRequest) return { by: c.pauseRequest.by };
  if (c.pausedAt && c.pauseUntil) return { by: c.pausedBy ?? null };
  return null;
}

/** Whether a case may be reassigned to this unit: any handling unit (not a department) but the current one. */
export function checkReassign(
  c: Pick<CaseRecord, 'unitId'>,
  toUnitId: string,
  units: Units
): { ok: true; to: Unit } | Failure {
  const to = getUnit(toUnitId, units);
  if (!to) return fail('UNKNOWN_UNIT', toUnitId);
  if (to.level === null) return fail('REASSIGN_TARGET_INVALID', to.id);
  if (to.id === c.unitId) return fail('TRANSFER_SAME_UNIT');
  return { ok: true, to };
}

const OPEN = (c: CaseRecord) => c.status === 'submitted' || c.status === 'accepted';
const hhmm = (d: Date): string =>
  new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(5, 16).replace('T', ' ');

/** The fields of a case that is not paused. */
export const NOT_PAUSED: Partial<CaseRecord> = {
  pausedAt: null,
  pauseReason: null,
  pausedBy: null,
  pauseUntil: null,
  pauseRequest: null
};

/**
 * The pause ends at `now`: deadlines pushed back by the working time paused, counted up to
 * `pauseUntil` at most while the unit above has not approved (that time is the allowance used).
 */
export function resumePatch(c: CaseRecord, now: Date, cal: Calendar): Partial<CaseRecord> {
  const from = c.pausedAt;
  if (!from) return {};
  const capped = c.pauseUntil && new Date(c.pauseUntil).getTime() < now.getTime();
  const end = capped ? new Date(c.pauseUntil!) : now;
  const push = (d: Date) => extendByPause(d, from, end, cal);
  const patch: Partial<CaseRecord> = { ...NOT_PAUSED };
  if (c.pauseUntil) patch.pauseUsedMs = (c.pauseUsedMs ?? 0) + Math.max(0, workingMsBetween(from, end, cal));
  if (!c.firstReplyAt) patch.firstResponseDueAt = push(c.firstResponseDueAt);
  if (!c.acceptedAt) patch.responseDueAt = push(c.responseDueAt);
  if (!c.resolvedAt) patch.resolveDueAt = push(c.resolveDueAt);
  if (c.whistles?.length) {
    patch.whistles = c.whistles.map((w) =>
      w.withdrawnAt || w.reportedAt
        ? w
        : {
            ...w,
            checkInDueAt: w.checkedInAt ? w.checkInDueAt : push(w.checkInDueAt),
            resultDueAt: push(w.resultDueAt)
          }
    );
  }
  return patch;
}

/** Decides a supervision action at `now`; nothing changes on a refusal. */
export function decideOversight(
  c: CaseRecord,
  action: OversightAction,
  actor: Actor,
  now: Date,
  ctx: CaseContext
): Decision {
  if (actor.kind !== 'staff') return fail('NOT_STAFF');
  const hall = hallOf(c.unitId, ctx);
  const handler = actor.unitId === c.unitId;
  const notHandler = () => fail('OUT_OF_SCOPE', `${actor.unitId} on case of ${c.unitId}`);

  switch (action.type) {
    case 'requestExtension': {
      if (!handler) return notHandler();
      if (c.status !== 'accepted') return fail(c.status === 'submitted' ? 'CASE_NOT_ACCEPTED' : 'ILLEGAL_TRANSITION');
      if (pendingExtension(c)) return fail('EXTENSION_PENDING');
      if (!Number.isInteger(action.days) || action.days < 1 || action.days > MAX_EXTENSION_DAYS)
        return fail('FIELD_INVALID', 'days');
      const cap = limitsOf(ctx).extensionCapWorkingDays;
      if (grantedExtensionDays(c) + action.days > cap)
        return fail('EXTENSION_CAP_REACHED', `${grantedExtensionDays(c)} + ${action.days} > ${cap}`);
      const reason = cleanText(action.reason);
      if (!reason) return fail('FIELD_REQUIRED', 'reason');
      const ext: Extension = {
        byUnitId: c.unitId,
        byStaffId: actor.staffId,
        days: action.days,
        reason,
        at: now,
        status: 'pending',
        decidedAt: null,
        decidedBy: null,
        note: null
      };
      const sup = supervisorOf(c.unitId, ctx.units);
      return decided(
        c,
        'requestExtension',
        actor,
        now,
        { extensions: [...(c.extensions ?? []), ext] },
        `${hall}申请延期${action.days}个工作日，原因：${reason}`,
        [{ to: 'unit', unitId: sup, event: 'extension', note: `延期申请待审批：${action.days}个工作日` }]
      );
    }
    case 'decideExtension': {
      const ext = pendingExtension(c);
      if (actor.unitId !== supervisorOf(c.unitId, ctx.units)) return fail('NOT_SUPERVISOR');
      if (!ext || !OPEN(c)) return fail('NO_EXTENSION_PENDING');
      // Two people: whoever asked never decides (on a district case, another district staff member does).
      if (ext.byStaffId === actor.staffId) return fail('OWN_REQUEST');
      if (typeof action.grant !== 'boolean') return fail('FIELD_INVALID', 'grant');
      const cap = limitsOf(ctx).extensionCapWorkingDays;
      if (action.grant && grantedExtensionDays(c) + ext.days > cap)
        return fail('EXTENSION_CAP_REACHED', `${grantedExtensionDays(c)} + ${ext.days} > ${cap}`);
      const note = cleanText(action.note);
      const done: Extension = {
        ...ext,
        status: action.grant ? 'granted' : 'refused',
        decidedAt: now,
        decidedBy: actor.staffId,
        note
      };
      const extensions = (c.extensions ?? []).map((e) => (e === ext ? done : e));
      const patch: Partial<CaseRecord> = { extensions };
      if (action.grant) patch.resolveDueAt = addWorkingDays(c.resolveDueAt, ext.days, ctx.calendar);
      const text = `${hallOf(actor.unitId, ctx)}${action.grant ? `同意延期${ext.days}个工作日` : '不同意延期'}${note ? `：${note}` : ''}`;
      return decided(
        c,
        'decideExtension',
        actor,
        now,
        patch,
        text,
        [
          { to: 'unit', unitId: c.unitId, event: 'extension', note: action.grant ? '延期申请已同意' : '延期申请未同意' }
        ],
        {
          granted: action.grant
        }
      );
    }
    case 'pause': {
      if (!handler) return notHandler();
      if (!OPEN(c)) return fail('ILLEGAL_TRANSITION', `${c.status} → pause`);
      if (c.pausedAt || c.pauseRequest) return fail('ALREADY_PAUSED');
      const reason = cleanText(action.reason);
      if (!reason) return fail('FIELD_REQUIRED', 'reason');
      const sup = supervisorOf(c.unitId, ctx.units);
      const free = limitsOf(ctx).pauseFreeWorkingDays;
      const left = pauseAllowanceLeftMs(c, limitsOf(ctx));
      if (left <= 0) {
        // The allowance is used up: the clock runs on until the unit above approves the pause.
        return decided(
          c,
          'pause',
          actor,
          now,
          { pauseRequest: { at: now, by: actor.staffId, reason } },
          `${hall}申请挂起（本案未经批准的挂起已满${free}个工作日，须经${hallOf(sup, ctx)}批准后停止计时），原因：${reason}`,
          [{ to: 'unit', unitId: sup, event: 'extension', note: '挂起申请待审批' }],
          { needsApproval: true }
        );
      }
      const until = addWorkingMs(now, left, ctx.calendar);
      return decided(
        c,
        'pause',
        actor,
        now,
        { pausedAt: now, pauseReason: reason, pausedBy: actor.staffId, pauseUntil: until },
        `${hall}挂起办理，等待群众补充材料：${reason}（未经${hallOf(sup, ctx)}批准，最迟${hhmm(until)}恢复计时）`,
        [
          { to: 'reporter', event: 'replied' },
          { to: 'unit', unitId: sup, event: 'extension', note: `挂起超过${free}个工作日须经审批` }
        ]
      );
    }
    case 'resume': {
      if (!handler) return notHandler();
      if (!c.pausedAt && c.pauseRequest)
        return decided(c, 'resume', actor, now, { pauseRequest: null }, `${hall}撤回挂起申请`, []);
      if (!c.pausedAt) return fail('NOT_PAUSED');
      const note = cleanText(action.note);
      return decided(
        c,
        'resume',
        actor,
        now,
        resumePatch(c, now, ctx.calendar),
        `${hall}恢复办理${note ? `：${note}` : ''}，办理时限相应顺延`,
        [{ to: 'reporter', event: 'replied' }]
      );
    }
    case 'decidePause': {
      // The unit above decides (on a district case, another district staff member); never whoever paused.
      if (actor.unitId !== supervisorOf(c.unitId, ctx.units)) return fail('NOT_SUPERVISOR');
      const pending = pendingPause(c);
      if (!pending || !OPEN(c)) return fail('NO_PAUSE_PENDING');
      if (pending.by === actor.staffId) return fail('OWN_REQUEST');
      if (typeof action.grant !== 'boolean') return fail('FIELD_INVALID', 'grant');
      const note = cleanText(action.note);
      const by = `${hallOf(actor.unitId, ctx)}${action.grant ? '同意挂起' : '不同意挂起'}${note ? `：${note}` : ''}`;
      const tell = (n: string): Notice[] => [{ to: 'unit', unitId: c.unitId, event: 'extension', note: n }];
      const req = c.pauseRequest;
      if (action.grant) {
        // Approved: the pause stops the clock until it is resumed, and uses none of the allowance.
        const patch: Partial<CaseRecord> = req
          ? { pauseRequest: null, pausedAt: now, pauseReason: req.reason, pausedBy: req.by, pauseUntil: null }
          : { pauseUntil: null };
        return decided(c, 'decidePause', actor, now, patch, `${by}，挂起期间停止计时`, tell('挂起已获批准'), {
          granted: true
        });
      }
      if (req)
        return decided(c, 'decidePause', actor, now, { pauseRequest: null }, by, tell('挂起申请未获批准'), {
          granted: false
        });
      return decided(
        c,
        'decidePause',
        actor,
        now,
        resumePatch(c, now, ctx.calendar),
        `${by}，恢复办理，办理时限相应顺延`,
        tell('挂起未获批准，已恢复计时'),
        { granted: false }
      );
    }
    case 'reassign': {
      const actorUnit = getUnit(actor.unitId, ctx.units);
      if (actorUnit?.kind !== 'district') return fail('DISTRICT_ONLY');
      if (!OPEN(c)) return fail('ILLEGAL_TRANSITION', `${c.status} → reassign`);
      const target = checkReassign(c, action.toUnitId, ctx.units);
      if (!target.ok) return target;
      const to = target.to;
      const reason = cleanText(action.reason);
      if (!reason) return fail('FIELD_REQUIRED', 'reason');
      return decided(
        c,
        'reassign',
        actor,
        now,
        { ...arrivalPatch(c, to, now, ctx), ...NOT_PAUSED },
        `区综治中心将本案由${hall}改派${hallOf(to.id, ctx)}办理，原因：${reason}`,
        [
          { to: 'reporter', event: 'transferred' },
          { to: 'unit', unitId: to.id, event: 'assigned' }
        ],
        { fromUnitId: c.unitId, toUnitId: to.id }
      );
    }
    case 'dispatch': {
      // The handling unit or a unit above it, or a department whistled and not called off, sends someone on site.
      if (!maySendOnSite(actor.unitId, c, ctx.units)) return notHandler();
      if (!OPEN(c)) return fail('ILLEGAL_TRANSITION', `${c.status} → dispatch`);
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
    case 'onsiteCheckIn':
    case 'recordVisit': {
      const d = (c.dispatches ?? []).find((x) => x.id === action.dispatchId);
      if (!d || d.staffOpenid !== actor.staffId) return fail('NOT_DISPATCHED', action.dispatchId);
      const replace = (x: Dispatch) => (c.dispatches ?? []).map((y) => (y === d ? x : y));
      if (action.type === 'onsiteCheckIn') {
        if (d.checkIn) return fail('ALREADY_CHECKED_IN');
        if (!isLatLng(action.at)) return fail('FIELD_INVALID', 'location');
        const distance = c.location && isLatLng(c.location) ? distanceM(action.at, c.location) : null;
        const late = now.getTime() > d.visitBy.getTime();
        const checkIn = {
          at: now,
          latitude: action.at.latitude,
          longitude: action.at.longitude,
          distanceM: distance,
          late
        };
        const where = distance === null ? '（诉求未标注位置）' : `，距诉求地点${distance}米`;
        return decided(
          c,
          'onsiteCheckIn',
          actor,
          now,
          { dispatches: replace({ ...d, checkIn }) },
          `${hallOf(d.unitId, ctx)}工作人员现场签到${where}${late ? '（晚于约定时间）' : ''}`,
          [],
          {
            dispatchId: d.id,
            distanceM: distance ?? -1,
            late
          }
        );
      }
      if (!d.checkIn) return fail('NOT_ON_SITE');
      if (d.visit) return fail('VISIT_RECORDED');
      const note = cleanText(action.note);
      if (!note) return fail('FIELD_REQUIRED', 'note');
      return decided(
        c,
        'recordVisit',
        actor,
        now,
        { dispatches: replace({ ...d, visit: { at: now, note } }) },
        `${hallOf(d.unitId, ctx)}到场处置：${note}`,
        [],
        {
          dispatchId: d.id
        }
      );
    }
  }
}
