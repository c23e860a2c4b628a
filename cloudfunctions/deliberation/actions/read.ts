// 三公开: a community's topics by stage, and one topic's whole record, to every resident of the community.
import { z } from 'zod';
import { commentRound, effectiveStage, isFailure } from '../../../domain/deliberation';
import { residentRefusal, seatIn } from '../../../domain/deliberationAccess';
import type { TopicDetail, TopicStage, TopicSummary } from '../../../typings/deliberation';
import type { Page } from '../../../typings/cases';
import { action, AppError } from '../../../server/function';
import { countComments, hasVoted, isFollowing, listTopics } from '../../../server/repos/topics';
import { assertCommunity, callerOf, detailOf, idSchema, readableTopic, readsCommunity, summaryOf } from '../common';

const STAGES = [
  'proposed',
  'refused',
  'merged',
  'opinions',
  'drafting',
  'draft',
  'review',
  'approved',
  'voting',
  'passed',
  'failed',
  'done'
] as const satisfies readonly TopicStage[];

/**
 * One page (20) of the community's topics, newest first, optionally of one stage as residents see it (a
 * comment window that lapsed lists under the next stage, sweeper or not). Requests: 2 (seats, the page).
 */
export const topics = action(
  z.strictObject({ communityId: idSchema, stage: z.enum(STAGES).optional(), cursor: z.string().max(200).optional() }),
  async ({ communityId, stage, cursor }, ctx): Promise<Page<TopicSummary>> => {
    const c = await callerOf(ctx);
    assertCommunity(c.ref, communityId);
    if (!readsCommunity(c, communityId)) throw new AppError('NOT_YOUR_COMMUNITY', communityId);
    const page = await listTopics(communityId, stage, cursor, 20, ctx.now);
    return { items: page.items.map((d) => summaryOf(d, ctx.now)), nextCursor: page.nextCursor };
  }
);

/**
 * The matter, every stage with its date, the vote's counts (never who voted how), the result and its
 * implementation. Requests: 4 (seats, topic, then comments count, following and ballot at once).
 */
export const detail = action(z.strictObject({ topicId: idSchema }), async ({ topicId }, ctx): Promise<TopicDetail> => {
  const c = await callerOf(ctx);
  const doc = await readableTopic(c, topicId);
  const body = doc.vote?.body;
  const seat = body ? seatIn(c.p, c.openid, doc.communityId, body) : null;
  const [comments, following, voted] = await Promise.all([
    countComments(topicId),
    isFollowing(topicId, c.openid),
    seat ? hasVoted(topicId, seat.key) : Promise.resolve(false)
  ]);
  const open = effectiveStage(doc, ctx.now) === 'voting' && doc.vote !== null && ctx.now < new Date(doc.vote.closesAt);
  const canVote = open && seat !== null && !voted && seat.joinedAt.getTime() <= new Date(doc.vote!.openedAt).getTime();
  const canComment = residentRefusal(c.p, doc.communityId) === null && !isFailure(commentRound(doc, ctx.now));
  return detailOf(doc, c, ctx.now, { comments, following, voted, canVote, canComment });
});
