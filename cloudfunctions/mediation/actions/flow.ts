// Opening, joining, choosing the mediator, recusal, sessions and minutes. Requests per action in each comment.
import { z } from 'zod';
import { caseAccess } from '../../../domain/access';
import * as rules from '../../../domain/mediation';
import { AppError, action } from '../../../server/function';
import { requireStaff, viewerOf } from '../../../server/identity';
import { loadReference } from '../../../server/reference';
import { getCase } from '../../../server/repos/cases';
import {
  activeOfCase,
  findByToken,
  hashToken,
  insertMediation,
  loadPool,
  newJoinToken
} from '../../../server/repos/mediations';
import { load, need, save, view } from '../common';
import { notifyParties } from '../notify';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

/** 和议厅 of the mediation's community, and its town's 调解室: the halls whose mediators are offered. */
function hallsOf(unitId: string, units: ReadonlyMap<string, { parentId: string | null }>): string[] {
  const parent = units.get(unitId)?.parentId;
  return parent ? [unitId, parent] : [unitId];
}

/**
 * open { caseId, respondentUnitId? }: staff of the unit handling an accepted dispute case start a mediation;
 * the reporter is the applicant. Answers the join token (once: only its hash is stored).
 * Requests: 1 user + 1 case + 1 active check + 1 insert.
 */
export const open = action(
  z.object({ caseId: id, respondentUnitId: id.optional() }),
  async ({ caseId, respondentUnitId }, ctx) => {
    const ref = await loadReference(ctx.now);
    const staff = await requireStaff(ctx, ref);
    const c = await getCase(caseId);
    if (!c || caseAccess(staff.unit.id, c, ref.units) !== 'handling') throw new AppError('NOT_FOUND', caseId);
    if (c.reporterId === staff.openid) throw new AppError('OWN_CASE');
    if (c.status !== 'accepted') throw new AppError('CASE_NOT_ACCEPTED');
    if (respondentUnitId && !ref.units.has(respondentUnitId)) throw new AppError('UNKNOWN_UNIT', respondentUnitId);
    if (await activeOfCase(caseId)) throw new AppError('MEDIATION_ACTIVE', caseId);
    const { token, hash } = newJoinToken();
    const record = rules.openMediation({
      caseId,
      unitId: c.unitId,
      category: c.category,
      applicant: { openid: c.reporterId, name: c.reporterName ?? '申请人', phone: c.contactPhone, unitId: null },
      respondent: { openid: null, name: '', phone: null, unitId: respondentUnitId ?? null },
      openedBy: staff.openid,
      tokenHash: hash,
      now: ctx.now
    });
    const mediationId = await insertMediation({
      ...record,
      log: [{ at: ctx.now, by: staff.openid, text: '发起人民调解，等待被申请人同意' }]
    });
    return {
      mediationId,
      joinToken: token,
      joinPath: `packageMediation/join/index?token=${token}`,
      joinExpiresAt: record.joinExpiresAt
    };
  }
);

/** invitation { token }: what the other party sees before agreeing (the dispute's summary). Requests: 1 + 1 case. */
export const invitation = action(z.object({ token: text(64) }), async ({ token }, ctx) => {
  await viewerOf(ctx, await loadReference(ctx.now));
  const m = await findByToken(hashToken(token));
  if (!m) throw new AppError('NOT_FOUND');
  const c = await getCase(m.caseId);
  return {
    categoryName: c?.categoryName ?? '',
    summary: (c?.description ?? '').slice(0, 200),
    applicantName: m.applicant.name,
    expiresAt: m.joinExpiresAt,
    usable: m.stage === 'inviting' && !m.respondent.openid && ctx.now.getTime() <= m.joinExpiresAt.getTime()
  };
});

/**
 * join { token, agree, name, phone?, reason? }: the token binds one person, once. A refusal ends the
 * mediation (voluntary), tells the other options. Requests: 1 user + 1 find + 1 write.
 */
