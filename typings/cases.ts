import type { CaseStatus, ClockKind, Level, Satisfaction, WhistleRole } from '../domain/enums';
import type { StaffAction } from '../domain/staffActions';
import type { ResidentActionType } from '../domain/residentActions';
import type { Channel, RegisterChannel } from '../domain/channel';
import type { CaseProgress } from '../domain/caseProgress';

export interface GeoPoint {
  latitude: number;
  longitude: number;
  address?: string;
}

export interface TimelineEntry {
  type: string;
  at: string; // ISO time
  unitId: string | null;
  /** Who acted: 'resident', 'staff:<unitId>', 'system'. A resident's openid never leaves the server. */
  actor: string;
  note: string;
}

export interface Reply {
  at: string;
  unitId: string;
  unitName: string;
  text: string;
  kind: 'reply' | 'accept' | 'resolve' | 'reject';
}

export interface RatingView {
  round: number;
  satisfaction: Satisfaction;
  comment: string | null;
  at: string;
  /** 'resident' when the reporter rated; 'followUp' when staff recorded a follow-up visit (回访). */
  source: 'resident' | 'followUp';
}

export interface DueFlags {
  responseDueAt: string;
  resolveDueAt: string;
  responseOverdue: boolean;
  resolveOverdue: boolean;
}

export interface CaseView extends DueFlags {
  caseId: string;
  code: string;
  status: CaseStatus;
  level: Level;
  unitId: string;
  unitName: string;
  category: string;
  categoryName: string;
  communityId: string;
  communityName: string;
  description: string;
  photos: string[];
  location: GeoPoint | null;
  /** Masked (138****1234) for everyone but the reporter and the handling unit's staff. */
  contactPhone: string | null;
  /** The reporter's name as told to staff (cases.register); shown to those who see the phone. */
  reporterName: string | null;
  /** Where the case came in; 'miniprogram' for residents' own (and every case before channels). */
  channel: Channel;
  anonymous: boolean;
  round: number;
  createdAt: string;
  updatedAt: string;
  /** Shown to the resident when the case was rejected (不予受理). */
  rejectReason: string | null;
  isMine: boolean;
  /** 撤回: the reporter withdrew it before acceptance (status 'closed'). */
  withdrawn: boolean;
  /** 挂起: waiting for the reporter's material (paused, or a pause waiting for approval). */
  waitingForMaterial: boolean;
  /** 主动治理 (channel 'proactive'): the repeated complaints it was opened for. */
  sourceCaseIds?: string[];
  /** The proactive case this case feeds, once the nightly job linked it. */
  proactiveCaseId?: string | null;
}

