import type { TimelineEntry as DomainEntry } from '../domain/case';
import { nextDueAt, overdueFlags } from '../domain/duties';
import { maskPhone } from '../domain/mask';
import type { CaseDetail, CaseSummary, CaseView, RatingView, Reply, TimelineEntry } from '../typings/cases';
import type { CaseDoc, CaseListDoc } from './repos/cases';
import type { Reference } from './reference';
import type { Viewer } from './identity';

const iso = (d: Date | string | null | undefined): string => (d ? new Date(d).toISOString() : '');
const FAR_FUTURE = new Date(8.64e15);

/** The earliest unit duty that can still fall due, whatever the time: what `dueAt` indexes. */
export function dueAtOf(c: Parameters<typeof nextDueAt>[0]): Date | null {
  return nextDueAt(c, FAR_FUTURE);
}

function dueFlags(c: CaseListDoc, now: Date): Pick<CaseView, 'responseDueAt' | 'resolveDueAt' | 'responseOverdue' | 'resolveOverdue'> {
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
    ...dueFlags(c, now)
  };
}

/** Whether the viewer may read the case at all. */
export function canRead(c: CaseDoc, viewer: Viewer): boolean {
  if (viewer.kind === 'admin') return true;
  if (viewer.kind === 'staff') return c.scopeIds.includes(viewer.unit.id);
  return c.reporterId === viewer.openid;
}

/** The reporter and the handling unit's staff see the phone; everyone else sees it masked. */
function phoneFor(c: CaseDoc, viewer: Viewer): string | null {
  if (!c.contactPhone) return null;
  const clear = c.reporterId === viewer.openid || (viewer.kind === 'staff' && viewer.unit.id === c.unitId);
  return clear ? c.contactPhone : maskPhone(c.contactPhone);
}

function entryView(e: DomainEntry): TimelineEntry {
  return {
    type: e.action,
    at: iso(e.at),
    unitId: e.actor.unitId ?? e.unitId,
    actor: e.actor.kind === 'resident' ? 'resident' : `staff:${e.actor.unitId ?? ''}`,
    note: e.text
  };
}

const REPLY_KINDS: Record<string, Reply['kind']> = { accept: 'accept', reply: 'reply', resolve: 'resolve', reject: 'reject' };

function ratingOf(c: CaseDoc): RatingView | null {
  for (let i = c.timeline.length - 1; i >= 0; i--) {
    const e = c.timeline[i];
    if (e.action !== 'rate' && e.action !== 'followUp') continue;
    const satisfaction = e.data?.satisfaction as RatingView['satisfaction'];
    // A rating that sent the case back (重办 / 督办) already moved to the next round.
    const round = e.status === 'closed' ? e.round : e.round - 1;
    return { round, satisfaction, comment: e.text, at: iso(e.at), source: e.action === 'rate' ? 'resident' : 'followUp' };
  }
  return null;
}

export function toDetail(c: CaseDoc, viewer: Viewer, ref: Reference, now: Date): CaseDetail {
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
    contactPhone: phoneFor(c, viewer),
    anonymous: c.anonymous,
    round: c.round,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    rejectReason: c.rejectReason,
    isMine: c.reporterId === viewer.openid,
    ...dueFlags(c, now)
  };
  const replies: Reply[] = c.timeline
    .filter((e) => REPLY_KINDS[e.action] && e.actor.kind === 'staff')
    .map((e) => {
      const unitId = e.actor.unitId ?? e.unitId;
      return { at: iso(e.at), unitId, unitName: ref.units.get(unitId)?.name ?? unitId, text: e.text, kind: REPLY_KINDS[e.action] };
    });
  return { case: view, timeline: c.timeline.map(entryView), replies, rating: ratingOf(c) };
}
