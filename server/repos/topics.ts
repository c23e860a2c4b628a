// Deliberation topics, their comments, ballots and followers. A topic document carries its stage, its
// windows, the open vote's running tally and its append-only record; every change is conditional on the
// version it was decided from, so two council members (or the sweeper) never both apply a step.
import { createHash } from 'node:crypto';
import { nextDue, type Entry, type Step, type Tally, type TopicState } from '../../domain/deliberation';
import type { VoteChoice, VoteCounts, VotingBody } from '../../typings/deliberation';
import { AppError } from '../function';
import { settle } from '../cloud';
import { DELIBERATION_COLLECTIONS as C } from './deliberationCollections';
import { listPage } from './pointsStore';
import { DuplicateKeyError, pointsDb, retrying, transact } from './pointsTx';

export interface TopicDoc extends TopicState {
  _id: string;
  communityId: string;
  title: string;
  text: string;
  photos: string[];
  /** The proposer's openid: only for "mine" and their notices, never shown. */
  proposerId: string;
  createdAt: Date;
  entries: Entry[];
  result: (VoteCounts & { passed: boolean; body: VotingBody }) | null;
  /** When the sweeper must next look (the `due` index); null when nothing is due. */
  dueAt: Date | null;
  version: number;
}

export interface CommentDoc {
  _id: string;
  topicId: string;
  round: 'opinions' | 'draft';
  text: string;
  at: Date;
  authorId: string;
}

const db = () => pointsDb();

/** A proposal's id from who sent it and their request id: the same request twice stores one topic. */
export function topicIdOf(openid: string, requestId: string): string {
  return `t${createHash('sha256').update(`${openid}\n${requestId}`).digest('hex').slice(0, 23)}`;
}

/** Stores a new topic; false when its id is taken (the same request again). Requests: 1. */
export async function insertTopic(doc: TopicDoc): Promise<boolean> {
  try {
    await retrying(() => db().collection(C.topics).add({ data: doc }));
    return true;
  } catch (e) {
    if (e instanceof DuplicateKeyError || /E11000|duplicate key/i.test(String((e as Error)?.message))) return false;
    throw e;
  }
}

/** One request; dates as Date. */
export async function findTopic(topicId: string): Promise<TopicDoc | null> {
  const res = await retrying<{ data: unknown }>(() => db().collection(C.topics).doc(topicId).get());
  return (res.data as TopicDoc | null) ?? null;
}

/**
 * Applies a decided step: the patch, the entries appended, the sweeper's next look and version + 1,
 * if the topic is still at `doc.version`. False when someone else changed it first. Requests: 1.
 */
export async function applyStep(doc: TopicDoc, step: Step): Promise<TopicDoc | null> {
  const _ = db().command;
  const next = {
    ...doc,
    ...step.patch,
    entries: [...doc.entries, ...step.entries],
    version: doc.version + 1
  };
  next.dueAt = nextDue(next);
  const data: Record<string, unknown> = { version: next.version, dueAt: next.dueAt };
  for (const [k, v] of Object.entries(step.patch)) {
    // Objects replace whole: update() would merge into a null field, which MongoDB refuses.
    data[k] = v !== null && typeof v === 'object' && !(v instanceof Date) ? _.set(v) : v;
  }
  if (step.entries.length) data.entries = _.push(step.entries);
  const res = await retrying<{ stats?: { updated?: number } }>(() =>
    db().collection(C.topics).where({ _id: doc._id, version: doc.version }).update({ data })
  );
  return res.stats?.updated === 1 ? next : null;
}

export async function listTopics(
  communityId: string,
  stage: string | undefined,
  cursor: string | undefined,
  limit: number
) {
  const where: Record<string, unknown> = stage ? { communityId, stage } : { communityId };
  return listPage<TopicDoc>({ collection: C.topics, where, key: 'createdAt', cursor, limit });
}

export async function addComment(doc: CommentDoc): Promise<void> {
  await retrying(() => db().collection(C.topicComments).add({ data: doc }));
}

export async function listComments(topicId: string, cursor: string | undefined, limit: number) {
  return listPage<CommentDoc>({ collection: C.topicComments, where: { topicId }, key: 'at', cursor, limit });
}

export async function countComments(topicId: string): Promise<number> {
  const res = await retrying<{ total: number }>(() => db().collection(C.topicComments).where({ topicId }).count());
  return res.total;
}

const ballotId = (topicId: string, seat: string): string => `${topicId}:${seat}`;

/**
 * Casts one ballot: in one transaction, re-reads the topic (still voting, decided by `decide` on what it
 * reads), adds the ballot under the seat's id (a second one is ALREADY_VOTED) and writes the running tally
 * onto the topic, so closing reads one document. A close committed meanwhile conflicts and the retry
 * sees it closed. Requests: 5 (start, read, add, update, commit).
 */
export async function castBallot(
  topicId: string,
  seat: string,
  choice: VoteChoice,
  decide: (t: TopicDoc) => Tally,
  now: Date
): Promise<void> {
  try {
    await transact(
      async (tx) => {
        const got = (await tx.collection(C.topics).doc(topicId).get()).data as TopicDoc | null;
        if (!got) throw new AppError('NOT_FOUND', topicId);
        const tally = decide(got);
        await tx.collection(C.topicVotes).add({ data: { _id: ballotId(topicId, seat), topicId, choice, at: now } });
        await tx
          .collection(C.topics)
          .doc(topicId)
          .update({ data: { tally: db().command.set(tally), version: got.version + 1 } });
      },
      { attempts: 40, budgetMs: 8000 }
    );
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw new AppError('ALREADY_VOTED');
    if (e instanceof AppError && e.code === 'POINTS_BUSY') throw new AppError('TOPIC_BUSY', e.detail);
    throw e;
  }
}

/** Whether this seat has cast its ballot (one request by id). */
export async function hasVoted(topicId: string, seat: string): Promise<boolean> {
  const res = await retrying<{ data: unknown }>(() => db().collection(C.topicVotes).doc(ballotId(topicId, seat)).get());
  return res.data !== null && res.data !== undefined;
}

const followId = (topicId: string, openid: string): string => `${topicId}:${openid}`;

export async function setFollow(topicId: string, openid: string, follow: boolean, now: Date): Promise<void> {
  const ref = db().collection(C.topicFollows).doc(followId(topicId, openid));
  if (follow) await retrying(() => ref.set({ data: { topicId, openid, at: now } }));
  else await retrying(() => ref.remove());
}

export async function isFollowing(topicId: string, openid: string): Promise<boolean> {
  const res = await retrying<{ data: unknown }>(() =>
    db().collection(C.topicFollows).doc(followId(topicId, openid)).get()
  );
  return res.data !== null && res.data !== undefined;
}

/** Who follows the topic (one request, at most 1000: the messages of a stage). */
export async function followersOf(topicId: string): Promise<string[]> {
  const res = await retrying<{ data: unknown[] }>(() =>
    db().collection(C.topicFollows).where({ topicId }).field({ openid: true }).limit(1000).get()
  );
  return (res.data as Array<{ openid: string }>).map((d) => d.openid);
}

/** Topics whose `dueAt` has come, earliest first (the `due` index). */
export async function listDue(now: Date, limit: number): Promise<TopicDoc[]> {
  const _ = db().command;
  const res = await settle<{ data: unknown[] }>(
    db()
      .collection(C.topics)
      .where({ dueAt: _.lte(now) })
      .orderBy('dueAt', 'asc')
      .limit(limit)
      .get()
  );
  return res.data as TopicDoc[];
}
