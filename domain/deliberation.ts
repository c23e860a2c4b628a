// 三上三下三公开: a topic's stages as a state machine. Pure: the clock comes in as `now`. Every step
// appends entries to the topic's record and never edits one (corrections are new entries); a step
// out of order answers STAGE_OUT_OF_ORDER (or TOPIC_CLOSED once the topic has ended).
import type {
  BodyRule,
  DeliberationRules,
  TopicEntryView,
  TopicStage,
  VoteChoice,
  VoteCounts,
  VotingBody
} from '../typings/deliberation';
import { fail, type Failure } from './errors';
import { DAY_MS } from './time';
import { voteOutcome } from './deliberationRules';

/** Characters (and photos, yuan) each field takes. */
export const DELIBERATION_LIMITS = {
  title: 40,
  text: 2000,
  comment: 500,
  reason: 500,
  plan: 3000,
  note: 500,
  progress: 1000,
  photos: 9,
  budget: 1_000_000_000
} as const;

/**
 * Ballots are counted on this many tally shards per topic: a ballot moves one shard (picked at random)
 * in its own transaction, so voters rarely contend; closing reads and seals all of them, a constant cost.
 */
export const TALLY_SHARDS = 8;

/** A vote lasts at least an hour and at most 30 days. */
export const MIN_VOTE_MS = 3600_000;
export const MAX_VOTE_MS = 30 * DAY_MS;

export type Entry = Omit<TopicEntryView, 'at' | 'closesAt'> & { at: Date; closesAt?: Date };

export interface Tally {
  for: number;
  against: number;
  abstain: number;
}

export interface OpenVote {
  body: VotingBody;
  openedAt: Date;
  closesAt: Date;
  /** Members of the body when the vote opened: the quorum's base. */
  roster: number;
  rule: BodyRule;
}

/** What the rules read of a topic. */
export interface TopicState {
  stage: TopicStage;
  screenBy: Date;
  /** The open comment window's end (opinions or draft). */
  windowEndsAt: Date | null;
  vote: OpenVote | null;
  /** The council was 督办'd for screening late (once). */
  overdueNoticed: boolean;
}

/** A decided step: the fields to set and the entries to append. */
export interface Step {
  patch: Partial<TopicState> & { result?: VoteCounts & { passed: boolean; body: VotingBody } };
  entries: Entry[];
}

const ENDED: readonly TopicStage[] = ['refused', 'merged', 'failed', 'done'];

/** The stage as time has moved it: comment windows close on time, with or without the sweeper. */
export function effectiveStage(t: Pick<TopicState, 'stage' | 'windowEndsAt'>, now: Date): TopicStage {
  const over = t.windowEndsAt !== null && now.getTime() >= t.windowEndsAt.getTime();
  if (t.stage === 'opinions' && over) return 'drafting';
  if (t.stage === 'draft' && over) return 'review';
  return t.stage;
}

/**
 * What a topic stored as must match to be listed under `stage` as residents see it (effectiveStage): a
 * comment window that lapsed counts as the next stage before the sweeper has written it.
 */
export function stageMatches(stage: TopicStage): Array<{ stage: TopicStage; window?: 'open' | 'lapsed' }> {
  if (stage === 'opinions' || stage === 'draft') return [{ stage, window: 'open' }];
  if (stage === 'drafting') return [{ stage }, { stage: 'opinions', window: 'lapsed' }];
  if (stage === 'review') return [{ stage }, { stage: 'draft', window: 'lapsed' }];
  return [{ stage }];
}

function requireStage(t: TopicState, now: Date, ...allowed: TopicStage[]): Failure | null {
  const stage = effectiveStage(t, now);
  if (allowed.includes(stage)) return null;
  return fail(ENDED.includes(stage) ? 'TOPIC_CLOSED' : 'STAGE_OUT_OF_ORDER', `${stage}, not ${allowed.join('|')}`);
}

/** A new topic's state (一上). */
export function proposedState(now: Date, rules: DeliberationRules): TopicState {
  return {
    stage: 'proposed',
    screenBy: new Date(now.getTime() + rules.screenDays * DAY_MS),
    windowEndsAt: null,
    vote: null,
    overdueNoticed: false
  };
}

/** 一下: the council accepts (opinions open) or turns the proposal down with its reason. */
export function screen(
  t: TopicState,
  accept: boolean,
  reason: string,
  now: Date,
  rules: DeliberationRules
): Step | Failure {
  const bad = requireStage(t, now, 'proposed');
  if (bad) return bad;
  if (!accept)
    return { patch: { stage: 'refused' }, entries: [{ kind: 'refused', at: now, by: 'council', text: reason }] };
  return {
    patch: { stage: 'opinions', windowEndsAt: new Date(now.getTime() + rules.opinionDays * DAY_MS) },
    entries: [{ kind: 'accepted', at: now, by: 'council', text: reason }]
  };
}

