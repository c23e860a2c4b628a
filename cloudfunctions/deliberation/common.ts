// What every deliberation action shares: who the caller is (server/identity plus their seats), loading a
// topic they may read, running a step against the topic's version, and the views pages get.
import { z } from 'zod';
import { effectiveStage, isFailure, shownDue, type Step } from '../../domain/deliberation';
import { homeOf, isCouncil, isSupervisor, mayRead, type Participant } from '../../domain/deliberationAccess';
import { rulesInForce } from '../../domain/deliberationRules';
import type { Failure } from '../../domain/errors';
import { scopePath } from '../../domain/org';
import type { DeliberationRules, TopicDetail, TopicSummary } from '../../typings/deliberation';
import { AppError, type ActionContext } from '../../server/function';
import { viewerOf, type Viewer } from '../../server/identity';
import { loadReference, type Reference } from '../../server/reference';
import { findRules, membershipsOf } from '../../server/repos/rosters';
import { applyStep, findTopic, type TopicDoc } from '../../server/repos/topics';
import { retrying } from '../../server/repos/pointsTx';

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** Free text: trimmed, required, at most `max` characters (TEXT_TOO_LONG beyond). */
export const text = (max: number) => z.string().trim().min(1, 'FIELD_REQUIRED').max(max, 'TEXT_TOO_LONG');
export const photosSchema = (max: number) =>
  z
    .array(z.string().regex(/^cloud:\/\/\S{1,500}$/))
    .max(max, 'TOO_MANY_PHOTOS')
    .optional();

export interface Caller {
  openid: string;
  viewer: Viewer;
  ref: Reference;
  p: Participant;
}

/** The caller, with their seats (one request for residents; none for staff and admins on a warm instance). */
export async function callerOf(ctx: ActionContext): Promise<Caller> {
  const ref = await retrying(() => loadReference(ctx.now));
  const viewer = await retrying(() => viewerOf(ctx, ref));
  const memberships = viewer.kind === 'resident' ? await retrying(() => membershipsOf(viewer.openid)) : [];
  const p: Participant = { kind: viewer.kind, unitId: viewer.kind === 'staff' ? viewer.unit.id : null, memberships };
  return { openid: viewer.openid, viewer, ref, p };
}

/** UNKNOWN_COMMUNITY unless the id names a village/community. */
export function assertCommunity(ref: Reference, communityId: string): void {
  if (ref.units.get(communityId)?.kind !== 'community') throw new AppError('UNKNOWN_COMMUNITY', communityId);
}

export function readsCommunity(c: Caller, communityId: string): boolean {
  const above = c.ref.units.has(communityId) ? scopePath(communityId, c.ref.units).slice(1) : [];
  return mayRead(c.p, communityId, above);
}

/** The topic, or NOT_FOUND (also when the caller may not read its community: nothing is revealed). */
export async function readableTopic(c: Caller, topicId: string): Promise<TopicDoc> {
  const doc = await findTopic(topicId);
  if (!doc || !readsCommunity(c, doc.communityId)) throw new AppError('NOT_FOUND', topicId);
  return doc;
}

export async function rulesOf(communityId: string): Promise<DeliberationRules> {
  return rulesInForce(await retrying(() => findRules(communityId)));
}

/** Throws the refusal, if any. */
export function refuseIf(f: Failure | null): void {
  if (f) throw new AppError(f.code, f.detail);
}

export function orThrow<T>(x: T | Failure): T {
  if (isFailure(x)) throw new AppError(x.code, x.detail);
  return x;
}

/**
 * Decides a step on the topic as it is and applies it at that version; if someone changed it first,
 * reads it again and decides again (twice at most), so a step is never applied to a state it was not
 * decided on. Requests: 1 write (+2 per lost race).
 */
export async function runStep(
  first: TopicDoc,
  decide: (t: TopicDoc) => Step | Failure,
  before?: () => Promise<void>
): Promise<{ doc: TopicDoc; step: Step }> {
  let doc = first;
  for (let attempt = 0; attempt < 3; attempt++) {
    const step = orThrow(decide(doc));
    if (before && attempt === 0) await before();
    const next = await applyStep(doc, step);
    if (next) return { doc: next, step };
    const again = await findTopic(doc._id);
    if (!again) throw new AppError('NOT_FOUND', doc._id);
    doc = again;
  }
  throw new AppError('TOPIC_BUSY', doc._id);
}

export function summaryOf(d: TopicDoc, now: Date): TopicSummary {
  const due = shownDue(d, now);
  return {
    topicId: d._id,
    communityId: d.communityId,
    title: d.title,
    stage: effectiveStage(d, now),
    createdAt: new Date(d.createdAt).toISOString(),
    dueAt: due ? due.toISOString() : null
  };
}

export interface DetailExtras {
  comments: number;
  canComment: boolean;
  following: boolean;
  voted: boolean;
  canVote: boolean;
}

/** 三公开: the matter, every stage with dates, counts only (never who voted how), the result and its implementation. */
export function detailOf(d: TopicDoc, c: Caller, now: Date, x: DetailExtras): TopicDetail {
  const stage = effectiveStage(d, now);
  const council = isCouncil(c.p, d.communityId);
  // A photo reported risky is hidden as on cases: only the community's council (the handling unit) sees it.
  const hidden = new Set(d.hiddenPhotos ?? []);
  const shown = council ? d.photos : d.photos.filter((p) => !hidden.has(p));
  return {
    ...summaryOf(d, now),
    communityName: c.ref.units.get(d.communityId)?.name ?? d.communityId,
    text: d.text,
    // A file id names its uploader's folder (their openid): only the council and the proposer get them.
    photos: council || d.proposerId === c.openid ? shown : [],
    photoCount: shown.length,
    hiddenPhotos: council ? d.photos.filter((p) => hidden.has(p)).length : 0,
    entries: d.entries.map(({ at, closesAt, photos, ...e }) => ({
      ...e,
      // Progress photos are the council's uploads: their ids name the uploader's folder too.
      ...(photos && isCouncil(c.p, d.communityId) ? { photos } : {}),
      ...(photos ? { photoCount: photos.length } : {}),
      at: new Date(at).toISOString(),
      ...(closesAt ? { closesAt: new Date(closesAt).toISOString() } : {})
    })),
    result: d.result,
    vote:
      stage === 'voting' && d.vote ? { body: d.vote.body, closesAt: new Date(d.vote.closesAt).toISOString() } : null,
    comments: x.comments,
    me: {
      proposer: d.proposerId === c.openid,
      following: x.following,
      council: isCouncil(c.p, d.communityId),
      supervisor: isSupervisor(c.p, d.communityId),
      canComment: x.canComment,
      canVote: x.canVote,
      voted: x.voted
    }
  };
}

export { homeOf, isFailure };
