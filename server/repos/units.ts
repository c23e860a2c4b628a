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