/** Comments are taken while a window is open: opinions (二上) or the draft's (二下). */
export function commentRound(t: TopicState, now: Date): 'opinions' | 'draft' | Failure {
  const stage = effectiveStage(t, now);
  if (stage === 'opinions' || stage === 'draft') return stage;
  return fail(ENDED.includes(stage) ? 'TOPIC_CLOSED' : 'COMMENTS_CLOSED', stage);
}

/** 二上: a similar proposal joins `into` (open to opinions); it ends as merged, both records say so. */
export function merge(
  into: TopicState & { id: string },
  from: TopicState & { id: string },
  reason: string,
  now: Date
): { into: Step; from: Step } | Failure {
  if (into.id === from.id) return fail('FIELD_INVALID', 'fromTopicId');
  const bad = requireStage(into, now, 'opinions') ?? requireStage(from, now, 'proposed', 'opinions');
  if (bad) return bad;
  return {
    into: { patch: {}, entries: [{ kind: 'mergedIn', at: now, by: 'council', text: reason, topicId: from.id }] },
    from: {
      patch: { stage: 'merged', windowEndsAt: null },
      entries: [{ kind: 'merged', at: now, by: 'council', text: reason, topicId: into.id }]
    }
  };
}

/** 二下: once opinions have closed (or the committee sent it back), the council publishes a draft. */
export function draft(
  t: TopicState,
  plan: string,
  budget: number | undefined,
  now: Date,
  rules: DeliberationRules
): Step | Failure {
  const bad = requireStage(t, now, 'drafting');
  if (bad) return bad;
  const entry: Entry = { kind: 'draft', at: now, by: 'council', plan };
  if (budget !== undefined) entry.budget = budget;
  return {
    patch: { stage: 'draft', windowEndsAt: new Date(now.getTime() + rules.draftDays * DAY_MS) },
    entries: [entry]
  };
}

/** The supervisory committee reviews the draft once its comments closed; a rejection sends it back to drafting. */
export function review(t: TopicState, approve: boolean, note: string, now: Date): Step | Failure {
  const bad = requireStage(t, now, 'review');
  if (bad) return bad;
  return approve
    ? {
        patch: { stage: 'approved', windowEndsAt: null },
        entries: [{ kind: 'approved', at: now, by: 'supervisor', text: note }]
      }
    : {
        patch: { stage: 'drafting', windowEndsAt: null },
        entries: [{ kind: 'rejected', at: now, by: 'supervisor', text: note }]
      };
}

/** 三上: the council opens the vote of one body, closing between an hour and 30 days from now. */
export function openVote(
  t: TopicState,
  body: VotingBody,
  closesAt: Date,
  roster: number,
  now: Date,
  rules: DeliberationRules
): Step | Failure {
  const bad = requireStage(t, now, 'approved');
  if (bad) return bad;
  const span = closesAt.getTime() - now.getTime();
  if (!(span >= MIN_VOTE_MS && span <= MAX_VOTE_MS)) return fail('VOTE_WINDOW_INVALID', closesAt.toISOString());
  if (roster < 1) return fail('ROSTER_EMPTY', body);
  const rule = rules.bodies[body];
  return {
    patch: {
      stage: 'voting',
      vote: { body, openedAt: now, closesAt, roster, rule }
    },
    entries: [{ kind: 'voteOpened', at: now, by: 'council', body, closesAt }]
  };
}

export const EMPTY_TALLY: Tally = { for: 0, against: 0, abstain: 0 };

/** Why a member of `body` (on the roster since `joinedAt`) may not cast a ballot now, or null. */
export function castVote(
  t: TopicState,
  member: { body: VotingBody; joinedAt: Date } | null,
  now: Date
): Failure | null {
  const stage = effectiveStage(t, now);
  if (stage === 'passed' || stage === 'failed' || stage === 'done') return fail('VOTE_CLOSED', stage);
  if (stage !== 'voting' || !t.vote) return fail(ENDED.includes(stage) ? 'TOPIC_CLOSED' : 'STAGE_OUT_OF_ORDER', stage);
  if (now.getTime() >= t.vote.closesAt.getTime()) return fail('VOTE_CLOSED', 'past closesAt');
  // Joining after the vote opened does not add a voter: the quorum counts the roster as it was.
  if (!member || member.body !== t.vote.body || member.joinedAt.getTime() > t.vote.openedAt.getTime())
    return fail('NOT_VOTING_MEMBER', t.vote.body);
  return null;
}

/** A shard's counts after one more ballot. */
export function addBallot(tally: Tally, choice: VoteChoice): Tally {
  return { ...tally, [choice]: tally[choice] + 1 };
}

