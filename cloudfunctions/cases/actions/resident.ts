import { z } from 'zod';
import { TEXT_LIMITS } from '../../../domain/limits';
import type { CaseDetail } from '../../../typings/cases';
import { actOnCase } from '../../../server/caseFlow';
import { action } from '../../../server/function';
import { requireOpenid, type Viewer } from '../../../server/identity';
import { caseId, photoIds, shortText } from '../../../server/schemas';

// The reporter's own actions (domain/residentActions.ts). The caller acts as a resident, even a staff
// member who filed the case as one: no request to find who they are.
const reporter = (ctx: Parameters<typeof requireOpenid>[0]) => {
  const openid = requireOpenid(ctx);
  return (): Promise<Viewer> => Promise.resolve({ kind: 'resident', openid });
};

/** 补充材料: while the case waits for material; it resumes the case. Photos are checked like the report's. */
export const supplement = action(
  z
    .object({
      caseId,
      text: shortText(TEXT_LIMITS.supplement),
      photos: photoIds
    })
    .strict(),
  (req, ctx): Promise<CaseDetail> =>
    actOnCase(req.caseId, { type: 'supplement', text: req.text, photos: req.photos }, ctx, reporter(ctx)),
  { texts: (r) => [r.text], photos: (r) => r.photos }
);

/** 催办: the handling unit and the unit above are told; it counts in the unit's figures. */
export const urge = action(z.object({ caseId }).strict(), (req, ctx): Promise<CaseDetail> =>
  actOnCase(req.caseId, { type: 'urge' }, ctx, reporter(ctx))
);

/** 撤回: before acceptance only. */
export const withdraw = action(
  z.object({ caseId, reason: shortText(TEXT_LIMITS.withdraw) }).strict(),
  (req, ctx): Promise<CaseDetail> =>
    actOnCase(req.caseId, { type: 'withdraw', reason: req.reason }, ctx, reporter(ctx)),
  { texts: (r) => [r.reason] }
);
