import { z } from 'zod';
import { REGISTER_CHANNELS } from '../../../domain/channel';
import { MAX_CONTACT_PHONE } from '../../../domain/limits';
import { newCaseFields } from '../../../server/schemas';
import { normalizeMobile } from '../../../domain/mask';
import type { SubmitResponse } from '../../../typings/cases';
import { SCENE } from '../../../server/contentCheck';
import { action, AppError } from '../../../server/function';
import { requireStaff } from '../../../server/identity';
import { loadReference } from '../../../server/reference';
import { registerCase } from '../../../server/registerCase';
import { filedAnswer } from '../../../server/caseViews';

/** The reporter's name as told on the phone or at the desk. */
const MAX_REPORTER_NAME = 32;

const input = z
  .object({
    ...newCaseFields,
    channel: z.enum(REGISTER_CHANNELS),
    reporterName: z.string().trim().min(1).max(MAX_REPORTER_NAME).optional(),
    reporterPhone: z.string().max(MAX_CONTACT_PHONE).optional()
  })
  .strict();

/**
 * 多网合一: staff register a case told to them by phone (12345), at the desk, on patrol, by letter or
 * from another platform (server/registerCase.ts). Staff of any unit may; admins are no unit's staff.
 */
export const register = action(
  input,
  async (req, ctx): Promise<SubmitResponse> => {
    const ref = await loadReference(ctx.now);
    const staff = await requireStaff(ctx, ref);
    const phone = req.reporterPhone ? normalizeMobile(req.reporterPhone) : null;
    if (req.reporterPhone && !phone) throw new AppError('PHONE_INVALID');
    const { doc } = await registerCase(
      {
        ...req,
        reporterPhone: phone,
        by: { staffId: staff.openid, unitId: staff.unit.id },
        idempotencyKey: req.requestId
      },
      ref,
      ctx.now
    );
    return filedAnswer(doc);
  },
  { texts: (r) => [r.description, r.location?.address], scene: SCENE.forum, photos: (r) => r.photos }
);