/** The vote's counts: the sum of its shards (a shard never written counts nothing). */
export function sumTallies(shards: ReadonlyArray<Partial<Tally> | null>): Tally {
  const sum = { ...EMPTY_TALLY };
  for (const s of shards) {
    sum.for += s?.for ?? 0;
    sum.against += s?.against ?? 0;
    sum.abstain += s?.abstain ?? 0;
  }
  return sum;
}

/**
 * Closes the vote (the council, or the sweeper at closesAt) with the summed `tally`: counts only,
 * against the rule set when it opened.
 */
export function closeVote(t: TopicState, tally: Tally, now: Date, by: 'council' | 'system'): Step | Failure {
  const bad = requireStage(t, now, 'voting');
  if (bad || !t.vote) return bad ?? fail('STAGE_OUT_OF_ORDER');
  const counts: VoteCounts = { for: tally.for, against: tally.against, abstain: tally.abstain, roster: t.vote.roster };
  const { passed } = voteOutcome(counts, t.vote.rule);
  return {
    patch: { stage: passed ? 'passed' : 'failed', result: { ...counts, passed, body: t.vote.body } },
    entries: [{ kind: 'voteClosed', at: now, by, counts, passed, body: t.vote.body }]
  };
}

/** 三下: progress of a passed decision, until it is marked done. */
export function progress(t: TopicState, text: string, photos: string[], done: boolean, now: Date): Step | Failure {
  const bad = requireStage(t, now, 'passed');
  if (bad) return bad;
  const entry: Entry = { kind: 'progress', at: now, by: 'council', text };
  if (photos.length) entry.photos = photos;
  return done
    ? { patch: { stage: 'done' }, entries: [entry, { kind: 'done', at: now, by: 'council' }] }
    : { patch: {}, entries: [entry] };
}

/** A correction: published entries are never edited, so the council adds one saying what was wrong, at any stage. */
export function correct(text: string, now: Date): Step {
  return { patch: {}, entries: [{ kind: 'correction', at: now, by: 'council', text }] };
}

/** Whether the sweeper must close the topic's vote now (closesAt has come): it sums the shards first. */
export function voteDue(t: TopicState, now: Date): boolean {
  return t.stage === 'voting' && t.vote !== null && now.getTime() >= t.vote.closesAt.getTime();
}

/**
 * What the sweeper does to a topic at `now`: persist a closed window, 督办 a late screening. A due vote
 * is not decided here (see voteDue): its counts live on the shards.
 */
export function sweepTopic(t: TopicState, now: Date): (Step & { overdue?: true }) | null {
  const stage = effectiveStage(t, now);
  if (t.stage === 'opinions' && stage === 'drafting')
    return { patch: { stage, windowEndsAt: null }, entries: [{ kind: 'opinionsClosed', at: now, by: 'system' }] };
  if (t.stage === 'draft' && stage === 'review')
    return { patch: { stage, windowEndsAt: null }, entries: [{ kind: 'draftClosed', at: now, by: 'system' }] };
  if (t.stage === 'proposed' && !t.overdueNoticed && now.getTime() >= t.screenBy.getTime())
    return { patch: { overdueNoticed: true }, entries: [{ kind: 'overdue', at: now, by: 'system' }], overdue: true };
  return null;
}

/** When the sweeper must next look at the topic (its index key), or null when nothing is due. */
export function nextDue(t: TopicState): Date | null {
  if (t.stage === 'proposed') return t.overdueNoticed ? null : t.screenBy;
  if (t.stage === 'opinions' || t.stage === 'draft') return t.windowEndsAt;
  if (t.stage === 'voting') return t.vote?.closesAt ?? null;
  return null;
}

/** The window residents see as "until …": screening, comments or the vote. */
export function shownDue(t: TopicState, now: Date): Date | null {
  const stage = effectiveStage(t, now);
  if (stage === 'proposed') return t.screenBy;
  if (stage === 'opinions' || stage === 'draft') return t.windowEndsAt;
  if (stage === 'voting') return t.vote?.closesAt ?? null;
  return null;
}

export function isFailure<T>(x: T | Failure): x is Failure {
  return typeof x === 'object' && x !== null && 'ok' in x && x.ok === false;
}

/** Stage names as residents read them (≤ 5 characters: a subscribe message's phrase field). */
export const STAGE_LABELS: Record<TopicStage, string> = {
  proposed: '待初审',
  refused: '未采纳',
  merged: '已合并',
  opinions: '征求意见',
  drafting: '拟定方案',
  draft: '方案公示',
  review: '监督审核',
  approved: '待表决',
  voting: '表决中',
  passed: '已通过',
  failed: '未通过',
  done: '已办结'
};
