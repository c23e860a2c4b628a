// Reads and writes the local cloud's database directly (as the SDK would), to check what a function
// stored, or to stage a state no action produces (e.g. a write that failed half-way).
import { EJSON, type Document } from 'bson';
import type { TestCloud } from './localcloud';

type Answer = { data?: { list?: string[]; updated?: number }; code?: string; message?: string };

async function send(cloud: TestCloud, body: Record<string, unknown>): Promise<Answer> {
  const res = await cloud.request('POST', '/admin', body);
  return res.body as Answer;
}

/** The documents matching `query`, or null when the collection does not exist. */
export async function rawFind<T = Record<string, unknown>>(
  cloud: TestCloud,
  collection: string,
  query: Document = {}
): Promise<T[] | null> {
  const ans = await send(cloud, {
    action: 'database.getDocument',
    collectionName: collection,
    query: EJSON.stringify(query),
    limit: 1000
  });
  if (ans.code === 'DATABASE_COLLECTION_NOT_EXIST') return null;
  if (ans.code) throw new Error(`${ans.code}: ${ans.message}`);
  return (ans.data?.list ?? []).map((s) => EJSON.parse(s, { relaxed: true }) as T);
}

/** Inserts documents straight through the CloudBase API, `batch` a request, as an import script would. */
export async function rawInsert(
  cloud: TestCloud,
  collection: string,
  docs: readonly Document[],
  batch = 1000
): Promise<void> {
  for (let i = 0; i < docs.length; i += batch) {
    const ans = await send(cloud, {
      action: 'database.insertDocument',
      collectionName: collection,
      data: docs.slice(i, i + batch).map((d) => EJSON.stringify(d, { relaxed: false }))
    });
    if (ans.code) throw new Error(`${ans.code}: ${ans.message}`);
  }
}

/** Sets fields on the documents matching `query`; answers how many changed. */
export async function rawSet(cloud: TestCloud, collection: string, query: Document, fields: Document): Promise<number> {
  const ans = await send(cloud, {
    action: 'database.modifyDocument',
    collectionName: collection,
    query: EJSON.stringify(query),
    data: EJSON.stringify({ $set: fields }),
    multi: true,
    merge: true
  });
  if (ans.code) throw new Error(`${ans.code}: ${ans.message}`);
  return ans.data?.updated ?? 0;
}