export const join = action(
  z.object({
    token: text(64),
    agree: z.boolean(),
    name: text(20),
    phone: z
      .string()
      .regex(/^1\d{10}$/, 'PHONE_INVALID')
      .optional(),
    reason: z.string().trim().max(200).optional()
  }),
  async ({ token, agree, name, phone, reason }, ctx) => {
    const ref = await loadReference(ctx.now);
    const viewer = await viewerOf(ctx, ref);
    const m = await findByToken(hashToken(token));
    if (!m) throw new AppError('NOT_FOUND');
    const step = rules.join(m, { openid: viewer.openid, name, phone: phone ?? null }, agree, reason || null, ctx.now);
    const next = await save({ m, who: { viewer, party: 'respondent', mediator: false, staff: false }, ref }, step, ctx);
    return {
      ...view(next),
      options: agree ? [] : ['申请劳动/商事仲裁', '申请行政机关处理', '向人民法院起诉']
    };
  },
  { texts: (i) => [i.reason] }
);

/** get { mediationId }: the mediation as its parties, mediator and unit see it. Requests: 2. */
export const get = action(z.object({ mediationId: id }), async ({ mediationId }, ctx) => {
  const l = await load(mediationId, ctx);
  return view(l.m, l.who);
});

/** candidates { mediationId }: ranked, with reasons; conflicted members never appear. Requests: 2 + 2 pool. */
export const candidates = action(z.object({ mediationId: id }), async ({ mediationId }, ctx) => {
  const l = await load(mediationId, ctx);
  const pool = await loadPool();
  return { items: rules.rankCandidates(l.m, pool, hallsOf(l.m.unitId, l.ref.units)) };
});

/** prefer { mediationId, mediatorId }: a party names the mediator it wants. Requests: 2 + 1. */
export const prefer = action(
  z.object({ mediationId: id, mediatorId: id }),
  async ({ mediationId, mediatorId }, ctx) => {
    const l = await load(mediationId, ctx);
    need(l.who, 'party');
    return view(await save(l, rules.prefer(l.m, l.who.party!, mediatorId), ctx), l.who);
  }
);

/** assign { mediationId, mediatorId }: the unit's staff; MEDIATOR_CONFLICT for a conflicted one. Requests: 2 + 2 pool + 1. */
export const assign = action(
  z.object({ mediationId: id, mediatorId: id }),
  async ({ mediationId, mediatorId }, ctx) => {
    const l = await load(mediationId, ctx);
    need(l.who, 'staff');
    const x = (await loadPool()).find((p) => p.id === mediatorId);
    if (!x) throw new AppError('NOT_FOUND', mediatorId);
    const next = await save(l, rules.assign(l.m, x), ctx);
    await notifyParties(next, `已指定调解员${x.name}`, ctx.now, l.ref);
    return view(next, l.who);
  }
);

/** recuse { mediationId, reason }: a party once without review; the unit's staff (its approval) any time. Requests: 2 + 1. */
export const recuse = action(z.object({ mediationId: id, reason: text(200) }), async ({ mediationId, reason }, ctx) => {
  const l = await load(mediationId, ctx);
  need(l.who, 'party', 'staff');
  const by = l.who.party ?? 'unit';
  return view(await save(l, rules.recuse(l.m, by, reason, ctx.now), ctx), l.who);
});

/** schedule { mediationId, at, place | 'video' }: both parties get a subscribe message. Requests: 2 + 1 + 2 messages. */
export const schedule = action(
  z.object({ mediationId: id, at: z.coerce.date(), place: text(60) }),
  async ({ mediationId, at, place }, ctx) => {
    const l = await load(mediationId, ctx);
    need(l.who, 'staff', 'mediator');
    const next = await save(l, rules.schedule(l.m, at, place, ctx.now), ctx);
    await notifyParties(next, place === 'video' ? '视频调解已安排' : `调解地点：${place}`, at, l.ref);
    return view(next, l.who);
  }
);

/** minutes { mediationId, text }: 调解笔录. Requests: 2 + 1. */
export const minutes = action(z.object({ mediationId: id, text: text(5000) }), async (i, ctx) => {
  const l = await load(i.mediationId, ctx);
  need(l.who, 'staff', 'mediator');
  return view(await save(l, rules.addMinutes(l.m, i.text, l.who.viewer.openid, ctx.now), ctx), l.who);
});
