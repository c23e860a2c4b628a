import { createHash } from 'node:crypto';
import { z } from 'zod';
import { openCase, type Opened as OpenedCase } from '../../../domain/case';
import { checkCaseLocation } from '../../../domain/caseLocation';
import { caseDayKey, formatCaseCode, MAX_DAILY_SEQ } from '../../../domain/caseCode';
import { normalizeMobile } from '../../../domain/mask';
import { MAX_CONTACT_PHONE } from '../../../domain/limits';
import { newCaseFields } from '../../../server/schemas';
import type { SubmitResponse } from '../../../typings/cases';
import { withDerived } from '../../../server/caseFlow';
import { filedAnswer } from '../../../server/caseViews';
import { SCENE } from '../../../server/contentCheck';
import { action, AppError, type ActionContext } from '../../../server/function';
import { requireOpenid } from '../../../server/identity';
import { recordNewCase, unrecordNewCase } from '../../../server/counters';
import { loadReference, type Reference } from '../../../server/reference';
import { giveBackCaseNumber, insertNumberedCase, takeCaseNumber, type CaseDoc } from '../../../server/repos/cases';

const input = z
  .object({
    ...newCaseFields,
    contactPhone: z.string().max(MAX_CONTACT_PHONE).optional()
  })
  .strict();

/**
 * 群众吹哨: validate → route, the day's number, the declared text check and the assessment counts at
 * once → store with the first timeline entry and its pending notices. Requests on a warm instance:
 * the text check and the counter write, then the insert; one submit in twenty also reserves numbers.
 * The outbox timer sends the unit's notice within a minute.
 */
export const submit = action(
  input,
  async (req, ctx: ActionContext): Promise<SubmitResponse> => {
    const openid = requireOpenid(ctx);
    const phone = req.contactPhone ? normalizeMobile(req.contactPhone) : null;
    if (req.contactPhone && !phone) throw new AppError('PHONE_INVALID');
    const day = caseDayKey(ctx.now);
    const number = takeCaseNumber(day);
    // Routed, numbered and built while the text check runs: ready to insert when it answers.
    const draft = Promise.all([route(req, openid, ctx.now), number]).then(([opened, seq]) => {
      if (seq > MAX_DAILY_SEQ) throw new AppError('CASE_NUMBERS_USED_UP', day);
      const make = builder(req, openid, phone, day, opened, ctx.now);
      return { ...opened, make, first: make(seq) };
    });
    // The counts go out with the text check, not after it: the unit's counter document is the one
    // every filing of a burst increments, so its wait hides behind the check's. A count is no content
    // (nobody reads the case from it), and whatever stops the insert takes it back.
    const counted = draft.then(
      async (d) => {
        await recordNewCase(d.first, ctx.now);
        return d.first;
      },
      () => null // not routed: nothing to count
    );
    const takeBack = async (): Promise<void> => {
      const doc = await counted;
      if (doc) await unrecordNewCase(doc, ctx.now);
    };
    let ready: Awaited<typeof draft>;
    try {
      [ready] = await Promise.all([draft, ctx.checked]);
    } catch (e) {
      giveBackCaseNumber(day, number); // refused before the insert: the next case of the day gets it
      await takeBack();
      throw e;
    }
    // Then the one other write (the floor: two round trips). Staff notices and partner events wait
    // on the case (`outbox`) for the outbox timer, so submit writes nothing else.
    const [stored] = await Promise.all([
      insertNumberedCase(day, ready.first, ready.make).catch(async (e: unknown) => {
        await takeBack();
        throw e;
      }),
      counted
    ]);
    // A retried submit found its case stored already: it takes its count back and tells nothing again.
    if (!stored.inserted) await takeBack();
    return filedAnswer(stored.doc);
  },
  {
    texts: (r) => [r.description, r.location?.address],
    scene: SCENE.forum,
    photos: (r) => r.photos,
    concurrent: true
  }
);

type Opened = Extract<OpenedCase, { ok: true }> & { ref: Reference; categoryName: string };

/** Routes the case (the organisation and rules: no request on a warm instance). */
async function route(req: z.infer<typeof input>, openid: string, now: Date): Promise<Opened> {
  const ref = await loadReference(now);
  const category = ref.categories.get(req.category);
  if (!category) throw new AppError('UNKNOWN_CATEGORY', req.category);
  if (ref.units.get(req.communityId)?.level !== 'community') throw new AppError('UNKNOWN_COMMUNITY', req.communityId);
  // The map pin must lie in the district (its box is kept with the organisation data).
  const misplaced = req.location ? checkCaseLocation(req.location, req.communityId, ref.units) : null;
  if (misplaced) throw new AppError(misplaced.code, misplaced.detail);
  const opened = openCase(
    {
      category: req.category,
      categoryName: category.name,
      communityId: req.communityId,
      major: req.major,
      reporterId: openid,
      at: now
    },
    ref.routing,
    ref.ctx
  );
  if (!opened.ok) throw new AppError(opened.code, opened.detail);
  return { ...opened, ref, categoryName: category.name };
}

/** Builds the case document for a day's number (a second number only if the first was taken). */
function builder(
  req: z.infer<typeof input>,
  openid: string,
  phone: string | null,
  day: string,
  opened: Opened,
  now: Date
): (seq: number) => CaseDoc {
  // The same (openid, requestId) always names the same case: a retried submit finds it.
  const caseId = createHash('sha256').update(`${openid}\n${req.requestId}`).digest('hex').slice(0, 32);
  return (seq) =>
    withDerived(
      {
        ...opened.record,
        _id: caseId,
        code: formatCaseCode(now, seq),
        day,
        seq,
        categoryName: opened.categoryName,
        description: req.description,
        photos: req.photos ?? [],
        location: req.location ?? null,
        contactPhone: phone,
        anonymous: req.anonymous === true,
        rejectReason: null,
        dueAt: null,
        updatedAt: now,
        timeline: [opened.timeline],
        outbox: opened.notify.filter((n) => n.to !== 'reporter'),
        outboxAt: now
      },
      opened.ref,
      now
    );
}
