import type { CaseStatus, Level, Satisfaction } from '../domain/enums';

export interface GeoPoint {
  latitude: number;
  longitude: number;
  address?: string;
}

export interface TimelineEntry {
  type: string;
  at: string; // ISO time
  unitId: string | null;
  /** Who acted: 'resident', 'staff:<unitId>', 'system'. A resident's openid never leaves the server. */
  actor: string;
  note: string;
}

export interface Reply {
  at: string;
  unitId: string;
  unitName: string;
  text: string;
  kind: 'reply' | 'accept' | 'resolve' | 'reject';
}

export interface RatingView {
  round: number;
  satisfaction: Satisfaction;
  comment: string | null;
  at: string;
  /** 'resident' when the reporter rated; 'followUp' when staff recorded a follow-up visit (回访). */
  source: 'resident' | 'followUp';
}

export interface DueFlags {
  responseDueAt: string;
  resolveDueAt: string;
  responseOverdue: boolean;
  resolveOverdue: boolean;
}

export interface CaseView extends DueFlags {
  caseId: string;
  code: string;
  status: CaseStatus;
  level: Level;
  unitId: string;
  unitName: string;
  category: string;
  categoryName: string;
  communityId: string;
  communityName: string;
  description: string;
  photos: string[];
  location: GeoPoint | null;
  /** Masked (138****1234) for everyone but the reporter and the handling unit's staff. */
  contactPhone: string | null;
  anonymous: boolean;
  round: number;
  createdAt: string;
  updatedAt: string;
  /** Shown to the resident when the case was rejected (不予受理). */
  rejectReason: string | null;
  isMine: boolean;
}

export interface CaseSummary extends DueFlags {
  caseId: string;
  code: string;
  status: CaseStatus;
  level: Level;
  unitId: string;
  category: string;
  categoryName: string;
  communityName: string;
  excerpt: string;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SubmitRequest {
  category: string;
  communityId: string;
  description: string;
  photos?: string[];
  location?: GeoPoint;
  contactPhone?: string;
  anonymous?: boolean;
  /** Marks a major case (重大), which starts at the district. */
  major?: boolean;
  /** Chosen by the client once per form; the same request twice gives the same case. */
  requestId: string;
}

export interface SubmitResponse {
  caseId: string;
  code: string;
  status: CaseStatus;
  level: Level;
  unitId: string;
  responseDueAt: string;
  resolveDueAt: string;
}

export interface CaseDetail {
  case: CaseView;
  timeline: TimelineEntry[];
  replies: Reply[];
  rating: RatingView | null;
}

export type CasesActions = {
  submit: { req: SubmitRequest; res: SubmitResponse };
  mine: { req: { cursor?: string }; res: Page<CaseSummary> };
  detail: { req: { caseId: string }; res: CaseDetail };
  queue: { req: { status?: CaseStatus; overdue?: boolean; cursor?: string }; res: Page<CaseSummary> };
  accept: { req: { caseId: string; note?: string }; res: CaseDetail };
  reply: { req: { caseId: string; text: string }; res: CaseDetail };
  transfer: { req: { caseId: string; toUnitId: string; reason: string }; res: CaseDetail };
  escalate: { req: { caseId: string; reason: string }; res: CaseDetail };
  resolve: { req: { caseId: string; result: string }; res: CaseDetail };
  reject: { req: { caseId: string; reason: string }; res: CaseDetail };
};

export type RatingsActions = {
  rate: { req: { caseId: string; satisfaction: Satisfaction; comment?: string }; res: CaseDetail };
  /** 回访: staff record a follow-up visit for a resolved case the reporter did not rate within 7 days. */
  followUp: { req: { caseId: string; satisfaction: Satisfaction; note: string }; res: CaseDetail };
};
