import { z } from 'zod';
import { TEXT_LIMITS } from '../../../domain/limits';
import type { CaseDetail } from '../../../typings/cases';
import { actOnCase } from '../../../server/caseFlow';
import { action } from '../../../server/function';
import { requireStaff } from '../../../server/identity';
import { caseId, photoIds, shortText } from '../../../server/schemas';

// Staff actions on a case. Each: who (1 request) → load (1) → decide → update if unchanged (1) → notify.
const staff = (ref: Parameters<typeof requireStaff>[1], ctx: Parameters<typeof requireStaff>[0]) =>
  requireStaff(ctx, ref);

export const accept = action(
  z.object({ caseId, note: shortText(TEXT_LIMITS.accept).optional() }).strict(),
  (req, ctx): Promise<CaseDetail> =>
    actOnCase(req.caseId, { type: 'accept', message: req.note }, ctx, (ref) => staff(ref, ctx)),
  { texts: (r) => [r.note] }
);

export const reply = action(
  z.object({ caseId, text: shortText(TEXT_LIMITS.reply) }).strict(),
  (req, ctx) => actOnCase(req.caseId, { type: 'reply', text: req.text }, ctx, (ref) => staff(ref, ctx)),
  { texts: (r) => [r.text] }
);

export const transfer = action(
  z.object({ caseId, toUnitId: z.string().min(1).max(64), reason: shortText(TEXT_LIMITS.transfer) }).strict(),
  (req, ctx) =>
    actOnCase(req.caseId, { type: 'transfer', toUnitId: req.toUnitId, reason: req.reason }, ctx, (ref) =>
      staff(ref, ctx)
    ),
  { texts: (r) => [r.reason] }
);

export const escalate = action(
  z.object({ caseId, reason: shortText(TEXT_LIMITS.escalate) }).strict(),
  (req, ctx) => actOnCase(req.caseId, { type: 'escalate', reason: req.reason }, ctx, (ref) => staff(ref, ctx)),
  { texts: (r) => [r.reason] }
);

export const resolve = action(
  z.object({ caseId, result: shortText(TEXT_LIMITS.resolve), photos: photoIds }).strict(),
  (req, ctx) =>
    actOnCase(req.caseId, { type: 'resolve', summary: req.result, photos: req.photos }, ctx, (ref) => staff(ref, ctx)),
  { texts: (r) => [r.result], photos: (r) => r.photos }
);

export const reject = action(
  z.object({ caseId, reason: shortText(TEXT_LIMITS.reject) }).strict(),
  (req, ctx) => actOnCase(req.caseId, { type: 'reject', reason: req.reason }, ctx, (ref) => staff(ref, ctx)),
  { texts: (r) => [r.reason] }
);
