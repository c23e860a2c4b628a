import { OPEN_CASE_STATUSES } from '../../domain/units';
import { database, settle } from '../cloud';
import { COLLECTIONS } from '../collections';
import { AppError } from '../function';
import type { UnitDoc } from '../reference';
import { isMissingCollection } from './users';

/** One unit by id (one request), or null; SETUP_REQUIRED before setup created the collection. */
export async function findUnit(unitId: string): Promise<UnitDoc | null> {
  try {
    const res = await settle(database().collection(COLLECTIONS.units).where({ _id: unitId }).limit(1).get());
    return (res.data[0] as UnitDoc | undefined) ?? null;
  } catch (e) {
    if (isMissingCollection(e)) throw new AppError('SETUP_REQUIRED');
    throw e;
  }
}

/** The names of these units (one request for up to 100 ids; unknown ids are left out). */
export async function findUnitNames(unitIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return new Map();
  const _ = database().command;
  const res = await settle(
    database()
      .collection(COLLECTIONS.units)
      .where({ _id: _.in(ids) })
      .field({ _id: true, name: true })
      .limit(ids.length)
      .get()
  );
  return new Map((res.data as Array<{ _id: string; name: string }>).map((u) => [u._id, u.name]));
}

/** A unit as stored, with the fields the data file gives (code, fullName …). */
export type StoredUnit = UnitDoc & { code?: string; fullName?: string; inactiveSince?: Date | null };

/** Every unit (one request: the organisation is a few hundred units at most). */
export async function listUnits(): Promise<StoredUnit[]> {
  try {
    const res = await settle(database().collection(COLLECTIONS.units).limit(1000).get());
    return res.data as StoredUnit[];
  } catch (e) {
    if (isMissingCollection(e)) throw new AppError('SETUP_REQUIRED');
    throw e;
  }
}

/** Changes fields of one unit (one request). */
export async function updateUnit(unitId: string, data: Partial<Omit<StoredUnit, '_id'>>): Promise<void> {
  await settle(database().collection(COLLECTIONS.units).doc(unitId).update({ data }));
}

/** Adds a unit; false when its id is taken (one request). */
export async function insertUnit(doc: StoredUnit): Promise<boolean> {
  try {
    await settle(database().collection(COLLECTIONS.units).add({ data: doc }));
    return true;
  } catch (e) {
    if (/E11000|duplicate key/i.test(String((e as { errMsg?: string })?.errMsg ?? ''))) return false;
    throw e;
  }
}

/** Removes a unit (one request). */
export async function removeUnit(unitId: string): Promise<void> {
  await settle(database().collection(COLLECTIONS.units).doc(unitId).remove());
}

/**
 * How many cases name a unit: open ones it holds (or, for a department, with its whistle in force),
 * and any at all (held, filed at, whistled). Two counts at once, through the unit_status, community
 * and whistle_queue indexes.
 */
export async function caseUse(unitId: string, department: boolean): Promise<{ open: number; any: number }> {
  const db = database();
  const _ = db.command;
  const cases = db.collection(COLLECTIONS.cases);
  const open = { status: _.in([...OPEN_CASE_STATUSES]) };
  const [o, a] = await Promise.all([
    settle(cases.where(department ? { whistledTo: unitId, ...open } : { unitId, ...open }).count()),
    settle(
      cases
        .where(_.or([{ unitId }, { communityId: unitId }, { whistledTo: unitId }, { 'whistles.departmentId': unitId }]))
        .count()
    )
  ]);
  return { open: (o as { total: number }).total, any: (a as { total: number }).total };
}
