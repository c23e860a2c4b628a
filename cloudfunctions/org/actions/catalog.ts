import { z } from 'zod';
import { CLIENT_LIMITS } from '../../../domain/limits';
import { action } from '../../../server/function';
import { requireOpenid } from '../../../server/identity';
import { loadReference } from '../../../server/reference';
import type { OrgCatalog } from '../../../typings/org';

/**
 * Categories, the district, towns → communities and departments for pickers (active units only: a
 * deactivated one takes no new cases), from the cached reference data (0–3 requests), the input limits
 * forms keep to, and the subscribe-message template ids stored by setup.setRules (notify).
 */
export const catalog = action(z.object({}).strict(), async (_input, ctx): Promise<OrgCatalog> => {
  requireOpenid(ctx); // only the mini-program (and trusted timers) call without a user; the catalog is for the app
  const ref = await loadReference(ctx.now);
  const units = [...ref.units.values()].filter((u) => !u.inactive);
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const towns = units
    .filter((u) => u.kind === 'town')
    .sort(byId)
    .map((t) => ({
      id: t.id,
      name: t.name,
      communities: units
        .filter((c) => c.kind === 'community' && c.parentId === t.id)
        .sort(byId)
        .map((c) => ({ id: c.id, name: c.name }))
    }));
  const categories = [...ref.categories.values()].map((c) => ({ id: c._id, name: c.name }));
  const district = units.find((u) => u.kind === 'district');
  if (!district) throw new Error('reference data has no district unit');
  const departments = units.filter((u) => u.kind === 'department').map((u) => ({ id: u.id, name: u.name }));
  const t = ref.templates;
  const distinct = (ids: string[]) => ids.filter((id, i) => id && ids.indexOf(id) === i);
  return {
    categories,
    district: { id: district.id, name: district.name },
    towns,
    departments,
    limits: CLIENT_LIMITS,
    subscribe: {
      // At most 3 per request: the report form asks for the first three (accepted or rejected, resolved), the case page the rest.
      resident: distinct([t.caseAccepted, t.caseRejected, t.caseResolved, t.caseReplied]),
      staff: distinct([t.caseAssigned, t.caseWhistled, t.caseDue, t.caseSupervised])
    }
  };
});