export interface CaseSummary extends DueFlags {
  caseId: string;
  code: string;
  status: CaseStatus;
  level: Level;
  unitId: string;
  category: string;
  categoryName: string;
  communityName: string;
  excerpt: string;
  createdAt: string;
  channel: Channel;
  /** Residents following the case (关注): its weight — the more share it, the more it matters. */
  followers?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SubmitRequest {
  category: string;
  communityId: string;
  description: string;
  photos?: string[];
  location?: GeoPoint;
  contactPhone?: string;
  anonymous?: boolean;
  /** Marks a major case (重大), which starts at the district. */
  major?: boolean;
  /** Chosen by the client once per form; the same request twice gives the same case. */
  requestId: string;
}

/** cases.register: submit's fields (no contactPhone) plus where it came in and the reporter as told. */
export interface RegisterRequest extends Omit<SubmitRequest, 'contactPhone'> {
  channel: RegisterChannel;
  reporterName?: string;
  reporterPhone?: string;
}

export interface SubmitResponse {
  caseId: string;
  code: string;
  status: CaseStatus;
  level: Level;
  unitId: string;
  responseDueAt: string;
  resolveDueAt: string;
}

/** A whistle to a department as staff see it (三吹哨三报到). Times are ISO; '' when not yet. */
export interface WhistleView {
  departmentId: string;
  departmentName: string;
  role: WhistleRole;
  byUnitId: string;
  byUnitName: string;
  reason: string;
  at: string;
  checkInDueAt: string;
  checkedInAt: string;
  /** null until the check-in; then whether it came after checkInDueAt. */
  checkInLate: boolean | null;
  resultDueAt: string;
  reportedAt: string;
  result: string | null;
  withdrawnAt: string;
  withdrawReason: string | null;
  evaluateDueAt: string;
  evaluation: { responseScore: number; resultScore: number; comment: string | null; at: string } | null;
  whistleEvaluation: { reasonable: boolean; comment: string | null; at: string } | null;
  /** Each owed step past its due time now. */
  overdue: { checkIn: boolean; result: boolean; evaluation: boolean; whistleEvaluation: boolean };
}

export interface DispatchView {
  dispatchId: string;
  unitId: string;
  unitName: string;
  /** True when the viewer is the dispatched cadre (the page shows the check-in button). */
  mine: boolean;
  at: string;
  visitBy: string;
  checkIn: { at: string; distanceM: number | null; late: boolean } | null;
  visit: { at: string; note: string } | null;
}

export interface ExtensionView {
  byUnitId: string;
  days: number;
  reason: string;
  at: string;
  status: 'pending' | 'granted' | 'refused';
  decidedAt: string;
  note: string | null;
}

/** An open 督办 item. */
export interface SupervisionView {
  kind: ClockKind;
  kindLabel: string;
  ownerUnitId: string;
  ownerUnitName: string;
  supervisorId: string;
  dueAt: string;
  raisedAt: string;
}

/**
 * An action the viewer may take on the case now, as the domain decides it (domain/staffActions.ts).
 * `targets`: the unit ids it may name (transfer, reassign: handling units; whistle: departments);
 * `departmentId`: the whistle row it acts on; `dispatchId`: the on-site dispatch.
 */
export type AllowedAction = StaffAction;

export interface CaseDetail {
  case: CaseView;
  timeline: TimelineEntry[];
  replies: Reply[];
  rating: RatingView | null;
  whistles: WhistleView[];
  dispatches: DispatchView[];
  extensions: ExtensionView[];
  /** 挂起: since when and why, or null. */
  paused: { since: string; reason: string } | null;
  /** Open 督办 items. */
  supervision: SupervisionView[];
  /** What this viewer may do now (staff; empty for residents and admins, who act elsewhere). */
  allowedActions: AllowedAction[];
  /** What the reporter may do now (补充材料, 催办, 撤回; domain/residentActions.ts); empty for anyone else. */
  reporterActions: ResidentActionType[];
  /** Whether this viewer may rate the case now: its reporter once resolved, or a merged case's reporter (domain/merge.ts). */
  canRate: boolean;
  /** The steps 已提交 → 已受理 → 办理中 → 已办结 → 已评价, with pauses, re-handling and the urges (domain/caseProgress.ts). */
  progress: CaseProgress;
}

/** 消息中心: the caller's own cases that wait for them. */
export interface ResidentTodo {
  /** 待评价: resolved, waiting for the reporter's rating. */
  awaitingRating: number;
  /** 待补充: paused (挂起) for the reporter's material. */
  awaitingMaterial: number;
  /** Those cases, material first (it stops the clock), then the ratings, newest first in each. */
  items: Array<CaseSummary & { need: 'rate' | 'material' }>;
}

/** How many cases each workbench tab holds; `department`: the caller's unit is a department (it lands on 吹哨待办). */
export interface QueueCounts {
  todo: number;
  overdue: number;
  submitted: number;
  accepted: number;
  department: boolean;
}

/** A colleague who may be sent on site (派员到场): named by the binding's opaque id, never an openid. */
export interface DispatchCandidate {
  staffId: string;
  name: string | null;
  unitId: string;
  unitName: string;
  /** The caller themself. */
  self: boolean;
}

/** A department's queue line: the case and that department's latest whistle on it. */
export interface WhistleTask extends CaseSummary {
  whistle: WhistleView;
}

/** A 督办 list line: the case and its open supervision items. */
export interface SupervisedCase extends CaseSummary {
  supervision: SupervisionView[];
}

export interface WhistleRequest {
  caseId: string;
  departmentIds: string[];
  reason: string;
  /** Minutes the departments have to check in (报到); default 30. */
  reportWithinMinutes?: number;
}

/** What one sweeper run did (the `deadlines` function's answer). */
export interface SweepReport {
  visited: number;
  changed: number;
  reminders: number;
  overdue: number;
  escalated: number;
  conflicts: number;
  pages: number;
  /** True when the run stopped at its budget and left due cases to the next run. */
  more: boolean;
}

/** What one outbox run sent (the `outbox` function's answer). */
export interface OutboxReport {
  /** New cases whose notices and partner event went out. */
  cases: number;
  notices: number;
  /** True when the run stopped at its budget and left cases to the next minute. */
  more: boolean;
}

/** A stored photo as a page may show it: a temporary URL, '' when hidden from this viewer or gone. */
export interface PhotoUrl {
  fileId: string;
  url: string;
  /** Reported risky by the media check: only the handling unit's staff still get its URL. */
  hidden: boolean;
}

export type CasesActions = {
  submit: { req: SubmitRequest; res: SubmitResponse };
  /** The case's photos as temporary URLs, for whoever may read the case. */
  photoUrls: { req: { caseId: string }; res: PhotoUrl[] };
  /** `tab`: open (办理中), rate (待评价), ended (已结束); `code`: one 诉求编号 of the caller's. */
  mine: { req: { cursor?: string; tab?: 'open' | 'rate' | 'ended'; code?: string }; res: Page<CaseSummary> };
  todo: { req: Record<string, never>; res: ResidentTodo };
  detail: { req: { caseId: string }; res: CaseDetail };
  /** `todo`: open unit duties, soonest due first (待办); `search`: a 诉求编号 or a keyword. */
  queue: {
    req: {
      status?: CaseStatus;
      overdue?: boolean;
      todo?: boolean;
      followUp?: boolean;
      search?: string;
      channel?: Channel;
      cursor?: string;
    };
    res: Page<CaseSummary>;
  };
  /** The workbench tabs' counts. */
  queueCounts: { req: Record<string, never>; res: QueueCounts };
  /** Staff register a case told to them elsewhere (多网合一): the registering unit owes the first reply. */
  register: { req: RegisterRequest; res: SubmitResponse };
  accept: { req: { caseId: string; note?: string }; res: CaseDetail };
  reply: { req: { caseId: string; text: string }; res: CaseDetail };
  transfer: { req: { caseId: string; toUnitId: string; reason: string }; res: CaseDetail };
  escalate: { req: { caseId: string; reason: string }; res: CaseDetail };
  resolve: { req: { caseId: string; result: string; photos?: string[] }; res: CaseDetail };
  reject: { req: { caseId: string; reason: string }; res: CaseDetail };
  // 三吹哨三报到
  whistle: { req: WhistleRequest; res: CaseDetail };
  checkIn: { req: { caseId: string }; res: CaseDetail };
  report: { req: { caseId: string; result: string }; res: CaseDetail };
  withdrawWhistle: { req: { caseId: string; departmentId: string; reason: string }; res: CaseDetail };
  /** A department's queue of whistles; `pending`: only those still owing a check-in or a result. */
  whistles: { req: { pending?: boolean; cursor?: string }; res: Page<WhistleTask> };
  // supervision
  requestExtension: { req: { caseId: string; days: number; reason: string }; res: CaseDetail };
  decideExtension: { req: { caseId: string; grant: boolean; note?: string }; res: CaseDetail };
  pause: { req: { caseId: string; reason: string }; res: CaseDetail };
  resume: { req: { caseId: string; note?: string }; res: CaseDetail };
  /** The unit above approves or refuses a pause (a running unapproved one, or one asked for once the allowance is used); never whoever paused. */
  decidePause: { req: { caseId: string; grant: boolean; note?: string }; res: CaseDetail };
  /** District 综治中心 only: to any handling unit. */
  reassign: { req: { caseId: string; toUnitId: string; reason: string }; res: CaseDetail };
  /** The 督办 list: cases with open supervision items raised to the caller's unit (the district sees all). */
  supervision: { req: { cursor?: string }; res: Page<SupervisedCase> };
  // 网上吹哨网下报到
  /** The cadre by `staffId` (from dispatchCandidates); `staffOpenid` only for server-side callers. */
  dispatch: { req: { caseId: string; staffId?: string; staffOpenid?: string; visitBy: string }; res: CaseDetail };
  /** Whom the caller may send on site: their unit's and the community's staff, by name and opaque id. */
  dispatchCandidates: { req: { caseId: string }; res: DispatchCandidate[] };
  onsiteCheckIn: { req: { caseId: string; dispatchId: string; latitude: number; longitude: number }; res: CaseDetail };
  recordVisit: { req: { caseId: string; dispatchId: string; note: string }; res: CaseDetail };
  // the reporter's own actions
  /** 补充材料: only while the case waits for material; it resumes the case. */
  supplement: { req: { caseId: string; text: string; photos?: string[] }; res: CaseDetail };
  /** 催办: after the response deadline or in the last quarter of the resolve time; once a working day. */
  urge: { req: { caseId: string }; res: CaseDetail };
  /** 撤回: before acceptance only. */
  withdraw: { req: { caseId: string; reason: string }; res: CaseDetail };
  /** 相似诉求 before filing (未诉先办). */
  similar: { req: SimilarRequest; res: { items: SimilarCase[] } };
  /** 关注 / 取消关注 a case: its notices reach the follower. */
  follow: { req: { caseId: string }; res: FollowState };
  unfollow: { req: { caseId: string }; res: FollowState };
  /** 合并: staff merge a duplicate into an open case. */
  merge: { req: { caseId: string; intoCaseId: string; reason: string }; res: { caseId: string; mergedInto: string } };
};

export interface SimilarRequest {
  communityId: string;
  category: string;
  location?: { latitude: number; longitude: number } | null;
  text: string;
}

/** An open case like one being written: only what any resident may see (no reporter, phone or photos). */
export interface SimilarCase {
  caseId: string;
  code: string;
  categoryName: string;
  /** The description's first 60 characters. */
  text: string;
  status: string;
  distanceM: number | null;
  followers: number;
  following: boolean;
}

export interface FollowState {
  following: boolean;
  followers: number;
}

export type RatingsActions = {
  rate: { req: { caseId: string; satisfaction: Satisfaction; comment?: string }; res: CaseDetail };
  /** 回访: staff record a follow-up visit for a resolved case the reporter did not rate within 7 days. */
  followUp: { req: { caseId: string; satisfaction: Satisfaction; note: string }; res: CaseDetail };
  /** 谁吹哨谁评价: the whistling unit scores a department that has reported (1–5 each), once. */
  evaluate: {
    req: { caseId: string; departmentId: string; responseScore: number; resultScore: number; comment?: string };
    res: CaseDetail;
  };
  /** The department's evaluation of the whistle, once, after its report. */
  evaluateWhistle: { req: { caseId: string; reasonable: boolean; comment?: string }; res: CaseDetail };
};

export type DeadlinesActions = {
  /** Normally fired by the timer trigger; admins may run it by hand (audit-logged). */
  sweep: { req: Record<string, never>; res: SweepReport };
};
