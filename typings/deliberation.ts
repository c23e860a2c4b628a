// 三上三下三公开: what the deliberation function takes and answers (pages and tests share these).
import type { Page } from './cases';

/**
 * Where a topic stands. proposed (一上) → opinions (一下 accepted, 二上 open) → drafting (window closed)
 * → draft (二下 published, comments again) → review → approved → voting (三上) → passed (三下) → done;
 * refused, merged and failed end a topic.
 */
export type TopicStage =
  | 'proposed'
  | 'refused'
  | 'merged'
  | 'opinions'
  | 'drafting'
  | 'draft'
  | 'review'
  | 'approved'
  | 'voting'
  | 'passed'
  | 'failed'
  | 'done';

export type VotingBody = 'representatives' | 'households';
export type VoteChoice = 'for' | 'against' | 'abstain';
export type RosterRole = 'representative' | 'supervisor';

/** One line of a topic's record: published once, never edited (corrections are new entries). */
export interface TopicEntryView {
  kind:
    | 'proposed'
    | 'accepted'
    | 'refused'
    | 'merged'
    | 'mergedIn'
    | 'opinionsClosed'
    | 'draft'
    | 'draftClosed'
    | 'approved'
    | 'rejected'
    | 'voteOpened'
    | 'voteClosed'
    | 'progress'
    | 'done'
    | 'overdue'
    | 'correction';
  /** ISO time. */
  at: string;
  /** Who acted, as a role, never a person. */
  by: 'council' | 'supervisor' | 'proposer' | 'system';
  text?: string;
  plan?: string;
  budget?: number;
  /** The council's progress photos: ids for the council only (an id names the uploader's folder); the count for all. */
  photos?: string[];
  photoCount?: number;
  /** voteOpened / voteClosed. */
  body?: VotingBody;
  closesAt?: string;
  counts?: VoteCounts;
  passed?: boolean;
  /** merged / mergedIn: the other topic. */
  topicId?: string;
}

export interface VoteCounts {
  for: number;
  against: number;
  abstain: number;
  /** Members of the body when the vote opened. */
  roster: number;
}

export interface TopicSummary {
  topicId: string;
  communityId: string;
  title: string;
  stage: TopicStage;
  /** ISO time of the proposal. */
  createdAt: string;
  /** The current window's end (screening, comments, vote), ISO; null when none. */
  dueAt: string | null;
}

export interface TopicDetail extends TopicSummary {
  communityName: string;
  text: string;
  /**
   * The proposal's photos (cloud file ids) for its council and proposer only: an id names the uploader's
   * folder, which other residents must not learn. Everyone sees how many there are.
   */
  photos: string[];
  photoCount: number;
  /** Photos WeChat's media check reported risky: left out of `photos` and `photoCount` for all but the council, who get this count. */
  hiddenPhotos: number;
  entries: TopicEntryView[];
  /** Counts only, once the vote has closed (never who voted how). */
  result: (VoteCounts & { passed: boolean; body: VotingBody }) | null;
  /** The open vote's body and end, while voting. */
  vote: { body: VotingBody; closesAt: string } | null;
  comments: number;
  /** What the caller may do now. */
  me: {
    proposer: boolean;
    following: boolean;
    council: boolean;
    supervisor: boolean;
    /** A resident of the community while a comment window is open. */
    canComment: boolean;
    canVote: boolean;
    voted: boolean;
  };
}

export interface TopicCommentView {
  commentId: string;
  round: 'opinions' | 'draft';
  text: string;
  at: string;
}

/** The quorum and the majority of one voting body: at least quorum[0]/quorum[1] of the roster take part; a choice needs more than majority[0]/majority[1] of them. */
export interface BodyRule {
  quorum: [number, number];
  majority: [number, number];
}

export interface DeliberationRules {
  /** Days the council has to screen a proposal. */
  screenDays: number;
  /** Days proposals stay open to opinions (二上). */
  opinionDays: number;
  /** Days a published draft stays open to comments (二下, shorter). */
  draftDays: number;
  bodies: Record<VotingBody, BodyRule>;
}

export interface DeliberationHome {
  /** The community the caller chose as theirs (residents), or the one they serve (staff); null when none. */
  communityId: string | null;
  communityName: string | null;
  council: boolean;
  roles: RosterRole[];
  household: string | null;
}

export interface RosterMemberView {
  /** An opaque id (not the openid). */
  memberId: string;
  kind: RosterRole | 'household';
  name: string;
  joinedAt: string;
}

type TopicRef = { topicId: string };

// Steps answer the topic's summary as it now stands; pages read detail for the whole record.

export type DeliberationActions = {
  /** The caller's community and roles. */
  home: { req: Record<string, never>; res: DeliberationHome };
  /** Residents: choose "my community" (staff serve their own unit). */
  setHome: { req: { communityId: string }; res: DeliberationHome };
  propose: {
    req: { communityId: string; title: string; text: string; photos?: string[]; requestId: string };
    res: TopicSummary;
  };
  screen: { req: TopicRef & { accept: boolean; reason: string }; res: TopicSummary };
  comment: { req: TopicRef & { text: string }; res: TopicCommentView };
  comments: { req: TopicRef & { cursor?: string }; res: Page<TopicCommentView> };
  merge: { req: TopicRef & { fromTopicId: string; reason: string }; res: TopicSummary };
  draft: { req: TopicRef & { plan: string; budget?: number }; res: TopicSummary };
  review: { req: TopicRef & { approve: boolean; note: string }; res: TopicSummary };
  openVote: { req: TopicRef & { closesAt: string; body: VotingBody }; res: TopicSummary };
  vote: { req: TopicRef & { choice: VoteChoice }; res: { voted: true } };
  closeVote: { req: TopicRef; res: TopicSummary };
  progress: { req: TopicRef & { text: string; photos?: string[]; done?: boolean }; res: TopicSummary };
  /** The council corrects the record: a new entry (published entries are never edited), at any stage. */
  correct: { req: TopicRef & { text: string }; res: TopicSummary };
  follow: { req: TopicRef & { follow: boolean }; res: { following: boolean } };
  topics: { req: { communityId: string; stage?: TopicStage; cursor?: string }; res: Page<TopicSummary> };
  detail: { req: TopicRef; res: TopicDetail };
  /** Community staff: a one-time code (7 days) that makes whoever redeems it the household's one voter. */
  registerHousehold: {
    req: { communityId: string; household: string };
    res: { household: string; code: string; expiresAt: string };
  };
  /** A resident redeems a household code: they vote for the household from then on. */
  joinHousehold: { req: { code: string }; res: DeliberationHome };
  roster: { req: { communityId: string }; res: RosterMemberView[] };
  /** Community staff: the quorum and windows of their community (omitted parts keep the law's defaults). */
  setRules: {
    req: { communityId: string } & Partial<Omit<DeliberationRules, 'bodies'>> & {
        bodies?: Partial<DeliberationRules['bodies']>;
      };
    res: DeliberationRules;
  };
};
