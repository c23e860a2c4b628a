import { z } from 'zod';
import { TEXT_LIMITS } from '../../domain/limits';
import { SATISFACTIONS } from '../../domain/enums';
import { actOnCase } from '../../server/caseFlow';
import { action, AppError, defineFunction } from '../../server/function';
import { MAYBE_MERGED_REPORTER, rateAsMergedReporter } from './coRate';
import { requireOpenid, requireStaff } from '../../server/identity';
import { findUserCached } from '../../server/repos/users';
import { caseId, shortText } from '../../server/schemas';

/** 谁吹哨谁评价: only the reporter rates, once per round, after resolution (the state machine says so). */
const rate = action(
  z.object({ caseId, satisfaction: z.enum(SATISFACTIONS), comment: shortText(TEXT_LIMITS.rate).optional() }).strict(),
  async (req, ctx) => {
    const openid = requireOpenid(ctx);
    // A staff member who filed as a resident: their rating of their own chain's work does not count (cached read).
    const user = await findUserCached(openid, ctx.now);
    const raterUnitId = user?.role === 'staff' ? user.unitId : null;
    try {
      return await actOnCase(
        req.caseId,
        { type: 'rate', satisfaction: req.satisfaction, comment: req.comment, raterUnitId },
        ctx,
        () => Promise.resolve({ kind: 'resident', openid })
      );
    } catch (e) {
      // Not this case's reporter: perhaps the reporter of a case merged into it, who rates it too.
      if (!(e instanceof AppError) || !MAYBE_MERGED_REPORTER.has(e.code)) throw e;
      const co = await rateAsMergedReporter(req.caseId, openid, req.satisfaction, req.comment, ctx);
      if (co) return co;
      throw e;
    }
  },
  { texts: (r) => [r.comment] }
);

/** 回访: staff record a follow-up visit for a resolved case not rated within 7 days; it counts as the rating. */
const followUp = action(
  z.object({ caseId, satisfaction: z.enum(SATISFACTIONS), note: shortText(TEXT_LIMITS.followUp) }).strict(),
  (req, ctx) =>
    actOnCase(req.caseId, { type: 'followUp', satisfaction: req.satisfaction, note: req.note }, ctx, (ref) =>
      requireStaff(ctx, ref)
    ),
  { texts: (r) => [r.note] }
);

// 谁吹哨谁评价 and its other half. Each: who (1 request) → load (1) → decide → update if unchanged (1).
const score = z.number({ error: 'SCORE_INVALID' }).int('SCORE_INVALID').min(1, 'SCORE_INVALID').max(5, 'SCORE_INVALID');

/** The whistling unit scores a department that has reported: response and result, 1–5 each, once. */
const evaluate = action(
  z
    .object({
      caseId,
      departmentId: z.string().min(1).max(64),
      responseScore: score,
      resultScore: score,
      comment: shortText(TEXT_LIMITS.evaluate).optional()
    })
    .strict(),
  (req, ctx) =>
    actOnCase(
      req.caseId,
      {
        type: 'evaluate',
        departmentId: req.departmentId,
        responseScore: req.responseScore,
        resultScore: req.resultScore,
        comment: req.comment
      },
      ctx,
      (ref) => requireStaff(ctx, ref)
    ),
  { texts: (r) => [r.comment] }
);

/** The department says whether the whistle was reasonable (flags careless whistling), once, after its report. */
const evaluateWhistle = action(
  z.object({ caseId, reasonable: z.boolean(), comment: shortText(TEXT_LIMITS.evaluateWhistle).optional() }).strict(),
  (req, ctx) =>
    actOnCase(req.caseId, { type: 'evaluateWhistle', reasonable: req.reasonable, comment: req.comment }, ctx, (ref) =>
      requireStaff(ctx, ref)
    ),
  { texts: (r) => [r.comment] }
);

export const main = defineFunction({ rate, followUp, evaluate, evaluateWhistle });
