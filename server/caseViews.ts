import type {
  CaseRecord,
  Dispatch,
  Extension,
  SupervisionItem,
  TimelineEntry as DomainEntry,
  Whistle
} from '../domain/case';
import { overdueFlags } from '../domain/duties';
import { CLOCK_KIND_LABELS } from '../domain/labels';
import { maskPhone } from '../domain/mask';
import { channelOf } from '../domain/channel';
import { seesHandling, seesPhone, type Reader } from '../domain/access';
import { whistleOverdue } from '../domain/supervision';
import { staffActions } from '../domain/staffActions';
import { mayRate, reporterActions, waitsForMaterial } from '../domain/residentActions';
import { caseProgress } from '../domain/caseProgress';
import type {
  CaseDetail,
  CaseSummary,
  CaseView,
  DispatchView,
  ExtensionView,
  RatingView,
  Reply,
  SubmitResponse,
  SupervisionView,
  TimelineEntry,
  WhistleView
} from '../typings/cases';
import type { CaseDoc, CaseListDoc } from './repos/cases';
import type { Reference } from './reference';
import { actorOf, readerOf, type Viewer } from './identity';

const iso = (d: Date | string | null | undefined): string => (d ? new Date(d).toISOString() : '');
type Names = Pick<Reference, 'units'>;
const nameOf = (id: string, ref: Names): string => ref.units.get(id)?.name ?? id;
export function whistleView(
  c: Pick<CaseRecord, 'status' | 'pausedAt' | 'whistles'>,
  w: Whistle,
  ref: Names,
  now: Date
): WhistleView {
  return {
    departmentId: w.departmentId,
    departmentName: nameOf(w.departmentId, ref),
    role: w.role,
    byUnitId: w.byUnitId,
    byUnitName: nameOf(w.byUnitId, ref),
    reason: w.reason,
    at: iso(w.at),
    checkInDueAt: iso(w.checkInDueAt),
    checkedInAt: iso(w.checkedInAt),
    checkInLate: w.checkInLate,
    resultDueAt: iso(w.resultDueAt),
    reportedAt: iso(w.reportedAt),
    result: w.result,
    withdrawnAt: iso(w.withdrawnAt),
    withdrawReason: w.withdrawReason,
    evaluateDueAt: iso(w.evaluateDueAt),
    evaluation: w.evaluation && {
      responseScore: w.evaluation.responseScore,
      resultScore: w.evaluation.resultScore,
      comment: w.evaluation.comment,
      at: iso(w.evaluation.at)
    },
    whistleEvaluation: w.whistleEvaluation && {
      reasonable: w.whistleEvaluation.reasonable,
      comment: w.whistleEvaluation.comment,
      at: iso(w.whistleEvaluation.at)
    },
    overdue: whistleOverdue(c, w, now)
  };
}

function dispatchView(d: Dispatch, viewer: Viewer, ref: Names): DispatchView {
  return {
    dispatchId: d.id,
    unitId: d.unitId,
    unitName: nameOf(d.unitId, ref),
    mine: viewer.kind === 'staff' && viewer.openid === d.staffOpenid,
    at: iso(d.at),
    visitBy: iso(d.visitBy),
    checkIn: d.checkIn && { at: iso(d.checkIn.at), distanceM: d.checkIn.distanceM, late: d.checkIn.late },
    visit: d.visit && { at: iso(d.visit.at), note: d.visit.note }
  };
}

function extensionView(e: Extension): ExtensionView {
  return {
    byUnitId: e.byUnitId,
    days: e.days,
    reason: e.reason,
    at: iso(e.at),
    status: e.status,
    decidedAt: iso(e.decidedAt),
    note: e.note
  };
}

/** The open 督办 items of a case. */
export function supervisionViews(items: readonly SupervisionItem[] | undefined, ref: Names): SupervisionView[] {
  return (items ?? [])
    .filter((s) => s.closedAt === null)
    .map((s) => ({
      kind: s.kind,
      kindLabel: CLOCK_KIND_LABELS[s.kind],
      ownerUnitId: s.ownerUnitId,
      ownerUnitName: nameOf(s.ownerUnitId, ref),
      supervisorId: s.supervisorId,
      dueAt: iso(s.dueAt),
      raisedAt: iso(s.raisedAt)
    }));
}

/** How the case is handled, for those who see it (access.ts); the pause is shown to everyone. */
function oversightViews(
  c: CaseRecord,
  viewer: Viewer,
  reader: Reader,
  ref: Names,
  now: Date
): Pick<CaseDetail, 'whistles' | 'dispatches' | 'extensions' | 'paused' | 'supervision'> {
  const paused = c.pausedAt ? { since: iso(c.pausedAt), reason: c.pauseReason ?? '' } : null;
  if (!seesHandling(reader)) return { whistles: [], dispatches: [], extensions: [], paused, supervision: [] };
  return {
    whistles: (c.whistles ?? []).map((w) => whistleView(c, w, ref, now)),
    dispatches: (c.dispatches ?? []).map((d) => dispatchView(d, viewer, ref)),
    extensions: (c.extensions ?? []).map(extensionView),
    paused,
    supervision: supervisionViews(c.supervision, ref)
  };
}

function dueFlags(
  c: CaseListDoc,
  now: Date
): Pick<CaseView, 'responseDueAt' | 'resolveDueAt' | 'responseOverdue' | 'resolveOverdue'> {
  const f = overdueFlags(c, now);
  return {
    responseDueAt: iso(c.responseDueAt),
    resolveDueAt: iso(c.resolveDueAt),
    responseOverdue: f.firstResponse || f.accept,
    resolveOverdue: f.resolve || f.followUp
  };
}

