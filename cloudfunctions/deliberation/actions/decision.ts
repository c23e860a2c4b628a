// 二下, review, 三上, 三下: the draft, the supervisory committee's review, the vote and its implementation.
import { z } from 'zod';
import {
  castVote,
  closeVote as closeStep,
  correct as correctStep,
  DELIBERATION_LIMITS as L,
  draft as draftStep,
  EMPTY_TALLY,
  openVote as openStep,
  progress as progressStep,
  review as reviewStep
} from '../../../domain/deliberation';
import { councilRefusal, isSupervisor, seatIn } from '../../../domain/deliberationAccess';
import { notifyStep } from '../../../server/deliberationNotify';
import { action, AppError } from '../../../server/function';
import { countSeats } from '../../../server/repos/rosters';
import { castBallot, closeBallots } from '../../../server/repos/topics';
import {
  callerOf,
  idSchema,
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
 * 二下: once opinions closed (or the committee sent it back), the council publishes its draft plan and
 * optional budget (yuan); comments open again for the shorter window. Database requests: 3 (topic, rules, write) + followers.
 */
export const draft = action(
  z.strictObject({ ...topicRef, plan: text(L.plan), budget: z.number().min(0).max(L.budget).optional() }),
  async ({ topicId, plan, budget }, ctx) => {
    const c = await callerOf(ctx);
    const first = await readableTopic(c, topicId);
    refuseIf(councilRefusal(c.p, first.communityId));
    const rules = await rulesOf(first.communityId);
    const { doc, step } = await runStep(first, (t) => draftStep(t, plan, budget, ctx.now, rules));
    await notifyStep(doc, step, c.ref, ctx.now);
    return summaryOf(doc, ctx.now);
  },
  { texts: (i) => [i.plan] }
);

/** A member of the community's supervisory committee approves the draft for the vote, or sends it back. Database requests: 3 (seats, topic, write) + followers. */
export const review = action(
  z.strictObject({ ...topicRef, approve: z.boolean(), note: text(L.note) }),
  async ({ topicId, approve, note }, ctx) => {
    const c = await callerOf(ctx);
    const first = await readableTopic(c, topicId);
    if (!isSupervisor(c.p, first.communityId)) throw new AppError('NOT_COMMITTEE_MEMBER', first.communityId);
    const { doc, step } = await runStep(first, (t) => reviewStep(t, approve, note, ctx.now));
    await notifyStep(doc, step, c.ref, ctx.now);
    return summaryOf(doc, ctx.now);
  },
  { texts: (i) => [i.note] }
);

/**
 * 三上: the council opens the vote of representatives or households until closesAt; the body's roster
 * is counted now (the quorum's base) and the community's rule is fixed for this vote. Database requests: 5 (topic; rules and the roster's count at once; write; followers).
 */
export const openVote = action(
  z.strictObject({
    ...topicRef,
    closesAt: z.iso.datetime({ offset: true }),
    body: z.enum(['representatives', 'households'])
  }),
  async ({ topicId, closesAt, body }, ctx) => {
    const c = await callerOf(ctx);
    const first = await readableTopic(c, topicId);
    refuseIf(councilRefusal(c.p, first.communityId));
    const [rules, seats] = await Promise.all([
      rulesOf(first.communityId),
      countSeats(first.communityId, body === 'representatives' ? 'representative' : 'household')
    ]);
    const until = new Date(closesAt);
    const { doc, step } = await runStep(first, (t) => openStep(t, body, until, seats, ctx.now, rules));
    await notifyStep(doc, step, c.ref, ctx.now);
    return summaryOf(doc, ctx.now);
  }
);

/**
 * 三上: one ballot per seat of the voting body (a household's, whoever its voter is). The ballot's id is
 * the seat, and one tally shard moves in the same transaction: counts only are ever shown.
 * Database requests: 9 on a warm instance (the transaction's 6); more when two ballots pick the same shard (bench).
 */
export const vote = action(
  z.strictObject({ ...topicRef, choice: z.enum(['for', 'against', 'abstain']) }),
  async ({ topicId, choice }, ctx) => {
    const c = await callerOf(ctx);
    const first = await readableTopic(c, topicId);
    const seatOf = (body: 'representatives' | 'households') => seatIn(c.p, c.openid, first.communityId, body);
    // Refuse before any write: the vote as read now (the transaction decides again on what it reads).
    const body = first.vote?.body ?? 'representatives';
    refuseIf(castVote(first, seatOf(body), ctx.now));
    const seat = seatOf(body);
    if (!seat) throw new AppError('NOT_VOTING_MEMBER');
    await castBallot(topicId, seat.key, choice, (t) => castVote(t, seatOf(t.vote?.body ?? body), ctx.now), ctx.now);
    return { voted: true as const };
  }
);

/**
 * The council closes the vote (the sweeper does at closesAt): the shards' sum against the rule fixed when
 * it opened, whatever the number of ballots. Database requests: 22 (topic; the transaction's 20; followers).
 */
export const closeVote = action(z.strictObject({ ...topicRef }), async ({ topicId }, ctx) => {
  const c = await callerOf(ctx);
  const first = await readableTopic(c, topicId);
  refuseIf(councilRefusal(c.p, first.communityId));
  // A vote not open is refused before the transaction (nothing is written).
  orThrow(closeStep(first, EMPTY_TALLY, ctx.now, 'council'));
  const { doc, step } = await closeBallots(topicId, (t, tally) => orThrow(closeStep(t, tally, ctx.now, 'council')));
  await notifyStep(doc, step, c.ref, ctx.now);
  return summaryOf(doc, ctx.now);
});

/** 三下: the council announces progress of a passed decision, until done. Database requests: 2 (topic, write; + followers when done). */
export const progress = action(
  z.strictObject({ ...topicRef, text: text(L.progress), photos: photosSchema(L.photos), done: z.boolean().optional() }),
  async ({ topicId, text: said, photos, done }, ctx) => {
    const c = await callerOf(ctx);
    const first = await readableTopic(c, topicId);
    refuseIf(councilRefusal(c.p, first.communityId));
    const { doc, step } = await runStep(first, (t) => progressStep(t, said, photos ?? [], done === true, ctx.now));
    await notifyStep(doc, step, c.ref, ctx.now);
    return summaryOf(doc, ctx.now);
  },
  { texts: (i) => [i.text], photos: (i) => i.photos }
);

/** The council corrects the record with a new entry (the wrong one stays, as published). Database requests: 2. */
export const correct = action(
  z.strictObject({ ...topicRef, text: text(L.note) }),
  async ({ topicId, text: said }, ctx) => {
    const c = await callerOf(ctx);
    const first = await readableTopic(c, topicId);
    refuseIf(councilRefusal(c.p, first.communityId));
    const { doc } = await runStep(first, () => correctStep(said, ctx.now));
    return summaryOf(doc, ctx.now);
  },
  { texts: (i) => [i.text] }
);
