import { createHash } from 'node:crypto';
import { z } from 'zod';
import { openCase } from '../../../domain/case';
import { caseDayKey, formatCaseCode } from '../../../domain/caseCode';
import { normalizeMobile } from '../../../domain/mask';
import type { SubmitResponse } from '../../../typings/cases';
import { withDerived } from '../../../server/caseFlow';
import { SCENE } from '../../../server/contentCheck';
import { action, AppError, type ActionContext } from '../../../server/function';
import { requireOpenid } from '../../../server/identity';
import { notifyUnits } from '../../../server/notify';
import { recordCaseChange } from '../../../server/counters';
import { loadReference } from '../../../server/reference';
import { getCase, insertCase, lastSeqOfDay, type CaseDoc } from '../../../server/repos/cases';

export const MAX_DESCRIPTION = 2000;
export const MAX_PHOTOS = 9;

const input = z
  .object({
    category: z.string().min(1).max(64),
    communityId: z.string().min(1).max(64),
    description: z.string().trim().min(1, 'FIELD_REQUIRED').max(MAX_DESCRIPTION, 'DESCRIPTION_TOO_LONG'),
    photos: z
      .array(z.string().regex(/^cloud:\/\/\S{1,500}$/))
      .max(MAX_PHOTOS, 'TOO_MANY_PHOTOS')
      .optional(),
    location: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        address: z.string().max(200).optional()
      })
      .strict()
      .optional(),
    contactPhone: z.string().max(20).optional(),
    anonymous: z.boolean().optional(),
    major: z.boolean().optional(),
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/)
  })
  .strict();

// Filers racing for the same day's next number: each loser re-reads the last number and tries the next.
const MAX_CODE_ATTEMPTS = 50;

/** 群众吹哨: validate → (declared: text and photo checks) → route → store with the first timeline entry → notify the unit. */
export const submit = action(
  input,
  async (req, ctx: ActionContext): Promise<SubmitResponse> => {
    const openid = requireOpenid(ctx);
    const phone = req.contactPhone ? normalizeMobile(req.contactPhone) : null;
    if (req.contactPhone && !phone) throw new AppError('PHONE_INVALID');
    const ref = await loadReference(ctx.now);
    const category = ref.categories.get(req.category);
    if (!category) throw new AppError('UNKNOWN_CATEGORY', req.category);
    if (ref.units.get(req.communityId)?.level !== 'community') throw new AppError('UNKNOWN_COMMUNITY', req.communityId);

    const opened = openCase(
      {
        category: req.category,
        categoryName: category.name,
        communityId: req.communityId,
        major: req.major,
        reporterId: openid,
        at: ctx.now
      },
      ref.routing,
      ref.ctx
    );
    if (!opened.ok) throw new AppError(opened.code, opened.detail);

    // The same (openid, requestId) always names the same case: a retried submit finds it.
    const caseId = createHash('sha256').update(`${openid}\n${req.requestId}`).digest('hex').slice(0, 32);
    const day = caseDayKey(ctx.now);
    let seq = (await lastSeqOfDay(day)) + 1;
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const doc: CaseDoc = withDerived(
        {
          ...opened.record,
          _id: caseId,
          code: formatCaseCode(ctx.now, seq),
          day,
          seq,
          categoryName: category.name,
          description: req.description,
          photos: req.photos ?? [],
          location: req.location ?? null,
          contactPhone: phone,
          anonymous: req.anonymous === true,
          rejectReason: null,
          dueAt: null,
          updatedAt: ctx.now,
          timeline: [opened.timeline]
        },
        ref,
        ctx.now
      );
      const outcome = await insertCase(doc);
      if (outcome === 'inserted') {
        await recordCaseChange(null, doc, ctx.now);
        await notifyUnits(doc, opened.notify, ref.staffOf, ref.templates, ctx.now);
        return answer(doc);
      }
      if (outcome === 'duplicateId') {
        // The id hashes the openid, so the existing case is this caller's earlier submit.
        const existing = await getCase(caseId);
        if (existing) return answer(existing);
      }
      // Someone took this number. In a burst every loser would race for the same next one again, so
      // losers spread over a few numbers past the last: a burst may leave a gap, numbers stay unique.
      seq = Math.max(seq, await lastSeqOfDay(day)) + 1 + Math.floor(Math.random() * Math.min(attempt + 1, 8));
    }
    throw new AppError('CONCURRENT_UPDATE', 'case number');
  },
  { texts: (r) => [r.description, r.location?.address], scene: SCENE.forum, photos: (r) => r.photos }
);

function answer(doc: CaseDoc): SubmitResponse {
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