export function toSummary(c: CaseListDoc, ref: Reference, now: Date): CaseSummary {
  return {
    caseId: c._id,
    code: c.code,
    status: c.status,
    level: c.level,
    unitId: c.unitId,
    category: c.category,
    categoryName: c.categoryName,
    communityName: ref.units.get(c.communityId)?.name ?? c.communityId,
    excerpt: c.description.length > 60 ? `${c.description.slice(0, 60)}…` : c.description,
    createdAt: iso(c.createdAt),
    channel: channelOf(c),
    followers: c.followers ?? 0,
    ...dueFlags(c, now)
  };
}

/** The phone in clear for those access.ts lets see it; masked for everyone else. */
function phoneFor(c: CaseDoc, reader: Reader): string | null {
  if (!c.contactPhone) return null;
  return seesPhone(c, reader) ? c.contactPhone : maskPhone(c.contactPhone);
}

function entryView(e: DomainEntry): TimelineEntry {
  return {
    type: e.action,
    at: iso(e.at),
    unitId: e.actor.unitId ?? e.unitId,
    actor: e.actor.kind === 'staff' ? `staff:${e.actor.unitId ?? ''}` : e.actor.kind,
    note: e.text
  };
}

const REPLY_KINDS: Record<string, Reply['kind']> = {
  accept: 'accept',
  reply: 'reply',
  resolve: 'resolve',
  reject: 'reject'
};

function ratingOf(c: CaseDoc): RatingView | null {
  for (let i = c.timeline.length - 1; i >= 0; i--) {
    const e = c.timeline[i];
    if (e.action !== 'rate' && e.action !== 'followUp') continue;
    if (e.data?.coRater) continue; // a merged case's reporter: on the record, not the case's rating
    const satisfaction = e.data?.satisfaction as RatingView['satisfaction'];
    // A rating that sent the case back (重办 / 督办) already moved to the next round.
    const round = e.status === 'closed' ? e.round : e.round - 1;
    return {
      round,
      satisfaction,
      comment: e.text,
      at: iso(e.at),
      source: e.action === 'rate' ? 'resident' : 'followUp'
    };
  }
  return null;
}

/** 主动治理 links (cloudfunctions/proactive): the sources of a proactive case, or the case a source feeds. */
function proactiveLinks(c: CaseDoc): Pick<CaseView, 'sourceCaseIds' | 'proactiveCaseId'> {
  const p = c as CaseDoc & { sourceCaseIds?: string[]; proactiveCaseId?: string | null };
  const out: Pick<CaseView, 'sourceCaseIds' | 'proactiveCaseId'> = {};
  if (p.sourceCaseIds) out.sourceCaseIds = p.sourceCaseIds;
  if (p.proactiveCaseId) out.proactiveCaseId = p.proactiveCaseId;
  return out;
}

/** The detail of a case its viewer may read (the caller checked `mayReadCase`). */
export function toDetail(c: CaseDoc, viewer: Viewer, ref: Reference, now: Date): CaseDetail {
  const reader = readerOf(viewer);
  const view: CaseView = {
    caseId: c._id,
    code: c.code,
    status: c.status,
    level: c.level,
    unitId: c.unitId,
    unitName: ref.units.get(c.unitId)?.name ?? c.unitId,
    category: c.category,
    categoryName: c.categoryName,
    communityId: c.communityId,
    communityName: ref.units.get(c.communityId)?.name ?? c.communityId,
    description: c.description,
    photos: c.photos,
    location: c.location,
    contactPhone: phoneFor(c, reader),
    // As told at registration (cases.register): for whoever sees the phone, to call back.
    reporterName: c.reporterName && seesPhone(c, reader) ? c.reporterName : null,
    channel: channelOf(c),
    anonymous: c.anonymous,
    round: c.round,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    rejectReason: c.rejectReason,
    isMine: c.reporterId === viewer.openid,
    withdrawn: !!c.withdrawnAt,
    waitingForMaterial: waitsForMaterial(c),
    ...dueFlags(c, now),
    ...proactiveLinks(c)
  };
  const replies: Reply[] = c.timeline
    .filter((e) => REPLY_KINDS[e.action] && e.actor.kind === 'staff')
    .map((e) => {
      const unitId = e.actor.unitId ?? e.unitId;
      return {
        at: iso(e.at),
        unitId,
        unitName: ref.units.get(unitId)?.name ?? unitId,
        text: e.text,
        kind: REPLY_KINDS[e.action]
      };
    });
  // Staff see what they may do now, as the domain decides it on this very document: no extra read.
  const allowedActions = viewer.kind === 'staff' ? staffActions(c, actorOf(viewer), now, ref.ctx) : [];
  return {
    case: view,
    timeline: c.timeline.map(entryView),
    replies,
    rating: ratingOf(c),
    ...oversightViews(c, viewer, reader, ref, now),
    allowedActions,
    reporterActions: reporterActions(c, { kind: 'resident', openid: viewer.openid }, now, ref.ctx),
    canRate: viewer.kind === 'resident' && mayRate(c, viewer.openid),
    progress: caseProgress({ ...c, waitingForMaterial: view.waitingForMaterial })
  };
}

/** What filing a case answers, from the resident's submit or staff's register: its number and clocks. */
export function filedAnswer(doc: CaseDoc): SubmitResponse {
  return {
    caseId: doc._id,
    code: doc.code,
    status: doc.status,
    level: doc.level,
    unitId: doc.unitId,
    responseDueAt: new Date(doc.responseDueAt).toISOString(),
    resolveDueAt: new Date(doc.resolveDueAt).toISOString()
  };
}
