// Deliberation topics, their comments, ballots and followers. A topic document carries its stage, its
// windows, the open vote and its append-only record; every change is conditional on the version it was
// decided from, so two council members (or the sweeper) never both apply a step. Ballots count on shards.
import { createHash } from 'node:crypto';
import {
  addBallot,
  nextDue,
  stageMatches,
  sumTallies,
  TALLY_SHARDS,
  type Entry,
  type Step,
  type Tally,
  type TopicState
} from '../../domain/deliberation';
import type { Failure } from '../../domain/errors';
import type { TopicStage, VoteChoice, VoteCounts, VotingBody } from '../../typings/deliberation';
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
  /** Photos WeChat's media check reported risky (server/mediaVerdict.ts): only the council still gets them. */
  hiddenPhotos?: string[];
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
  const { next, data } = stepWrite(doc, step);
  const res = await retrying<{ stats?: { updated?: number } }>(() =>
    db().collection(C.topics).where({ _id: doc._id, version: doc.version }).update({ data })
  );
  return res.stats?.updated === 1 ? next : null;
}

/** The topic after `step`, and the update that writes it. */
function stepWrite(doc: TopicDoc, step: Step): { next: TopicDoc; data: Record<string, unknown> } {
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
  return { next, data };
}

/** A page of the community's topics, newest first, of one stage as residents see it at `now` (the community_stage_created index). */
export async function listTopics(
  communityId: string,
  stage: TopicStage | undefined,
  cursor: string | undefined,
  limit: number,
  now: Date
) {
  const _ = db().command;
  const alternatives = (stage ? stageMatches(stage) : []).map((m) => ({
    communityId,
    stage: m.stage,
    ...(m.window ? { windowEndsAt: m.window === 'open' ? _.gt(now) : _.lte(now) } : {})
  }));
  // A two-way stage is an _.or of equality heads of the same index; the SDK takes it wherever a filter goes.
  const where = (
    alternatives.length === 0 ? { communityId } : alternatives.length === 1 ? alternatives[0] : _.or(alternatives)
  ) as Record<string, unknown>;
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

const shardId = (topicId: string, k: number): string => `${topicId}:${k}`;

interface ShardDoc extends Tally {
  topicId: string;
  /** Written by the close: a ballot racing it conflicts and is decided again on the closed topic. */
  sealed?: boolean;
}

const refusing = (f: Failure | null): void => {
  if (f) throw new AppError(f.code, f.detail);
};

/**
 * Casts one ballot: in one transaction, re-reads the topic (`refusal` decides again on what it reads),
 * adds the ballot under the seat's id (a second one is ALREADY_VOTED) and adds it to one tally shard
 * picked at random. The topic itself is not written, so ballots contend only when they pick the same
 * shard; a close sealing the shards meanwhile conflicts, and the retry finds the vote closed.
 * Requests: 6 (start, topic, shard, add, set, commit).
 */
export async function castBallot(
  topicId: string,
  seat: string,
  choice: VoteChoice,
  refusal: (t: TopicDoc) => Failure | null,
  now: Date
): Promise<void> {
  try {
    await transact(
      async (tx) => {
        const got = (await tx.collection(C.topics).doc(topicId).get()).data as TopicDoc | null;
        if (!got) throw new AppError('NOT_FOUND', topicId);
        refusing(refusal(got));
        const ref = tx.collection(C.topicTallies).doc(shardId(topicId, Math.floor(Math.random() * TALLY_SHARDS)));
        const shard = (await ref.get()).data as ShardDoc | null;
        await tx.collection(C.topicVotes).add({ data: { _id: ballotId(topicId, seat), topicId, choice, at: now } });
        await ref.set({ data: { topicId, ...addBallot(sumTallies([shard]), choice) } });
      },
      { attempts: 40, budgetMs: 8000 }
    );
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw new AppError('ALREADY_VOTED');
    if (e instanceof AppError && e.code === 'POINTS_BUSY') throw new AppError('TOPIC_BUSY', e.detail);
    throw e;
  }
}

/**
 * Closes a vote: in one transaction, reads the topic and every tally shard, decides on their sum, seals
 * each shard (so a ballot still in flight conflicts instead of landing after the close) and writes the
 * topic. Requests: 4 + 2 × TALLY_SHARDS (start, topic, the shards read and sealed at once, topic, commit),
 * whatever the number of ballots.
 */
export async function closeBallots(
  topicId: string,
  decide: (t: TopicDoc, tally: Tally) => Step
): Promise<{ doc: TopicDoc; step: Step }> {
  try {
    return await transact(
      async (tx) => {
        const got = (await tx.collection(C.topics).doc(topicId).get()).data as TopicDoc | null;
        if (!got) throw new AppError('NOT_FOUND', topicId);
        const refs = Array.from({ length: TALLY_SHARDS }, (_, k) =>
          tx.collection(C.topicTallies).doc(shardId(topicId, k))
        );
        const shards = await Promise.all(refs.map(async (r) => (await r.get()).data as ShardDoc | null));
        const step = decide(got, sumTallies(shards));
        await Promise.all(refs.map((r, k) => r.set({ data: { topicId, ...sumTallies([shards[k]]), sealed: true } })));
        const { next, data } = stepWrite(got, step);
        await tx.collection(C.topics).doc(topicId).update({ data });
        return { doc: next, step };
      },
      { attempts: 20, budgetMs: 8000 }
    );
  } catch (e) {
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
