// Bulk steps (seeding, preparing counter documents): create collections, find which documents
// exist, insert the others.
import chunk from 'lodash/chunk';
import { database, settle } from './cloud';
import { duplicateOf } from './dbErrors';
import { isMissingCollection } from './repos/users';

// A get answers at most 1000 documents; batches stay far below request size limits.
const ID_CHUNK = 500;
const INSERT_CHUNK = 200;

type SeedDoc = { _id: string };

function errorText(e: unknown): string {
  const err = e as { errMsg?: unknown; message?: unknown } | null | undefined;
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return `${text(err?.errMsg)} ${text(err?.message)}`;
}

// wx-server-sdk has no errCode for these two, so they are told apart by CloudBase's wording.
function isAlreadyExists(e: unknown): boolean {
  return /ResourceInUse|Table exist|already exist/i.test(errorText(e));
}

/** Creates a collection; false when it already existed. */
export async function createCollection(name: string): Promise<boolean> {
  try {
    await settle(database().createCollection(name));
    return true;
  } catch (e) {
    if (isAlreadyExists(e)) return false;
    throw e;
  }
}

export interface Existing {
  ids: Set<string>;
  /** The collection was missing and this run created it. */
  created: boolean;
}

/** Which of `ids` exist in the collection (one request per 500 ids); creates a missing collection. */
export async function existingIds(name: string, ids: readonly string[]): Promise<Existing> {
  const db = database();
  const found = new Set<string>();
  try {
    for (const part of chunk(ids, ID_CHUNK)) {
      const res = await settle(
        db
          .collection(name)
          .where({ _id: db.command.in(part) })
          .field({ _id: true })
          .limit(1000)
          .get()
      );
      for (const d of res.data as Array<{ _id: string }>) found.add(d._id);
    }
  } catch (e) {
    if (!isMissingCollection(e)) throw e;
    return { ids: found, created: await createCollection(name) };
  }
  return { ids: found, created: false };
}

async function insertAll(name: string, docs: readonly SeedDoc[]): Promise<void> {
  const coll = database().collection(name);
  for (const part of chunk(docs, INSERT_CHUNK)) {
    // wx-server-sdk 4 sends an array as one insertDocument (batch insert); its typings only show one document.
    await settle(coll.add({ data: part }));
  }
}

/**
 * Inserts the documents not in `existing`, never touching the others (an admin's edit survives);
 * answers the ids inserted. One request per 200 documents.
 */
export async function insertMissing(
  name: string,
  docs: readonly SeedDoc[],
  existing: ReadonlySet<string>
): Promise<string[]> {
  let missing = docs.filter((d) => !existing.has(d._id));
  try {
    await insertAll(name, missing);
  } catch (e) {
    if (!duplicateOf(e)) throw e;
    // Another run got there first (or a batch landed in part): insert what is still missing.
    const again = await existingIds(
      name,
      docs.map((d) => d._id)
    );
    missing = missing.filter((d) => !again.ids.has(d._id));
    await insertAll(name, missing);
  }
  return missing.map((d) => d._id);
}
