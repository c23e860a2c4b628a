// The case fields the domain reads and writes, and opening a new case. The stored document has
// more (code, text, photos, location …); cloud functions do: load → decide → persist patch.
import type { Calendar } from './calendar';
import type { OversightLimits } from './delays';
import { computeDeadlines, type DeadlineRule } from './deadlines';
import type {
  CaseActionType,
  CaseStatus,
  ClockActionType,
  ClockKind,
  Level,
  OversightActionType,
  Satisfaction,
  WhistleActionType,
  WhistleRole
} from './enums';
import { fail, type Failure } from './errors';
import { hallName } from './labels';
import { accessIndex } from './access';
import type { Channel } from './channel';
import { getUnit, type Unit, type Units } from './org';
import { route, type RoutingRule } from './routing';
import { DAY_MS } from './time';
import type { ResidentActionType, Urge } from './residentActions';

/** Residents have 7 natural days after resolution to rate; then staff may close by a visit (回访). */
export const RATING_WINDOW_MS = 7 * DAY_MS;

export interface CaseRecord {
  status: CaseStatus;
  category: string;
  communityId: string; // where it happened (属地)
  reporterId: string; // resident openid
  registeredUnitId: string; // 谁登记谁回复: owes the first response
  unitId: string; // handling unit now
  level: Level;
  scopeIds: string[]; // queue index: the handling unit and its ancestors (access.ts: accessIndex)
  major: boolean;
  round: number; // handling round, 1-based; +1 on each re-handling after an unsatisfied rating
  unsatisfiedAtUnit: number; // unsatisfied ratings at the current unit: 1st → 重办, 2nd → escalate
  supervised: boolean; // escalated for supervision (督办) after repeated dissatisfaction
  version: number; // +1 on every change: persist with where({ version }) to refuse lost updates
  createdAt: Date;
  arrivedAt: Date; // reached the current unit
  firstResponseDueAt: Date; // owed by registeredUnitId
  responseDueAt: Date; // the current unit must accept by then
  resolveDueAt: Date;
  firstReplyAt: Date | null;
  lastReplyAt: Date | null;
  acceptedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  rating: Satisfaction | null; // of the current round
  ratedAt: Date | null;
  ratedBy: 'resident' | 'followUp' | null;
  channel?: Channel; // where it came in (channel.ts); none on cases stored before: 'miniprogram'
  // Issue 4 (三吹哨三报到, supervision). Optional: documents stored before it have none.
  location?: { latitude: number; longitude: number } | null; // where it happened, for the on-site check-in
  whistles?: Whistle[];
  whistledTo?: string[]; // departments with a whistle in force: their queue index (access.ts: accessIndex)
  dispatches?: Dispatch[];
  extensions?: Extension[];
  pausedAt?: Date | null; // 挂起: waiting for the resident's material; the clock stops
  pauseReason?: string | null;
  // Two people for pauses (oversight.ts): unapproved pauses stop the clock for a capped working time in total.
  pausedBy?: string | null; // who paused (or asked to): never the one who approves
  pauseUntil?: Date | null; // an unapproved pause stops the clock until then at most; null once the unit above approved it
  pauseUsedMs?: number; // working time unapproved pauses stopped the clock so far (the allowance used)
  pauseRequest?: { at: Date; by: string; reason: string } | null; // a pause asked for once the allowance is used: waits for the unit above
  clock?: ClockState;
  supervision?: SupervisionItem[];
  supervisors?: string[]; // units holding an open 督办 item (and the district): the 督办 list index
  lateEscalations?: Array<{ unitId: string; at: Date }>;
  // Issue 13: the reporter's own actions (residentActions.ts).
  urges?: Urge[]; // 催办: counted against the unit holding the case then
  withdrawnAt?: Date | null; // 撤回 before acceptance: status 'closed', owes nothing further // units the sweeper took the case from for staying late: an on-time miss each (kpiContributions.ts)
}

/** A whistle to a department (吹哨): it must check in (报到) by checkInDueAt and report a result by resultDueAt. */
export interface Whistle {
  departmentId: string;
  role: WhistleRole;
  byUnitId: string; // the whistling unit: it coordinates and evaluates (谁吹哨谁评价)
  byStaffId: string;
  reason: string;
  at: Date;
  checkInDueAt: Date;
  checkedInAt: Date | null;
  checkInLate: boolean | null;
  resultDueAt: Date;
  reportedAt: Date | null;
  result: string | null;
  evaluateDueAt: Date | null; // both evaluations fall due after the report
  withdrawnAt: Date | null;
  withdrawReason: string | null;
  evaluation: { responseScore: number; resultScore: number; comment: string | null; at: Date; by: string } | null;
  whistleEvaluation: { reasonable: boolean; comment: string | null; at: Date; by: string } | null;
}

