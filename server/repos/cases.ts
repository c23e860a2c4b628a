import { randomBytes } from 'node:crypto';
import { duplicateOf } from '../dbErrors';
import { MAX_DAILY_SEQ } from '../../domain/caseCode';
import { AppError } from '../function';
import type { CaseRecord, Notice, TimelineEntry } from '../../domain/case';
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
  /** The reporter's name as told (cases.register); never leaves through the partner API. */
  reporterName?: string | null;
  anonymous: boolean;
  rejectReason: string | null;
  /** The earliest open duty of a unit, or null (and null while paused): the index behind "overdue" queues. */
  dueAt: Date | null;
  /** When the deadline sweeper next has something to do here (a reminder, an overdue mark, an escalation), or null. */
  sweepAt?: Date | null;
  /** Whistled departments still owing a check-in or a result (index of their pending queue). */
  whistlePending?: string[];
  /** A new case's staff notices and partner event, left for the outbox timer (submit writes nothing else). */
  outbox?: Notice[];
  /** Since when the outbox waits (index `outbox`); removed once sent. */
  outboxAt?: Date;
  updatedAt: Date;
  timeline: TimelineEntry[];
}

const cases = () => database().collection(COLLECTIONS.cases);

export async function getCase(caseId: string): Promise<CaseDoc | null> {
  const res = await settle(cases().where({ _id: caseId }).limit(1).get());
  return (res.data[0] as CaseDoc | undefined) ?? null;
}

/** The highest sequence number used on a Shanghai day (0 if none). */
async function lastSeqOfDay(day: string): Promise<number> {
  const res = await settle(cases().where({ day }).orderBy('seq', 'desc').limit(1).field({ seq: true }).get());
  return (res.data[0] as { seq?: number } | undefined)?.seq ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Case numbers: DDK-YYYYMMDD-NNNN, unique, and no caller ever retries or queues behind another.
//
// A day's counter document (`caseNumbers/<day>`) lists the blocks of numbers reserved that day, in
// the order they were reserved: block k holds numbers base + k·size + 1 … base + (k+1)·size. A function
// instance reserves a block with ONE atomic update (it appends its own token; wx-server-sdk's update
// answers no value, so a read then finds the token's place), and hands the block out from memory:
// most submits spend no request on their number. Callers finding the block used up share the
// reservation in flight while it has numbers to spare, or start their own: nobody re-reads a last
// number and retries. Numbers an instance reserved but never used (it was recycled, or the day ended)
// are gaps; numbers are unique, but across instances not in filing order.

/** Numbers a function instance reserves at once. */
export const CASE_NUMBER_BLOCK = 20;

const caseNumbers = () => database().collection(COLLECTIONS.caseNumbers);

interface DayNumbers {
  /** The day's highest number filed before its counter existed (0 unless the counter came mid-day). */
  base: number;
  /** Numbers per block, fixed for the day when it opens. */
  size: number;
  /** The tokens of the reservations, in the order they were made. */
  blocks: string[];
}

/** A reserved block: its first number and how many it holds. */
interface Block {
  first: number;
  size: number;
}

/**
 * Reserves a block of `day` (an update and a read; the day's first reservation instead reads the
 * highest number filed that day and creates the counter).
 */
async function reserveBlock(day: string, size: number): Promise<Block> {
  const _ = database().command;
  const token = randomBytes(9).toString('base64url');
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await settle(
      caseNumbers()
        .where({ _id: day })
        .update({ data: { blocks: _.push([token]) } })
    );
    if ((res as { stats?: { updated?: number } }).stats?.updated === 1) return blockOf(day, token);
    const base = await lastSeqOfDay(day);
    try {
      const opened: DayNumbers = { base, size, blocks: [token] };
      await settle(caseNumbers().add({ data: { _id: day, ...opened } }));
      return { first: base + 1, size };
    } catch (e) {
      if (!duplicateOf(e)) throw e; // another instance opened the day first: reserve on its counter
    }
  }
  throw new Error(`case numbers of ${day} could not be reserved`);
}

/** Where the token's block sits in the day's list (a read may lag its write once: read again). */
async function blockOf(day: string, token: string): Promise<Block> {
  for (let read = 0; read < 3; read++) {
    const res = await settle(caseNumbers().where({ _id: day }).limit(1).get());
    const doc = res.data[0] as DayNumbers | undefined;
    const k = doc ? doc.blocks.indexOf(token) : -1;
    if (doc && k >= 0) return { first: doc.base + k * doc.size + 1, size: doc.size };
  }
  throw new Error(`case number block ${token} of ${day} not found`);
}

interface Reservation {
  day: string;
  /** Numbers of the block promised to callers so far. */
  claimed: number;
  block: Promise<Block>;
}

/** One function instance's case numbers: a block reserved at a time, handed out from memory. */
class CaseNumbers {
  private day = '';
  /** Reserved numbers of `day` not handed out yet, ascending. */
  private free: number[] = [];
  private inFlight: Reservation[] = [];

  constructor(private readonly size = CASE_NUMBER_BLOCK) {}

