import { z } from 'zod';
import { mayBeSentOnSite, maySendOnSite } from '../../../domain/access';
import type { DispatchCandidate } from '../../../typings/cases';
import { action, AppError } from '../../../server/function';
import { requireStaff } from '../../../server/identity';
import { loadReference } from '../../../server/reference';
import { getCase } from '../../../server/repos/cases';
import { ensureStaffId, listUnitStaff } from '../../../server/repos/staff';
import { caseId } from '../../../server/schemas';

/** Colleagues listed per unit: a unit's on-duty staff fit in one page. */
const PER_UNIT = 50;

/**
 * 派员到场: whom the caller may send on site, by name and opaque id (never an openid): staff of the
 * caller's own unit and of the community where it happened (属地), as access.ts allows; never the
 * reporter. Only for a caller who may send (the same rule as cases.dispatch). Requests: the caller
 * (0–1), the case (1), one page per unit (1–2).
 */
export const dispatchCandidates = action(
  z.object({ caseId }).strict(),
  async (req, ctx): Promise<DispatchCandidate[]> => {
    const ref = await loadReference(ctx.now);
    const [viewer, doc] = await Promise.all([requireStaff(ctx, ref), getCase(req.caseId)]);
    if (!doc || !maySendOnSite(viewer.unit.id, doc, ref.units)) throw new AppError('NOT_FOUND', req.caseId);
    const unitIds = [viewer.unit.id, doc.communityId].filter(
      (id, i, all) => all.indexOf(id) === i && mayBeSentOnSite(id, doc, ref.units)
    );
    const pages = await Promise.all(unitIds.map((id) => listUnitStaff(id, null, PER_UNIT)));
    const users = pages.flatMap((p) => p.items).filter((u) => u.role === 'staff' && u._id !== doc.reporterId);
    return Promise.all(
      users.map(async (u) => ({
        staffId: await ensureStaffId(u),
        name: u.name ?? null,
        unitId: u.unitId ?? '',
        unitName: ref.units.get(u.unitId ?? '')?.name ?? u.unitName ?? '',
        self: u._id === viewer.openid
      }))
    );
  }
);
