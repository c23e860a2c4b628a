import { z } from 'zod';
import { MAX_CHECK_IN_MINUTES, MIN_CHECK_IN_MINUTES, TEXT_LIMITS } from '../../../domain/limits';
import { MAX_DEPARTMENTS } from '../../../domain/whistles';
import type { CaseDetail } from '../../../typings/cases';
import { actOnCase } from '../../../server/caseFlow';
import { action } from '../../../server/function';
import { requireStaff } from '../../../server/identity';
import { caseId, shortText } from '../../../server/schemas';

// 三吹哨三报到. Each: who (1 request) → load (1) → decide → update if unchanged (1) → notify.
const unitId = z.string().min(1).max(64);

/** 镇街吹哨部门报到: a town or the district summons departments; the first named leads. */
export const whistle = action(
  z
    .object({
      caseId,
      departmentIds: z.array(unitId).min(1, 'FIELD_REQUIRED').max(MAX_DEPARTMENTS),
      reason: shortText(TEXT_LIMITS.whistle),
      reportWithinMinutes: z.number().int().min(MIN_CHECK_IN_MINUTES).max(MAX_CHECK_IN_MINUTES).optional()
    })
    .strict(),
  (req, ctx): Promise<CaseDetail> =>
    actOnCase(
      req.caseId,
      {
        type: 'whistle',
        departmentIds: req.departmentIds,
        reason: req.reason,
        checkInMinutes: req.reportWithinMinutes
      },
      ctx,
      (ref) => requireStaff(ctx, ref)
    ),
  { texts: (r) => [r.reason] }
);

/** 报到: the whistled department reports in; on time or late is recorded. */
export const checkIn = action(z.object({ caseId }).strict(), (req, ctx) =>
  actOnCase(req.caseId, { type: 'checkIn' }, ctx, (ref) => requireStaff(ctx, ref))
);

/** The department's handling result. */
export const report = action(
  z.object({ caseId, result: shortText(TEXT_LIMITS.report) }).strict(),
  (req, ctx) => actOnCase(req.caseId, { type: 'report', result: req.result }, ctx, (ref) => requireStaff(ctx, ref)),
  { texts: (r) => [r.result] }
);

/** The whistler (or a unit above it) calls a whistle off before the department reports. */
export const withdrawWhistle = action(
  z.object({ caseId, departmentId: unitId, reason: shortText(TEXT_LIMITS.withdrawWhistle) }).strict(),
  (req, ctx) =>
    actOnCase(req.caseId, { type: 'withdrawWhistle', departmentId: req.departmentId, reason: req.reason }, ctx, (ref) =>
      requireStaff(ctx, ref)
    ),
  { texts: (r) => [r.reason] }
);
