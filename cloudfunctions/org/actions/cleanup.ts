// Admin only: confirming guessed facts, deleting a unit never used, and a unit's open cases.
import { z } from 'zod';
import { deleteRefusal, OPEN_CASE_STATUSES } from '../../../domain/units';
import { requireAdmin } from '../../../server/admin';
import { audit } from '../../../server/audit';
import { database, settle } from '../../../server/cloud';
import { COLLECTIONS } from '../../../server/collections';
import { REFERENCE_TTL_MS } from '../../../server/reference';
import { action, AppError } from '../../../server/function';
import { decodeCursor, listCases } from '../../../server/repos/cases';
import { caseUse, findUnit, listUnits, removeUnit } from '../../../server/repos/units';
import type { OpenCase } from '../../../typings/admin';
import type { Page } from '../../../typings/cases';
import { unitIdSchema } from '../views';

const categoryId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * Clears the `guess` flag of a unit or a category once its facts were checked; already clear writes
 * nothing. Requests: 4 (the admin and the document at once, the update, the audit entry).
 */
export const confirmGuess = action(
  z.union([z.strictObject({ unitId: unitIdSchema }), z.strictObject({ categoryId })]),
  async (req, ctx): Promise<{ id: string; guess: false }> => {
    const isUnit = 'unitId' in req;
    const id = isUnit ? req.unitId : req.categoryId;
    const collection = isUnit ? COLLECTIONS.units : COLLECTIONS.categories;
    const [admin, found] = await Promise.allSettled([
      requireAdmin(ctx),
      settle(database().collection(collection).where({ _id: id }).limit(1).get())
    ]);
    if (admin.status === 'rejected') throw admin.reason;
    if (found.status === 'rejected') throw found.reason;
    const doc = found.value.data[0] as { guess?: boolean } | undefined;
    if (!doc) throw new AppError(isUnit ? 'UNKNOWN_UNIT' : 'UNKNOWN_CATEGORY', id);
    if (doc.guess === true) {
      await settle(
        database()
          .collection(collection)
          .doc(id)
          .update({ data: { guess: false } })
      );
      await audit(
        {
          by: admin.value.by,
          action: 'org.confirmGuess',
          target: id,
          before: { guess: true },
          after: { guess: false }
        },
        ctx.now
      );
    }
    return { id, guess: false };
  }
);

/**
 * Deletes a unit nobody and nothing uses: not the district or a town, no open cases (else
 * UNIT_HAS_OPEN_CASES: deactivate it and reassign them), no sub-units, no staff, and no case that
 * names it; deactivated at least the reference cache window (60 s) before (UNIT_DEACTIVATE_FIRST). Requests: 7 (the admin, the units and the bound users at once, two case counts at once,
 * the removal, the audit entry).
 */
export const deleteUnit = action(z.strictObject({ unitId: unitIdSchema }), async ({ unitId }, ctx) => {
  const [admin, units, bound] = await Promise.allSettled([
    requireAdmin(ctx),
    listUnits(),
    settle(
      database()
        .collection(COLLECTIONS.users)
        .where({ unitId, role: database().command.in(['staff', 'admin']) })
        .count()
    )
  ]);
  if (admin.status === 'rejected') throw admin.reason;
  if (units.status === 'rejected') throw units.reason;
  if (bound.status === 'rejected') throw bound.reason;
  const all = units.value;
  const unit = all.find((u) => u._id === unitId);
  if (!unit) throw new AppError('UNKNOWN_UNIT', unitId);
  const use = await caseUse(unitId, unit.kind === 'department');
  const refused = deleteRefusal({
    kind: unit.kind,
    children: all.filter((u) => u.parentId === unitId).length,
    staff: Math.max(unit.staffOpenids?.length ?? 0, (bound.value as { total: number }).total),
    openCases: use.open,
    cases: use.any,
    settledInactive:
      unit.inactive === true &&
      !!unit.inactiveSince &&
      ctx.now.getTime() - new Date(unit.inactiveSince).getTime() >= REFERENCE_TTL_MS
  });
  if (refused) throw new AppError(refused, unitId);
  await removeUnit(unitId);
  const before = { name: unit.name, kind: unit.kind, parentId: unit.parentId };
  await audit({ by: admin.value.by, action: 'org.deleteUnit', target: unitId, before }, ctx.now);
  return { deleted: unitId };
});

/**
 * One page of a unit's cases not yet closed, newest first: those it holds, or for a department those
 * with its whistle in force. The district's staff reassign the `reassignable` ones (cases.handle
 * reassign); admins act on no case. Requests: 3 (the admin and the unit at once, the page).
 */
export const openCases = action(
  z.strictObject({ unitId: unitIdSchema, cursor: z.string().max(200).optional() }),
  async ({ unitId, cursor }, ctx): Promise<Page<OpenCase>> => {
    const [admin, found] = await Promise.allSettled([requireAdmin(ctx), findUnit(unitId)]);
    if (admin.status === 'rejected') throw admin.reason;
    if (found.status === 'rejected') throw found.reason;
    const unit = found.value;
    if (!unit) throw new AppError('UNKNOWN_UNIT', unitId);
    const department = unit.kind === 'department';
    const open = { status: database().command.in([...OPEN_CASE_STATUSES]) };
    const page = await listCases({
      where: department ? { whistledTo: unitId, ...open } : { unitId, ...open },
      order: 'createdAt',
      cursor: decodeCursor(cursor),
      limit: 30
    });
    return {
      items: page.items.map((c) => ({
        caseId: c._id,
        code: c.code,
        status: c.status,
        level: c.level,
        categoryName: c.categoryName,
        createdAt: new Date(c.createdAt).toISOString(),
        via: department ? 'whistle' : 'handling',
        reassignable: !department && (c.status === 'submitted' || c.status === 'accepted')
      })),
      nextCursor: page.nextCursor
    };
  }
);