/** 网上吹哨网下报到: a cadre sent on site by visitBy; the on-site check-in records the distance to the case. */
export interface Dispatch {
  id: string;
  staffOpenid: string;
  unitId: string; // the cadre's unit
  byUnitId: string;
  at: Date;
  visitBy: Date;
  checkIn: { at: Date; latitude: number; longitude: number; distanceM: number | null; late: boolean } | null;
  visit: { at: Date; note: string } | null;
}

/** A handler's request for more time; the supervising unit grants or refuses it. */
export interface Extension {
  byUnitId: string;
  byStaffId?: string; // who asked: never the one who decides
  days: number; // working days
  reason: string;
  at: Date;
  status: 'pending' | 'granted' | 'refused';
  decidedAt: Date | null;
  decidedBy: string | null;
  note: string | null;
}

/** What the deadline sweeper already did, by item key: nothing is sent twice. */
export interface ClockState {
  reminded: string[];
  overdue: string[];
}

/** A 督办 item: an overdue item raised to the unit above its owner. Closed once the item is done. */
export interface SupervisionItem {
  key: string;
  kind: ClockKind;
  ownerUnitId: string;
  supervisorId: string;
  dueAt: Date;
  raisedAt: Date;
  closedAt: Date | null;
}

/** Who acts. Staff act for their unit. */
export type Actor =
  { kind: 'resident'; openid: string } | { kind: 'staff'; staffId: string; unitId: string } | { kind: 'system' };
/** A staff member acting: what every staff action's own rules take, once the actor was checked. */
export type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** Any action a timeline entry records. */
export type TimelineAction =
  | CaseActionType
  | WhistleActionType
  | OversightActionType
  | ClockActionType
  | ResidentActionType
  | 'submit'
  // 主动治理 records: a case joined a proactive case, or the proactive case's resolution reached it.
  | 'proactive'
  // 合并: on both the merged case and the one it joined.
  | 'merge';

/** One timeline line; `text` is Chinese and shown as is. */
export interface TimelineEntry {
  at: Date;
  action: TimelineAction;
  actor: { kind: 'resident' | 'staff' | 'system'; id: string; unitId?: string };
  unitId: string; // handling unit after the action
  status: CaseStatus; // after the action
  round: number;
  text: string;
  data?: Record<string, string | number | boolean>;
}

export type NoticeEvent =
  | 'submitted'
  | 'accepted'
  | 'replied'
  | 'transferred'
  | 'escalated'
  | 'assigned'
  | 'resolved'
  | 'rejected'
  | 'redo'
  | 'closed'
  | 'whistled'
  | 'withdrawn'
  | 'reminder'
  | 'overdue'
  | 'supervised'
  | 'extension'
  | 'paused'
  | 'dispatched'
  | 'urged'
  | 'retracted';

/** Someone to notify (subscription message, staff inbox); the cloud function picks the channel. `note` overrides the text. */
export type Notice =
  | { to: 'reporter'; event: NoticeEvent; note?: string }
  | { to: 'unit'; unitId: string; event: NoticeEvent; note?: string }
  | { to: 'staff'; openid: string; event: NoticeEvent; note?: string };

/** The outcome of an action: the patch to persist (version included), timeline entries and notices, or a refusal. */
export type Decision = { ok: true; patch: Partial<CaseRecord>; timeline: TimelineEntry; notify: Notice[] } | Failure;

/** Builds an accepted Decision: bumps the version and writes one timeline entry after the patch. */
export function decided(
  c: CaseRecord,
  action: TimelineAction,
  actor: Actor,
  now: Date,
  patch: Partial<CaseRecord>,
  text: string,
  notify: Notice[],
  data?: TimelineEntry['data']
): Decision {
  const next = { ...c, ...patch, version: c.version + 1 };
  const timeline: TimelineEntry = {
    at: now,
    action,
    actor: actorRef(actor),
    unitId: next.unitId,
    status: next.status,
    round: next.round,
    text
  };
  if (data) timeline.data = data;
  return { ok: true, patch: { ...patch, version: next.version }, timeline, notify };
}

