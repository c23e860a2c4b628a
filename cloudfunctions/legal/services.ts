// Residents' legal services: the community adviser and the next visiting day, questions with a reply
// duty (3 days, then 督办), legal-aid applications routed to the district's legal-aid centre, ratings.
import { z } from 'zod';
import { aidPrecheck, nextVisit, questionState } from '../../domain/legal';
import { database, settle } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { AppError, action } from '../../server/function';
import { viewerOf } from '../../server/identity';
import { loadReference } from '../../server/reference';
import { getMediation } from '../../server/repos/mediations';

/** The district's legal-aid centre sits with the justice bureau (司法局法律援助中心). */
const AID_CENTRE = 'dept-justice';
const id = z.string().min(1).max(64);
const col = (name: string) => database().collection(name);

interface AdviserDoc {
  _id: string;
  name: string;
  phone: string | null;
  openid: string | null;
  weekdays: number[];
}
interface QuestionDoc {
  _id: string;
  communityId: string;
  askerId: string;
  text: string;
  askedAt: Date;
  reply: string | null;
  repliedAt: Date | null;
}

/** setAdviser { communityId, name, phone?, openid?, weekdays }: admins, or the community's own staff. Requests: 1 user + 1 write. */
export const setAdviser = action(
  z.object({
    communityId: id,
    name: z.string().trim().min(1).max(20),
    phone: z
      .string()
      .regex(/^1\d{10}$/, 'PHONE_INVALID')
      .nullable()
      .default(null),
    openid: z.string().min(1).max(128).nullable().default(null),
    weekdays: z.array(z.number().int().min(1).max(7)).max(7)
  }),
  async ({ communityId, ...a }, ctx) => {
    const ref = await loadReference(ctx.now);
    const viewer = await viewerOf(ctx, ref);
    if (viewer.kind === 'resident') throw new AppError('NOT_STAFF');
    if (ref.units.get(communityId)?.kind !== 'community') throw new AppError('UNKNOWN_COMMUNITY', communityId);
    if (viewer.kind === 'staff' && viewer.unit.id !== communityId) throw new AppError('FORBIDDEN');
    await settle(
      col(COLLECTIONS.legalAdvisers)
        .doc(communityId)
        .set({ data: { ...a, updatedAt: ctx.now } })
    );
    return { communityId };
  }
);

/** adviser { communityId }: the community's adviser and the next visiting day (no openid). Requests: 1. */
export const adviser = action(z.object({ communityId: id }), async ({ communityId }, ctx) => {
  if (!ctx.openid) throw new AppError('NOT_LOGGED_IN');
  const res = await settle(col(COLLECTIONS.legalAdvisers).where({ _id: communityId }).limit(1).get());
  const a = res.data[0] as AdviserDoc | undefined;
  if (!a) return { adviser: null };
  return { adviser: { name: a.name, phone: a.phone, weekdays: a.weekdays, nextVisit: nextVisit(a.weekdays, ctx.now) } };
});

/** ask { communityId, text }: a legal question to the community's adviser, who owes a reply in 3 days. Requests: 1 write. */
export const ask = action(
  z.object({ communityId: id, text: z.string().trim().min(5).max(1000) }),
  async ({ communityId, text }, ctx) => {
    const ref = await loadReference(ctx.now);
    const viewer = await viewerOf(ctx, ref);
    if (ref.units.get(communityId)?.kind !== 'community') throw new AppError('UNKNOWN_COMMUNITY', communityId);
    const doc = { communityId, askerId: viewer.openid, text, askedAt: ctx.now, reply: null, repliedAt: null };
    const added = (await settle(col(COLLECTIONS.legalQuestions).add({ data: doc }))) as { _id: string };
    return { questionId: added._id, state: questionState(doc, ctx.now) };
  },
  { texts: (i) => [i.text] }
);

/** questions { communityId? }: a resident's own; the community's staff or adviser theirs, with each one's duty state. Requests: 1–2. */
export const questions = action(z.object({ communityId: id.optional() }), async ({ communityId }, ctx) => {
  const ref = await loadReference(ctx.now);
  const viewer = await viewerOf(ctx, ref);
  let where: Record<string, string> = { askerId: viewer.openid };
  if (communityId) {
    const adv = await settle(col(COLLECTIONS.legalAdvisers).where({ _id: communityId }).limit(1).get());
    const isAdviser = (adv.data[0] as AdviserDoc | undefined)?.openid === viewer.openid;
    if (!isAdviser && !(viewer.kind === 'staff' && viewer.unit.id === communityId)) throw new AppError('FORBIDDEN');
    where = { communityId };
  }
  const res = await settle(col(COLLECTIONS.legalQuestions).where(where).orderBy('askedAt', 'desc').limit(100).get());
  return {
    items: (res.data as QuestionDoc[]).map((q) => ({
      questionId: q._id,
      text: q.text,
      askedAt: q.askedAt,
      reply: q.reply,
      state: questionState(q, ctx.now)
    }))
  };
});

