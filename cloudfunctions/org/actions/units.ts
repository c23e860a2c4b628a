// Admin only: the organisation's units. None of these takes free text others read without an admin
// typing it: admins answer for it through the audit log, so no content check is spent on it.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { communityCodeProblem } from '../../../domain/units';
import { adminWith } from '../../../server/admin';
import { audit } from '../../../server/audit';
import { database, settle } from '../../../server/cloud';
import { COLLECTIONS } from '../../../server/collections';
import { ensureCounterYears } from '../../../server/counters';
import { action, AppError, type ActionContext } from '../../../server/function';
import { findUnit, insertUnit, listUnits, updateUnit, type StoredUnit } from '../../../server/repos/units';
import type { AdminUnit } from '../../../typings/admin';
import { adminUnit, unitIdSchema, unitNameSchema } from '../views';

/** Every unit, inactive ones too. Requests: 2 (the admin check and the units at once). */
export const units = action(z.strictObject({}), async (_input, ctx): Promise<AdminUnit[]> => {
  const { value: all } = await adminWith(ctx, listUnits());
  return all.map(adminUnit).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
});

/** Reads the admin and the unit at once; the admin check decides first. */
async function adminAndUnit(ctx: ActionContext, unitId: string): Promise<{ by: string; unit: StoredUnit }> {
  const { by, value } = await adminWith(ctx, findUnit(unitId));
  if (!value) throw new AppError('UNKNOWN_UNIT', unitId);
  return { by, unit: value };
}

/**
 * Renames a unit; staff bindings carry the unit's name too and follow. Cases keep the unit's id, so
 * their pages show the new name once the reference cache (60 s) renews. Requests: 5 (the admin and
 * the unit at once, the unit, its bindings, the audit entry).
 */
export const renameUnit = action(
  z.strictObject({ unitId: unitIdSchema, name: unitNameSchema }),
  async ({ unitId, name }, ctx): Promise<AdminUnit> => {
    const { by, unit } = await adminAndUnit(ctx, unitId);
    if (unit.name === name) return adminUnit(unit);
    await updateUnit(unitId, { name });
    await settle(
      database()
        .collection(COLLECTIONS.users)
        .where({ unitId })
        .update({ data: { unitName: name } })
    );
    await audit(
      { by, action: 'org.renameUnit', target: unitId, before: { name: unit.name }, after: { name } },
      ctx.now
    );
    return adminUnit({ ...unit, name });
  }
);

const addInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('community'),
    townId: unitIdSchema,
    name: unitNameSchema,
    code: z.string().max(12),
    subKind: z.enum(['community', 'village']).optional()
  }),
  z.strictObject({ kind: z.literal('department'), name: unitNameSchema, fullName: unitNameSchema.optional() })
]);

/**
 * Adds a community under a town (its id is its 12-digit code, which shares the town's first 9) or a
 * district department (id dept-…), with its assessment counters, so counting a case at it is one
 * write. Requests: 6 (the admin and the units at once, the unit, the counters read and insert, the audit entry).
 */
export const addUnit = action(addInput, async (req, ctx): Promise<AdminUnit> => {
  const { by, value: all } = await adminWith(ctx, listUnits());
  const district = all.find((u) => u.kind === 'district');
  if (!district) throw new AppError('SETUP_REQUIRED', 'no district');
  let doc: StoredUnit;
  if (req.kind === 'community') {
    const town = all.find((u) => u._id === req.townId);
    if (!town) throw new AppError('UNKNOWN_UNIT', req.townId);
    if (town.kind !== 'town') throw new AppError('NOT_A_TOWN', req.townId);
    if (town.inactive) throw new AppError('UNIT_INACTIVE', req.townId);
    const problem = communityCodeProblem(req.code, town.code ?? town._id);
    if (problem) throw new AppError(problem, req.code);
    doc = {
      _id: req.code,
      name: req.name,
      kind: 'community',
      level: 'community',
      parentId: town._id,
      subKind: req.subKind ?? 'community',
      code: req.code,
      guess: false,
      staffOpenids: []
    };
  } else {
    if (all.some((u) => u.kind === 'department' && u.name === req.name)) throw new AppError('UNIT_EXISTS', req.name);
    doc = {
      _id: `dept-${randomBytes(5).toString('hex')}`,
      name: req.name,
      kind: 'department',
      level: null,
      parentId: district._id,
      guess: false,
      staffOpenids: [],
      ...(req.fullName ? { fullName: req.fullName } : {})
    };
  }
  if (all.some((u) => u._id === doc._id) || !(await insertUnit(doc))) throw new AppError('UNIT_EXISTS', doc._id);
  await ensureCounterYears([doc._id], ctx.now);
  const view = adminUnit(doc);
  await audit({ by, action: 'org.addUnit', target: doc._id, after: view }, ctx.now);
  return view;
});

/**
 * Deactivates a unit (routing passes it over for the active unit above; transfers, reassignment,
 * whistles and invites to it are refused) or reactivates it. Its open cases stay where they are until
 * the district reassigns them (org.openCases lists them). In force for new cases within the reference
 * cache window (60 s). Requests: 4 (the admin and the unit at once, the unit, the audit entry).
 */
export const setUnitActive = action(
  z.strictObject({ unitId: unitIdSchema, active: z.boolean() }),
  async ({ unitId, active }, ctx): Promise<AdminUnit> => {
    const { by, unit } = await adminAndUnit(ctx, unitId);
    if (unit.kind === 'district') throw new AppError('DISTRICT_ALWAYS_ACTIVE');
    if ((unit.inactive !== true) === active) return adminUnit(unit);
    await updateUnit(unitId, { inactive: !active, inactiveSince: active ? null : ctx.now });
    await audit(
      { by, action: 'org.setUnitActive', target: unitId, before: { active: !active }, after: { active } },
      ctx.now
    );
    return adminUnit({ ...unit, inactive: !active });
  }
);