/** Trimmed non-empty text, or null. */
export function cleanText(x: unknown): string | null {
  return typeof x === 'string' && x.trim() !== '' ? x.trim() : null;
}

/** What decisions need besides the case: org units, deadline rules and the working calendar. */
export interface CaseContext {
  units: Units;
  deadlineRules: readonly DeadlineRule[];
  calendar: Calendar;
  /** Extension cap and pause allowance (config document 'supervision'); oversight.ts defaults when absent. */
  oversight?: OversightLimits;
}

/** Timeline reference of an actor. */
export function actorRef(a: Actor): TimelineEntry['actor'] {
  if (a.kind === 'system') return { kind: 'system', id: 'deadlines' };
  return a.kind === 'resident'
    ? { kind: 'resident', id: a.openid }
    : { kind: 'staff', id: a.staffId, unitId: a.unitId };
}

export interface NewCaseInput {
  category: string;
  categoryName?: string;
  communityId: string;
  major?: boolean;
  reporterId: string;
  registeredBy?: { staffId: string; unitId: string }; // staff registering for a resident (代登记); default: the routed unit
  channel?: Channel; // default 'miniprogram'
  at: Date;
}

export type Opened = { ok: true; record: CaseRecord; timeline: TimelineEntry; notify: Notice[] } | Failure;

/** A new case: routed (routing.ts), deadlines from `at`, reachable by the handling unit's chain (access.ts). */
export function openCase(input: NewCaseInput, rules: readonly RoutingRule[], ctx: CaseContext): Opened {
  const r = route(input, rules, ctx.units);
  if (!r.ok) return r;
  const by = input.registeredBy;
  if (by && !getUnit(by.unitId, ctx.units)) return fail('UNKNOWN_UNIT', by.unitId);
  const registered = by ? by.unitId : r.unitId;
  const d = computeDeadlines(
    { category: input.category, level: r.level, at: input.at },
    ctx.deadlineRules,
    ctx.calendar
  );
  const record: CaseRecord = {
    status: 'submitted',
    category: input.category,
    communityId: input.communityId,
    reporterId: input.reporterId,
    registeredUnitId: registered,
    unitId: r.unitId,
    level: r.level,
    scopeIds: accessIndex({ unitId: r.unitId }, ctx.units).scopeIds,
    major: input.major === true,
    round: 1,
    unsatisfiedAtUnit: 0,
    supervised: false,
    version: 1,
    createdAt: input.at,
    arrivedAt: input.at,
    firstResponseDueAt: d.responseDueAt,
    responseDueAt: d.responseDueAt,
    resolveDueAt: d.resolveDueAt,
    firstReplyAt: null,
    lastReplyAt: null,
    acceptedAt: null,
    resolvedAt: null,
    closedAt: null,
    rating: null,
    ratedAt: null,
    ratedBy: null,
    channel: input.channel ?? 'miniprogram'
  };
  const timeline: TimelineEntry = {
    at: input.at,
    action: 'submit',
    actor: by ? { kind: 'staff', id: by.staffId, unitId: by.unitId } : { kind: 'resident', id: input.reporterId },
    unitId: r.unitId,
    status: 'submitted',
    round: 1,
    text: `${by ? '工作人员代群众登记' : '群众吹哨'}：${r.reason}`
  };
  return { ok: true, record, timeline, notify: [{ to: 'unit', unitId: r.unitId, event: 'assigned' }] };
}

/** Hall name of a unit id, for timeline text. */
export function hallOf(unitId: string, ctx: CaseContext): string {
  const u = getUnit(unitId, ctx.units);
  return u ? hallName(u) : unitId;
}

/** Patch for a case arriving at another unit (transfer, escalation): to be accepted there, fresh deadlines. */
export function arrivalPatch(c: CaseRecord, to: Unit, now: Date, ctx: CaseContext): Partial<CaseRecord> {
  const level = to.level ?? c.level;
  const d = computeDeadlines({ category: c.category, level, at: now }, ctx.deadlineRules, ctx.calendar);
  return {
    status: 'submitted',
    unitId: to.id,
    level,
    arrivedAt: now,
    scopeIds: accessIndex({ unitId: to.id }, ctx.units).scopeIds, // the former holder's queue no longer lists it
    responseDueAt: d.responseDueAt,
    resolveDueAt: d.resolveDueAt,
    acceptedAt: null,
    resolvedAt: null,
    rating: null,
    ratedAt: null,
    ratedBy: null,
    unsatisfiedAtUnit: 0
  };
}
