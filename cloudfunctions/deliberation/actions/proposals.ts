// 一上, 一下, 二上: proposals, screening, opinions (comments), merging similar proposals, following.
import { z } from 'zod';
import {
  commentRound,
  DELIBERATION_LIMITS as L,
  merge as mergeSteps,
  nextDue,
  proposedState,
  screen as screenStep
} from '../../../domain/deliberation';
import { councilRefusal, residentRefusal } from '../../../domain/deliberationAccess';
import type { TopicCommentView } from '../../../typings/deliberation';
import type { Page } from '../../../typings/cases';
import { notifyStep } from '../../../server/deliberationNotify';
import { SCENE } from '../../../server/contentCheck';
import { action, AppError } from '../../../server/function';
import {
  addComment,
  findTopic,
  insertTopic,
  listComments,
  setFollow,
  topicIdOf,
  type TopicDoc
} from '../../../server/repos/topics';
import {
  assertCommunity,
  callerOf,
  idSchema,
  isFailure,
  orThrow,
  photosSchema,
  readableTopic,
  refuseIf,
  rulesOf,
  runStep,
  summaryOf,
  text
} from '../common';

const topicRef = { topicId: idSchema };

/**
 * 一上: a resident proposes a matter for their community; the same requestId stores it once (a repeat
 * answers the stored topic, unchanged). The proposer follows it. Content-checked (forum scene).
 * Database requests: 4 (seats and rules at once, the topic, the follow) + 1 text check; 3 on a repeat.
 */
export const propose = action(
  z.strictObject({
    communityId: idSchema,
    title: text(L.title),
    text: text(L.text),
    photos: photosSchema(L.photos),
    requestId: z.string().min(8).max(64)
  }),
  async (i, ctx) => {
    const [c, rules] = await Promise.all([callerOf(ctx), rulesOf(i.communityId)]);
    assertCommunity(c.ref, i.communityId);
    refuseIf(residentRefusal(c.p, i.communityId));
    const now = ctx.now;
    const _id = topicIdOf(c.openid, i.requestId);
    const doc: TopicDoc = {
      _id,
      communityId: i.communityId,
      title: i.title,
      text: i.text,
      photos: i.photos ?? [],
      proposerId: c.openid,
      createdAt: now,
      entries: [{ kind: 'proposed', at: now, by: 'proposer' }],
      result: null,
      version: 0,
      ...proposedState(now, rules),
      dueAt: null
    };
    doc.dueAt = nextDue(doc);
    if (!(await insertTopic(doc))) {
      const stored = await findTopic(_id);
      if (!stored) throw new AppError('TOPIC_BUSY', _id);
      return summaryOf(stored, now);
    }
    await setFollow(_id, c.openid, true, now);
    return summaryOf(doc, now);
  },
  { texts: (i) => [i.title, i.text], photos: (i) => i.photos, scene: SCENE.forum }
);

/**
 * 一下: the council accepts (opinions open for the community's window) or refuses with a reason the
 * proposer (a follower) is told. Database requests: 4 (topic, rules, write, followers) + 1 text check.
 */
export const screen = action(
  z.strictObject({ ...topicRef, accept: z.boolean(), reason: text(L.reason) }),
  async ({ topicId, accept, reason }, ctx) => {
    const c = await callerOf(ctx);
    const first = await readableTopic(c, topicId);
    refuseIf(councilRefusal(c.p, first.communityId));
    const rules = await rulesOf(first.communityId);
    const { doc, step } = await runStep(first, (t) => screenStep(t, accept, reason, ctx.now, rules));
    await notifyStep(doc, step, c.ref, ctx.now);
    return summaryOf(doc, ctx.now);
  },
  { texts: (i) => [i.reason] }
);

/** 二上: a resident's opinion while a window is open (opinions or the draft's). Database requests: 3 (seats, topic, add) + 1 text check. */
export const comment = action(
  z.strictObject({ ...topicRef, text: text(L.comment) }),
  async ({ topicId, text: said }, ctx): Promise<TopicCommentView> => {
    const c = await callerOf(ctx);
    const doc = await readableTopic(c, topicId);
    refuseIf(residentRefusal(c.p, doc.communityId));
    const round = orThrow(commentRound(doc, ctx.now));
    const commentId = `${topicId}-${ctx.now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    await addComment({ _id: commentId, topicId, round, text: said, at: ctx.now, authorId: c.openid });
    return { commentId, round, text: said, at: ctx.now.toISOString() };
  },
  { texts: (i) => [i.text] }
);

/** The opinions, newest first, without who gave them. Database requests: 3 (seats, topic, page). */
export const comments = action(
  z.strictObject({ ...topicRef, cursor: z.string().max(200).optional() }),
  async ({ topicId, cursor }, ctx): Promise<Page<TopicCommentView>> => {
    const c = await callerOf(ctx);
    await readableTopic(c, topicId);
    const page = await listComments(topicId, cursor, 20);
    return {
      items: page.items.map((d) => ({
        commentId: d._id,
        round: d.round,
        text: d.text,
        at: new Date(d.at).toISOString()
      })),
      nextCursor: page.nextCursor
    };
  }
);

/**
 * 二上: the council merges a similar proposal (not yet screened, or open to opinions) into a topic
 * open to opinions; the merged one ends, both records say so. Database requests: 4 (both topics at once, 2 writes) + followers + 1 text check.
 */
export const merge = action(
  z.strictObject({ ...topicRef, fromTopicId: idSchema, reason: text(L.reason) }),
  async ({ topicId, fromTopicId, reason }, ctx) => {
    const c = await callerOf(ctx);
    const [into, from] = await Promise.all([readableTopic(c, topicId), readableTopic(c, fromTopicId)]);
    if (from.communityId !== into.communityId) throw new AppError('NOT_FOUND', fromTopicId);
    refuseIf(councilRefusal(c.p, into.communityId));
    const both = mergeSteps({ ...into, id: into._id }, { ...from, id: from._id }, reason, ctx.now);
    if (isFailure(both)) refuseIf(both);
    const ended = await runStep(from, (t) => {
      const s = mergeSteps({ ...into, id: into._id }, { ...t, id: t._id }, reason, ctx.now);
      return isFailure(s) ? s : s.from;
    });
    const kept = await runStep(into, (t) => {
      const s = mergeSteps({ ...t, id: t._id }, { ...from, id: from._id }, reason, ctx.now);
      return isFailure(s) ? s : s.into;
    });
    await notifyStep(ended.doc, ended.step, c.ref, ctx.now);
    return summaryOf(kept.doc, ctx.now);
  },
  { texts: (i) => [i.reason] }
);

/** Follow a topic (its stage messages) or stop. Requests: 3 (seats, topic, the write). */
export const follow = action(
  z.strictObject({ ...topicRef, follow: z.boolean() }),
  async ({ topicId, follow: on }, ctx) => {
    const c = await callerOf(ctx);
    await readableTopic(c, topicId);
    await setFollow(topicId, c.openid, on, ctx.now);
    return { following: on };
  }
);
