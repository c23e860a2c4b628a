// 三上三下三公开: the deliberation pages' one door to the backend (typed from typings/deliberation).
import type {
  DeliberationActions as A,
  DeliberationHome,
  Invite,
  Page,
  Result,
  TopicCommentView,
  TopicDetail,
  TopicStage,
  TopicSummary
} from '../../typings';
import { callFunction } from './cloud';

type Req<K extends keyof A> = A[K]['req'];

export const getHome = (): Promise<Result<DeliberationHome>> => callFunction('deliberation', 'home', {});
export const setHome = (communityId: string): Promise<Result<DeliberationHome>> =>
  callFunction('deliberation', 'setHome', { communityId });
export const getTopics = (
  communityId: string,
  stage?: TopicStage,
  cursor?: string
): Promise<Result<Page<TopicSummary>>> =>
  callFunction('deliberation', 'topics', { communityId, ...(stage ? { stage } : {}), ...(cursor ? { cursor } : {}) });
export const getTopic = (topicId: string): Promise<Result<TopicDetail>> =>
  callFunction('deliberation', 'detail', { topicId });
export const getComments = (topicId: string, cursor?: string): Promise<Result<Page<TopicCommentView>>> =>
  callFunction('deliberation', 'comments', cursor ? { topicId, cursor } : { topicId });
/** requestId is made once per form: a resubmission stores one proposal. */
export const propose = (fields: Req<'propose'>): Promise<Result<TopicSummary>> =>
  callFunction('deliberation', 'propose', fields);
export const comment = (topicId: string, text: string): Promise<Result<TopicCommentView>> =>
  callFunction('deliberation', 'comment', { topicId, text });
export const follow = (topicId: string, on: boolean): Promise<Result<{ following: boolean }>> =>
  callFunction('deliberation', 'follow', { topicId, follow: on });
export const vote = (fields: Req<'vote'>): Promise<Result<{ voted: true }>> =>
  callFunction('deliberation', 'vote', fields);
export const screen = (fields: Req<'screen'>): Promise<Result<TopicSummary>> =>
  callFunction('deliberation', 'screen', fields);
export const draft = (fields: Req<'draft'>): Promise<Result<TopicSummary>> =>
  callFunction('deliberation', 'draft', fields);
export const review = (fields: Req<'review'>): Promise<Result<TopicSummary>> =>
  callFunction('deliberation', 'review', fields);
export const openVote = (fields: Req<'openVote'>): Promise<Result<TopicSummary>> =>
  callFunction('deliberation', 'openVote', fields);
export const closeVote = (topicId: string): Promise<Result<TopicSummary>> =>
  callFunction('deliberation', 'closeVote', { topicId });
export const progress = (fields: Req<'progress'>): Promise<Result<TopicSummary>> =>
  callFunction('deliberation', 'progress', fields);
/** The council corrects the record with a new entry (published entries are never edited). */
export const correct = (topicId: string, text: string): Promise<Result<TopicSummary>> =>
  callFunction('deliberation', 'correct', { topicId, text });
export const registerHousehold = (
  communityId: string,
  household: string
): Promise<Result<A['registerHousehold']['res']>> =>
  callFunction('deliberation', 'registerHousehold', { communityId, household });
export const joinHousehold = (code: string): Promise<Result<DeliberationHome>> =>
  callFunction('deliberation', 'joinHousehold', { code });
/** The community's staff invite a representative or a member of the supervisory committee (they stay residents). */
export const inviteToRoster = (communityId: string, role: 'representative' | 'supervisor'): Promise<Result<Invite>> =>
  callFunction('account', 'createInvite', { unitId: communityId, role });