  /** A number of `day` nobody else has: from this instance's block, or from a reservation. */
  async take(day: string): Promise<number> {
    if (day !== this.day) {
      this.day = day; // the last day's unused numbers are gaps
      this.free = [];
    }
    const n = this.free.shift();
    if (n !== undefined) return n;
    const r = this.inFlight.find((x) => x.day === day && x.claimed < this.size) ?? this.reserve(day);
    const k = r.claimed++;
    const b = await r.block;
    return k < b.size ? b.first + k : this.take(day); // a block smaller than asked (the day opened so)
  }

  /** A number taken and not used (the submit was refused): the next case of that day gets it. */
  giveBack(day: string, n: number): void {
    if (day !== this.day) return;
    this.free.push(n);
    this.free.sort((a, b) => a - b);
  }

  private reserve(day: string): Reservation {
    const r: Reservation = { day, claimed: 0, block: reserveBlock(day, this.size) };
    this.inFlight.push(r);
    const settled = () => void (this.inFlight = this.inFlight.filter((x) => x !== r));
    // Registered before any claimer awaits, so it runs first: the block's unclaimed rest joins the pool.
    r.block.then((got) => {
      settled();
      if (this.day !== day) return;
      for (let i = r.claimed; i < got.size; i++) this.free.push(got.first + i);
      this.free.sort((a, b) => a - b);
    }, settled);
    return r;
  }
}

/** This function instance's numbers. */
const instanceNumbers = new CaseNumbers();

/** Starts taking a number of `day` for a new case (usually no request): give it back if the case is not filed. */
export function takeCaseNumber(day: string): Promise<number> {
  return instanceNumbers.take(day);
}

/**
 * The day's next number for a case filed without waiting on anything else (register, the nightly
 * job): CASE_NUMBERS_USED_UP past the day's last, with that number given back.
 */
export async function nextCaseNumber(day: string): Promise<number> {
  const number = takeCaseNumber(day);
  const seq = await number;
  if (seq <= MAX_DAILY_SEQ) return seq;
  giveBackCaseNumber(day, number);
  throw new AppError('CASE_NUMBERS_USED_UP', day);
}

/** A number taken for a case that was not filed after all. */
export function giveBackCaseNumber(day: string, seq: Promise<number>): void {
  seq.then(
    (n) => instanceNumbers.giveBack(day, n),
    () => undefined
  );
}

/**
 * Stores a new case under the number it was built with (one insert). Answers the case stored, or the
 * case already stored under its id (the id names the caller's request, so that is this very submit,
 * retried; its number goes back). Should the number be taken after all (only if a day's counter were
 * lost), the case takes the next one (`renumber` builds the document for a number).
 */
export async function insertNumberedCase(
  day: string,
  first: CaseDoc,
  renumber: (seq: number) => CaseDoc
): Promise<{ doc: CaseDoc; inserted: boolean }> {
  let doc = first;
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await insertCase(doc);
    if (outcome === 'inserted') return { doc, inserted: true };
    if (outcome === 'duplicateId') {
      instanceNumbers.giveBack(day, doc.seq);
      const existing = await getCase(doc._id);
      if (existing) return { doc: existing, inserted: false };
      throw new Error(`case ${doc._id} exists and cannot be read`);
    }
    doc = renumber(await instanceNumbers.take(day));
  }
  throw new Error(`no free case number on ${day}`);
}

/** Inserts a new case; says which unique key was taken when it already exists. */
async function insertCase(doc: CaseDoc): Promise<'inserted' | 'duplicateId' | 'duplicateCode'> {
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
  entries: TimelineEntry | TimelineEntry[],
  takeOutbox = false
): Promise<boolean> {
  const _ = database().command;
  const list = Array.isArray(entries) ? entries : [entries];
  // Taking the outbox with the change: only while it is still there, so it leaves once (see claimOutbox).
  const data = takeOutbox ? { ...patch, outbox: _.remove(), outboxAt: _.remove() } : patch;
  const res = await settle(
    cases()
      .where(takeOutbox ? { _id: caseId, version, outboxAt: _.exists(true) } : { _id: caseId, version })
      .update({ data: list.length ? { ...data, timeline: _.push(list) } : data })
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

/** New cases whose outbox waits, oldest first (index `outbox`): one page. */
export async function listOutbox(now: Date, limit: number): Promise<SweepDoc[]> {
  const _ = database().command;
  const res = await settle(
    cases()
      .where({ outboxAt: _.lte(now) })
      .orderBy('outboxAt', 'asc')
      .limit(limit)
      .field({ timeline: false })
      .get()
  );
  return res.data as SweepDoc[];
}

/** Claims a case's outbox (one update): true for the one run that removed it, so nothing is sent twice. */
export async function claimOutbox(caseId: string): Promise<boolean> {
  const _ = database().command;
  const res = (await settle(
    cases()
      .where({ _id: caseId, outboxAt: _.exists(true) })
      .update({ data: { outbox: _.remove(), outboxAt: _.remove() } })
  )) as { stats?: { updated?: number } };
  return res.stats?.updated === 1;
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
  pauseRequest: true,
  whistles: true,
  supervision: true,
  channel: true,
  // 关注 (cases.follow): how many residents share the case, its weight in the queue row
  followers: true
} as const;

export type CaseListDoc = Pick<CaseDoc, Exclude<keyof typeof LIST_FIELDS, 'followers'>> & { followers?: number };

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
