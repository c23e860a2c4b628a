import { z } from 'zod';
import { SATISFACTIONS } from '../../domain/enums';
import { actOnCase } from '../../server/caseFlow';
import { action, defineFunction } from '../../server/function';
import { requireOpenid, requireStaff } from '../../server/identity';
import { caseId, shortText } from '../../server/schemas';

/** 谁吹哨谁评价: only the reporter rates, once per round, after resolution (the state machine says so). */
const rate = action(z.object({ caseId, satisfaction: z.enum(SATISFACTIONS), comment: shortText(500).optional() }).strict(), (req, ctx) =>
  actOnCase(req.caseId, { type: 'rate', satisfaction: req.satisfaction, comment: req.comment }, ctx, async () => ({
    kind: 'resident',
    openid: requireOpenid(ctx)
  }))
);

/** 回访: staff record a follow-up visit for a resolved case not rated within 7 days; it counts as the rating. */
const followUp = action(z.object({ caseId, satisfaction: z.enum(SATISFACTIONS), note: shortText(500) }).strict(), (req, ctx) =>
  actOnCase(req.caseId, { type: 'followUp', satisfaction: req.satisfaction, note: req.note }, ctx, (ref) => requireStaff(ctx, ref))
);

export const main = defineFunction({ rate, followUp });
