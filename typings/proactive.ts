// 未诉先办 (cloudfunctions/proactive): the nightly report, the monthly topic (每月一题) and its export.
import type { CaseStatus } from '../domain/enums';
import type { GeoPoint } from './cases';

export interface NightlyReport {
  /**
   * complete: every community is done and the month stored; partial: this call's budget ran out, the
   * next call goes on; busy: another call holds the night; lost: another call took it over mid-way.
   */
  state: 'complete' | 'partial' | 'busy' | 'lost';
  /** Communities in the night, and how many are done. */
  communities: number;
  done: number;
  /** The window read: cases created from `from` to `to`. */
  from: string;
  to: string;
  cases: number;
  clusters: number;
  passing: number;
  opened: number;
  /** Proactive cases that took new source cases. */
  attached: number;
  /** Database requests the night's calls made so far, and this call's own. */
  requests: number;
  callRequests: number;
  /** Calls that saved work on the night so far. */
  calls: number;
  month: string;
}

export type TopicTrend = 'up' | 'down' | 'flat' | 'new';

/** One of the month's top clusters. */
export interface TopicRowView {
  key: string;
  communityId: string;
  communityName: string;
  category: string;
  categoryName: string;
  text: string;
  count: number;
  reporters: number;
  lastMonth: number;
  trend: TopicTrend;
  center: GeoPoint | null;
  /** The map's points (at most 50 a row). */
  points: GeoPoint[];
  proactiveCaseId: string | null;
}

/** The topic the 综治中心 picked, tracked to its end. */
export interface TopicPickView {
  key: string;
  pickedAt: string;
  proactiveCaseId: string;
  proactiveCode: string;
  /** The proactive case's status now. */
  status: CaseStatus | null;
  outcome: string | null;
  publishedAt: string | null;
}

export interface MonthlyTopicsResponse {
  month: string;
  computedAt: string | null;
  rows: TopicRowView[];
  pick: TopicPickView | null;
  /** Whether the caller may pick and publish (the district's 综治中心). */
  mayPick: boolean;
}

export interface PublishedTopic {
  month: string;
  text: string;
  communityName: string;
  categoryName: string;
  count: number;
  outcome: string;
  publishedAt: string;
}

export interface TopicExportResponse {
  fileID: string;
  tempFileURL: string;
  expiresAt: string;
  rows: number;
}

/** The proactive function's actions, for the mini-program's typed service door. */
export type ProactiveActions = {
  run: { req: Record<string, never>; res: NightlyReport };
  monthly: { req: { month: string }; res: MonthlyTopicsResponse };
  pickTopic: { req: { month: string; key: string }; res: MonthlyTopicsResponse };
  publishTopic: { req: { month: string; outcome: string }; res: MonthlyTopicsResponse };
  published: { req: Record<string, never>; res: PublishedTopic[] };
  export: { req: { month: string }; res: TopicExportResponse };
};
