import { z } from 'zod';
import { TEXT_LIMITS } from '../../../domain/limits';
import { findByStaffId, findUserCached } from '../../../server/repos/users';
import { MAX_EXTENSION_DAYS } from '../../../domain/delays';
import { actOnCase } from '../../../server/caseFlow';
import { action } from '../../../server/function';
import { requireStaff } from '../../../server/identity';
import { caseId, shortText } from '../../../server/schemas';

// Supervision actions. Each: who (1 request) → load (1) → decide → update if unchanged (1) → notify.

export const requestExtension = action(
  z
    .object({
      caseId,
      days: z.number().int().min(1).max(MAX_EXTENSION_DAYS),
      reason: shortText(TEXT_LIMITS.requestExtension)
    })
    .strict(),
  (req, ctx) =>
    actOnCase(req.caseId, { type: 'requestExtension', days: req.days, reason: req.reason }, ctx, (ref) =>
      requireStaff(ctx, ref)
    ),
  { texts: (r) => [r.reason] }
);

export const decideExtension = action(
  z.object({ caseId, grant: z.boolean(), note: shortText(TEXT_LIMITS.decideExtension).optional() }).strict(),
  (req, ctx) =>
    actOnCase(req.caseId, { type: 'decideExtension', grant: req.grant, note: req.note }, ctx, (ref) =>
      requireStaff(ctx, ref)
    ),
  { texts: (r) => [r.note] }
);

/** 挂起: waiting for the resident's material; the clock stops until `resume`. */
export const pause = action(
  z.object({ caseId, reason: shortText(TEXT_LIMITS.pause) }).strict(),
  (req, ctx) => actOnCase(req.caseId, { type: 'pause', reason: req.reason }, ctx, (ref) => requireStaff(ctx, ref)),
  { texts: (r) => [r.reason] }
);

export const resume = action(
  z.object({ caseId, note: shortText(TEXT_LIMITS.resume).optional() }).strict(),
  (req, ctx) => actOnCase(req.caseId, { type: 'resume', note: req.note }, ctx, (ref) => requireStaff(ctx, ref)),
  { texts: (r) => [r.note] }
);

/** The unit above approves (the clock stays stopped until resume) or refuses (the clock runs again) a pause; never whoever paused. */
export const decidePause = action(
  z.object({ caseId, grant: z.boolean(), note: shortText(TEXT_LIMITS.decidePause).optional() }).strict(),
  (req, ctx) =>
    actOnCase(req.caseId, { type: 'decidePause', grant: req.grant, note: req.note }, ctx, (ref) =>
      requireStaff(ctx, ref)
    ),
  { texts: (r) => [r.note] }
);

/** The district 综治中心 reassigns any open case to any handling unit. */
export const reassign = action(
  z.object({ caseId, toUnitId: z.string().min(1).max(64), reason: shortText(TEXT_LIMITS.reassign) }).strict(),
  (req, ctx) =>
    actOnCase(req.caseId, { type: 'reassign', toUnitId: req.toUnitId, reason: req.reason }, ctx, (ref) =>
      requireStaff(ctx, ref)
    ),
  { texts: (r) => [r.reason] }
);

/** 网上吹哨网下报到: sends a cadre on site; the cadre's unit is what the domain checks (their user is cached like the caller's). */
export const dispatch = action(
  z
    .object({
      caseId,
      // Pages name the cadre by the binding's opaque id (cases.dispatchCandidates); never an openid typed in.
      staffId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
      staffOpenid: z.string().min(1).max(64).optional(),
      visitBy: z.string().datetime({ offset: true })
    })
    .strict()
    .refine((r) => (r.staffId === undefined) !== (r.staffOpenid === undefined), {
      message: 'FIELD_REQUIRED',
      path: ['staffId']
    }),
  async (req, ctx) => {
    const cadre = req.staffId ? await findByStaffId(req.staffId) : await findUserCached(req.staffOpenid ?? '', ctx.now);
    const staffUnitId = cadre?.role === 'staff' && cadre.unitId ? cadre.unitId : null;
    const staffOpenid = cadre?._id ?? req.staffOpenid ?? `unknown:${req.staffId ?? ''}`;
    return actOnCase(
      req.caseId,
      { type: 'dispatch', staffOpenid, staffUnitId, visitBy: new Date(req.visitBy) },
      ctx,
      (ref) => requireStaff(ctx, ref)
    );
  }
);

/** The cadre's on-site check-in with WeChat location: the distance to the case's location is recorded. */
export const onsiteCheckIn = action(
  z
    .object({
      caseId,
      dispatchId: z.string().regex(/^d\d{1,3}$/),
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180)
    })
    .strict(),
  (req, ctx) =>
    actOnCase(
      req.caseId,
      { type: 'onsiteCheckIn', dispatchId: req.dispatchId, at: { latitude: req.latitude, longitude: req.longitude } },
      ctx,
      (ref) => requireStaff(ctx, ref)
    )
);

/** The cadre records the visit. */
export const recordVisit = action(
  z.object({ caseId, dispatchId: z.string().regex(/^d\d{1,3}$/), note: shortText(TEXT_LIMITS.recordVisit) }).strict(),
  (req, ctx) =>
    actOnCase(req.caseId, { type: 'recordVisit', dispatchId: req.dispatchId, note: req.note }, ctx, (ref) =>
      requireStaff(ctx, ref)
    ),
  { texts: (r) => [r.note] }
);
