// What the case pages show, made from a CaseDetail: labels instead of codes, times formatted.
// Pure (no `wx`), shared by the resident's and the staff's case page.
import type { CaseDetail, CaseSummary } from '../../typings';
import { formatTime } from './format';
import { LEVEL_LABELS, SATISFACTION_LABELS, STATUS_LABELS, STATUS_THEMES } from './labels';

const REPLY_KIND_LABELS: Record<CaseDetail['replies'][number]['kind'], string> = {
  reply: '回复',
  accept: '受理',
  resolve: '办结',
  reject: '不予受理'
};

export interface CaseDetailView {
  caseId: string;
  code: string;
  status: CaseDetail['case']['status'];
  statusLabel: string;
  statusTheme: string;
  levelLabel: string;
  unitName: string;
  categoryName: string;
  communityName: string;
  description: string;
  photos: string[];
  contactPhone: string;
  anonymous: boolean;
  createdAt: string;
  responseDueAt: string;
  resolveDueAt: string;
  responseOverdue: boolean;
  resolveOverdue: boolean;
  rejectReason: string;
  isMine: boolean;
  replies: Array<{ key: string; at: string; unitName: string; kindLabel: string; text: string }>;
  timeline: Array<{ key: string; at: string; note: string }>;
  rating: { label: string; comment: string; at: string; byVisit: boolean } | null;
}

export function toCaseDetailView(d: CaseDetail): CaseDetailView {
  const c = d.case;
  return {
    caseId: c.caseId,
    code: c.code,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status],
    statusTheme: STATUS_THEMES[c.status],
    levelLabel: LEVEL_LABELS[c.level],
    unitName: c.unitName,
    categoryName: c.categoryName,
    communityName: c.communityName,
    description: c.description,
    photos: c.photos,
    contactPhone: c.contactPhone ?? '',
    anonymous: c.anonymous,
    createdAt: formatTime(c.createdAt),
    responseDueAt: formatTime(c.responseDueAt),
    resolveDueAt: formatTime(c.resolveDueAt),
    // Due dates only matter while the case is open.
    responseOverdue: c.responseOverdue && (c.status === 'submitted' || c.status === 'accepted'),
    resolveOverdue: c.resolveOverdue && (c.status === 'submitted' || c.status === 'accepted'),
    rejectReason: c.rejectReason ?? '',
    isMine: c.isMine,
    replies: d.replies.map((r, i) => ({
      key: `${i}`,
      at: formatTime(r.at),
      unitName: r.unitName,
      kindLabel: REPLY_KIND_LABELS[r.kind] ?? '回复',
      text: r.text
    })),
    timeline: d.timeline.map((t, i) => ({ key: `${i}`, at: formatTime(t.at), note: t.note })),
    rating: d.rating
      ? {
          label: SATISFACTION_LABELS[d.rating.satisfaction],
          comment: d.rating.comment ?? '',
          at: formatTime(d.rating.at),
          byVisit: d.rating.source === 'followUp'
        }
      : null
  };
}

/** A case in a list (我的诉求, 工作台). */
export interface CaseRow {
  caseId: string;
  code: string;
  categoryName: string;
  communityName: string;
  excerpt: string;
  statusLabel: string;
  statusTheme: string;
  createdAt: string;
}

export function toCaseRow(c: CaseSummary): CaseRow {
  return {
    caseId: c.caseId,
    code: c.code,
    categoryName: c.categoryName,
    communityName: c.communityName,
    excerpt: c.excerpt,
    statusLabel: STATUS_LABELS[c.status],
    statusTheme: STATUS_THEMES[c.status],
    createdAt: formatTime(c.createdAt)
  };
}
