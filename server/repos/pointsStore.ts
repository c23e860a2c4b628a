// Points data access beside the wallet's own (points.ts) and the stock's (pointsStock.ts): documents by
// id, adds that a repeated request finds done, typed transaction reads and writes, keyset pages of
// the lists, and the few queries the actions need. Every request goes through the one retry loop.
import { AppError } from '../function';
import { decodeCursor, encodeCursor } from './cases';
import { POINTS_COLLECTIONS as C, type ItemDoc, type SpendDoc } from './points';
import { duplicateOf, pointsDb, retrying, type Tx } from './pointsTx';

type Stored = { _id: string };

/** One document by id, or null. */
export async function getDoc<T>(collection: string, id: string): Promise<T | null> {
  const res = await retrying<{ data: unknown }>(() => pointsDb().collection(collection).doc(id).get());
  return (res.data as T | null) ?? null;
}

/** The documents with these ids that exist (one request; at most 1000 ids). */
export async function getDocs<T extends Stored>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const db = pointsDb();
  const res = await retrying<{ data: unknown[] }>(() =>
    db
      .collection(collection)
      .where({ _id: db.command.in(unique) })
      .limit(unique.length)
      .get()
  );
  return new Map((res.data as T[]).map((d) => [d._id, d]));
}

/** Adds a document whose id its request decides: 'exists' when that id is taken (the same request again). */
export async function addOnce(collection: string, doc: Stored): Promise<'added' | 'exists'> {
  try {
    await retrying(() => pointsDb().collection(collection).add({ data: doc }));
    return 'added';
  } catch (e) {
    if (duplicateOf(e)) return 'exists';
    throw e;
  }
}

/** One document in a transaction, or null. */
export async function txGet<T>(tx: Tx, collection: string, id: string): Promise<T | null> {
  return ((await tx.collection(collection).doc(id).get()).data as T | null) ?? null;
}

export async function txAdd(tx: Tx, collection: string, doc: Stored): Promise<void> {
  await tx.collection(collection).add({ data: doc });
}

/** Changes fields of a document in a transaction; false when no document has this id. */
export async function txUpdate(tx: Tx, collection: string, id: string, change: object): Promise<boolean> {
  const res = await tx.collection(collection).doc(id).update({ data: change });
  return (res.stats?.updated ?? 0) > 0;
}

/** An update value that replaces a field whole (update() would merge an object into a null field, which MongoDB refuses). */
export function whole(value: object): unknown {
  return pointsDb().command.set(value);
}

/** The field a list is ordered by, newest first: a date, or an account's entry number. */
export type ListKey = 'seq' | 'createdAt' | 'at' | 'requestedAt';

export interface ListQuery {
  collection: string;
  /** Equality filters, each the head of an index in database/indexes.json that ends with (key, _id). */
  where: Record<string, unknown>;
  key: ListKey;
  /** From the previous page's nextCursor; none for the first page. */
  cursor: string | undefined;
  limit: number;
}

/**
 * One page, newest first, by key (never skip): `(key, _id) < cursor`, ordered by (key, _id) descending,
 * so a page costs the same however deep it is, and rows written meanwhile never shift the next page.
 */
export async function listPage<T extends Stored>(q: ListQuery): Promise<{ items: T[]; nextCursor: string | null }> {
  const after = decodeCursor(q.cursor);
  if (q.cursor && !after) throw new AppError('FIELD_INVALID', 'cursor');
  const db = pointsDb();
  const _ = db.command;
  const value = (key: number): unknown => (q.key === 'seq' ? key : new Date(key));
  const where = after
    ? _.and([q.where, _.or([{ [q.key]: _.lt(value(after.key)) }, { [q.key]: value(after.key), _id: _.lt(after.id) }])])
    : q.where;
  const res = await retrying<{ data: unknown[] }>(() =>
    db
      .collection(q.collection)
      .where(where)
      .orderBy(q.key, 'desc')
      .orderBy('_id', 'desc')
      .limit(q.limit + 1)
      .get()
  );
  const docs = res.data as T[];
  const items = docs.slice(0, q.limit);
  const last = items[items.length - 1] as (T & Partial<Record<ListKey, number | Date>>) | undefined;
  if (docs.length <= q.limit || !last) return { items, nextCursor: null };
  const raw = last[q.key];
  const key = raw instanceof Date ? raw.getTime() : Number(raw);
  return { items, nextCursor: encodeCursor({ key, id: last._id }) };
}

/** The order a pickup code names in a community, found by its unique key, or null. */
export async function orderByPickup(pickupKey: string): Promise<SpendDoc | null> {
  const res = await retrying<{ data: unknown[] }>(() =>
    pointsDb().collection(C.ledger).where({ uniqueKey: pickupKey }).limit(1).get()
  );
  return (res.data[0] as SpendDoc | undefined) ?? null;
}

/** A community's items in the order they were added (at most `max`). */
export async function itemsOf(communityId: string, max: number): Promise<ItemDoc[]> {
  const res = await retrying<{ data: unknown[] }>(() =>
    pointsDb().collection(C.items).where({ communityId }).orderBy('createdAt', 'asc').limit(max).get()
  );
  return res.data as ItemDoc[];
}

/** Wallets with lots lapsed by `now`, earliest first (at most `max`). */
export async function walletsDue(now: Date, max: number): Promise<string[]> {
  const db = pointsDb();
  const res = await retrying<{ data: unknown[] }>(() =>
    db
      .collection(C.accounts)
      .where({ nextExpiry: db.command.lte(now) })
      .orderBy('nextExpiry', 'asc')
      .limit(max)
      .field({ _id: true })
      .get()
  );
  return (res.data as Stored[]).map((d) => d._id);
}

/** One more failed verification on a counter, unless it holds `limit` already: false when it is full or missing. */
export async function incAttempts(id: string, limit: number): Promise<boolean> {
  const db = pointsDb();
  const _ = db.command;
  const res = await retrying<{ stats: { updated: number } }>(() =>
    db
      .collection(C.verifyLimits)
      .where({ _id: id, failures: _.lt(limit) })
      .update({ data: { failures: _.inc(1) } })
  );
  return res.stats.updated > 0;
}

/** Gives one verification back (the code named an order). */
export async function decAttempts(id: string): Promise<void> {
  const db = pointsDb();
  await retrying(() =>
    db
      .collection(C.verifyLimits)
      .doc(id)
      .update({ data: { failures: db.command.inc(-1) } })
  );
}

/** Removes the counters that expired by `now`; answers how many. */
export async function dropAttempts(now: Date): Promise<number> {
  const db = pointsDb();
  const res = await retrying<{ stats?: { removed?: number } }>(() =>
    db
      .collection(C.verifyLimits)
      .where({ expiresAt: db.command.lte(now) })
      .remove()
  );
  return res.stats?.removed ?? 0;
}