/** reply { questionId, text }: the community's adviser or staff. Requests: 1 user + 2 reads + 1 write. */
export const reply = action(
  z.object({ questionId: id, text: z.string().trim().min(1).max(2000) }),
  async ({ questionId, text }, ctx) => {
    const ref = await loadReference(ctx.now);
    const viewer = await viewerOf(ctx, ref);
    const res = await settle(col(COLLECTIONS.legalQuestions).where({ _id: questionId }).limit(1).get());
    const q = res.data[0] as QuestionDoc | undefined;
    if (!q) throw new AppError('NOT_FOUND', questionId);
    const adv = await settle(col(COLLECTIONS.legalAdvisers).where({ _id: q.communityId }).limit(1).get());
    const isAdviser = (adv.data[0] as AdviserDoc | undefined)?.openid === viewer.openid;
    if (!isAdviser && !(viewer.kind === 'staff' && viewer.unit.id === q.communityId)) throw new AppError('NOT_FOUND');
    if (q.repliedAt) throw new AppError('ALREADY_REPLIED');
    await settle(
      col(COLLECTIONS.legalQuestions)
        .doc(questionId)
        .update({ data: { reply: text, repliedAt: ctx.now } })
    );
    return { questionId, state: 'answered' };
  },
  { texts: (i) => [i.text] }
);

/**
 * aid { name, phone, matter, hardship, hasLawyer, summary }: a legal-aid application, routed to the
 * district's legal-aid centre with the eligibility answers and a first reading. Requests: 1 write.
 */
export const aid = action(
  z.object({
    name: z.string().trim().min(1).max(20),
    phone: z.string().regex(/^1\d{10}$/, 'PHONE_INVALID'),
    matter: z.enum(['wages', 'injury', 'family-support', 'compensation', 'other']),
    hardship: z.boolean(),
    hasLawyer: z.boolean(),
    summary: z.string().trim().min(5).max(2000)
  }),
  async (a, ctx) => {
    const ref = await loadReference(ctx.now);
    const viewer = await viewerOf(ctx, ref);
    const precheck = aidPrecheck(a);
    const doc = {
      ...a,
      applicantId: viewer.openid,
      unitId: AID_CENTRE,
      status: 'submitted',
      precheck,
      createdAt: ctx.now
    };
    const added = (await settle(col(COLLECTIONS.legalAid).add({ data: doc }))) as { _id: string };
    return { aidId: added._id, status: 'submitted', routedTo: '区法律援助中心', precheck };
  },
  { texts: (i) => [i.summary] }
);

/** aidDecide { aidId, grant, reason }: the legal-aid centre's staff decide. Requests: 1 user + 1 read + 1 write. */
export const aidDecide = action(
  z.object({ aidId: id, grant: z.boolean(), reason: z.string().trim().min(1).max(500) }),
  async ({ aidId, grant, reason }, ctx) => {
    const ref = await loadReference(ctx.now);
    const viewer = await viewerOf(ctx, ref);
    if (viewer.kind !== 'staff' || viewer.unit.id !== AID_CENTRE) throw new AppError('NOT_FOUND', aidId);
    const res = await settle(col(COLLECTIONS.legalAid).where({ _id: aidId }).limit(1).get());
    const a = res.data[0] as { status: string } | undefined;
    if (!a) throw new AppError('NOT_FOUND', aidId);
    if (a.status !== 'submitted') throw new AppError('ILLEGAL_TRANSITION', a.status);
    const status = grant ? 'granted' : 'refused';
    await settle(
      col(COLLECTIONS.legalAid)
        .doc(aidId)
        .update({ data: { status, reason, decidedAt: ctx.now } })
    );
    return { aidId, status };
  }
);

/** rate { mediationId | questionId, stars, comment? }: a party rates its mediator, an asker the adviser, once. Requests: 1–2 + 1 write. */
export const rate = action(
  z.object({
    mediationId: id.optional(),
    questionId: id.optional(),
    stars: z.number().int().min(1).max(5),
    comment: z.string().trim().max(200).optional()
  }),
  async ({ mediationId, questionId, stars, comment }, ctx) => {
    const ref = await loadReference(ctx.now);
    const viewer = await viewerOf(ctx, ref);
    let target: { kind: 'mediator' | 'adviser'; id: string; key: string } | null = null;
    if (mediationId) {
      const m = await getMediation(mediationId);
      const party = m && (m.applicant.openid === viewer.openid || m.respondent.openid === viewer.openid);
      if (!m || !party || !m.mediatorId || m.stage !== 'ended') throw new AppError('NOT_FOUND', mediationId);
      target = { kind: 'mediator', id: m.mediatorId, key: `m:${mediationId}:${viewer.openid}` };
    } else if (questionId) {
      const res = await settle(col(COLLECTIONS.legalQuestions).where({ _id: questionId }).limit(1).get());
      const q = res.data[0] as QuestionDoc | undefined;
      if (!q || q.askerId !== viewer.openid || !q.repliedAt) throw new AppError('NOT_FOUND', questionId);
      target = { kind: 'adviser', id: q.communityId, key: `q:${questionId}` };
    } else throw new AppError('FIELD_REQUIRED', 'mediationId');
    const existing = await settle(col(COLLECTIONS.legalRatings).where({ targetKey: target.key }).limit(1).get());
    if (existing.data.length) throw new AppError('ALREADY_RATED');
    await settle(
      col(COLLECTIONS.legalRatings).add({
        data: {
          targetKey: target.key,
          kind: target.kind,
          targetId: target.id,
          stars,
          comment: comment ?? null,
          at: ctx.now
        }
      })
    );
    return { rated: target.kind, stars };
  },
  { texts: (i) => [i.comment] }
);
