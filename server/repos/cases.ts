import { duplicateOf } from '../dbErrors';
import type { CaseRecord, TimelineEntry } from '../../domain/case';
import type { GeoPoint } from '../../typings/cases';
import { database, settle } from '../cloud';
import { COLLECTIONS } from '../collections';

/** A case as stored: the domain's record plus what it was filed with and its whole timeline. */
export interface CaseDoc extends CaseRecord {
  _id: string;
  code: string;
  /** Shanghai date 'YYYYMMDD' and that day's sequence number: together they make `code`. */
  day: string;
  seq: number;
  categoryName: string;
  description: string;
  photos: string[];
  /** Photos the media check reported risky: shown to the handling unit's staff only (server/photos.ts). */
  hiddenPhotos?: string[];
  location: GeoPoint | null;
  contactPhone: string | null;
  anonymous: boolean;
  rejectReason: string | null;
  /** The earliest open duty of a unit, or null (and null while paused): the index behind "overdue" queues. */
  dueAt: Date | null;
  /** When the deadline sweeper next has something to do here (a reminder, an overdue mark, an escalation), or null. */
  sweepAt?: Date | null;
  /** Whistled departments still owing a check-in or a result (index of their pending queue). */
  whistlePending?: string[];
  updatedAt: Date;
  timeline: TimelineEntry[];
}

const cases = () => database().collection(COLLECTIONS.cases);

export async function getCase(caseId: string): Promise<CaseDoc | null> {
  const res = await settle(cases().where({ _id: caseId }).limit(1).get());
  return (res.data[0] as CaseDoc | undefined) ?? null;
}

/** The highest sequence number used on a Shanghai day (0 if none). */
export async function lastSeqOfDay(day: string): Promise<number> {
  const res = await settle(cases().where({ day }).orderBy('seq', 'desc').limit(1).field({ seq: true }).get());
  return (res.data[0] as { seq?: number } | undefined)?.seq ?? 0;
}

/** Inserts a new case; says which unique key was taken when it already exists. */
export async function insertCase(doc: CaseDoc): Promise<'inserted' | 'duplicateId' | 'duplicateCode'> {
  try {
    await settle(cases().add({ data: doc }));
    return 'inserted';
  } catch (e) {
    // The duplicate key names its index: `_id_` for the id, otherwise the unique index on `code`.
    const dup = duplicateOf(e);
    if (dup) return dup.index === '_id_' ? 'duplicateId' : 'duplicateCode';
    throw e;
  }
}

/**
 * Applies a patch only if nobody changed the case since it was read (its `version`):
 * one request, and no update is ever lost. False when the version moved on.
 */
export async function updateCaseIfVersion(
  caseId: string,
  version: number,
  patch: Record<string, unknown>,
  entries: TimelineEntry | TimelineEntry[]
): Promise<boolean> {
  const _ = database().command;
  const list = Array.isArray(entries) ? entries : [entries];
  const res = await settle(
    cases()
      .where({ _id: caseId, version })
      .update({ data: list.length ? { ...patch, timeline: _.push(list) } : patch })
  );
  return (res as { stats?: { updated?: number } }).stats?.updated === 1;
}

export interface Cursor {
  key: number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.key, c.id])).toString('base64url');
}

export function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  try {
    const [key, id] = JSON.parse(Buffer.from(s, 'base64url').toString()) as [unknown, unknown];
    if (typeof key === 'number' && Number.isFinite(key) && typeof id === 'string' && id.length <= 64)
      return { key, id };
  } catch {
    /* fall through */
  }
  return null;
}

/** A case as the sweeper reads it: everything but the timeline, which it only appends to. */
export type SweepDoc = Omit<CaseDoc, 'timeline'>;

/**
 * One page of cases the sweeper must visit (`sweepAt` ≤ now), through the `sweep` index in
 * (sweepAt, _id) order; `after` continues past the last one seen, so a case that could not be
 * written is not read again in the same run.
 */
export async function listDueForSweep(
  now: Date,
  after: Cursor | null,
  limit: number
): Promise<{ items: SweepDoc[]; last: Cursor | null }> {
  const _ = database().command;
  const due = { sweepAt: _.lte(now) };
  const where = after
    ? _.and([
        due,
        _.or([{ sweepAt: _.gt(new Date(after.key)) }, { sweepAt: new Date(after.key), _id: _.gt(after.id) }])
      ])
    : due;
  const res = await settle(
    cases().where(where).orderBy('sweepAt', 'asc').orderBy('_id', 'asc').limit(limit).field({ timeline: false }).get()
  );
  const items = res.data as SweepDoc[];
  const tail = items[items.length - 1];
  return { items, last: tail && tail.sweepAt ? { key: new Date(tail.sweepAt).getTime(), id: tail._id } : null };
}

export interface ListQuery {
  /** Equality filters, each backed by an index in database/indexes.json. */
  where: Record<string, unknown>;
  /** 'createdAt' newest first, or 'dueAt' most urgent first. */
  order: 'createdAt' | 'dueAt';
  cursor: Cursor | null;
  limit: number;
  /** Only cases with a unit duty due before this time. */
  dueBefore?: Date;
}

const LIST_FIELDS = {
  _id: true,
  code: true,
  status: true,
  level: true,
  unitId: true,
  category: true,
  categoryName: true,
  communityId: true,
  description: true,
  createdAt: true,
  registeredUnitId: true,
  firstResponseDueAt: true,
  responseDueAt: true,
  resolveDueAt: true,
  firstReplyAt: true,
  acceptedAt: true,
  resolvedAt: true,
  ratedAt: true,
  ratedBy: true,
  dueAt: true,
  pausedAt: true,
  whistles: true,
  supervision: true
} as const;

export type CaseListDoc = Pick<CaseDoc, keyof typeof LIST_FIELDS>;

/** One page of cases through an index, with keyset paging (never skip): the cost of a page does not grow with the collection. */
export async function listCases(q: ListQuery): Promise<{ items: CaseListDoc[]; nextCursor: string | null }> {
  const _ = database().command;
  const desc = q.order === 'createdAt';
  const conditions: object[] = [q.where];
  if (q.dueBefore) conditions.push({ dueAt: _.lt(q.dueBefore) });
  if (q.cursor) {
    const at = new Date(q.cursor.key);
    const past = desc ? _.lt(at) : _.gt(at);
    const tie = desc ? _.lt(q.cursor.id) : _.gt(q.cursor.id);
    conditions.push(_.or([{ [q.order]: past }, { [q.order]: at, _id: tie }]));
  }
  const dir = desc ? 'desc' : 'asc';
  const res = await settle(
    cases()
      .where(conditions.length === 1 ? conditions[0] : _.and(conditions as never[]))
      .orderBy(q.order, dir)
      .orderBy('_id', dir)
      .limit(q.limit + 1)
      .field(LIST_FIELDS)
      .get()
  );
  const docs = res.data as CaseListDoc[];
  const items = docs.slice(0, q.limit);
  const last = items[items.length - 1];
  const more = docs.length > q.limit && last;
  const key = more ? (q.order === 'createdAt' ? last.createdAt : last.dueAt) : null;
  return { items, nextCursor: more && key ? encodeCursor({ key: new Date(key).getTime(), id: last._id }) : null };
}
