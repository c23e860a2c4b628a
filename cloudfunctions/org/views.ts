// How units look on the admin's unit page.
import { z } from 'zod';
import type { StoredUnit } from '../../server/repos/units';
import type { AdminUnit } from '../../typings/admin';

export const unitIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** A unit's name as pickers show it. */
export const unitNameSchema = z
  .string()
  .max(60)
  .transform((s) => s.trim())
  .refine((s) => s.length >= 1 && [...s].length <= 30, { error: 'NAME_INVALID' });

export function adminUnit(u: StoredUnit): AdminUnit {
  return {
    id: u._id,
    name: u.name,
    kind: u.kind,
    subKind: u.subKind ?? null,
    parentId: u.parentId,
    code: u.code ?? null,
    guess: u.guess === true,
    active: u.inactive !== true,
    staffCount: u.staffOpenids?.length ?? 0
  };
}
