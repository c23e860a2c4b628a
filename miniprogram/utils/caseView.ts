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
  /** Shown in clear (the handling unit's staff, access.ts): a tap calls it. Never for the reporter's own view. */
  phoneCallable: boolean;
  anonymous: boolean;
  createdAt: string;
  responseDueAt: string;
  resolveDueAt: string;
  responseOverdue: boolean;
  resolveOverdue: boolean;
  rejectReason: string;
  isMine: boolean;
  /** 撤回 by the reporter before acceptance. */
  withdrawn: boolean;
  /** 挂起: waiting for the reporter's material, shown as its own state. */
  waitingForMaterial: boolean;
  pauseReason: string;
  /** Where it happened (the report form's map pin), or null. */
  location: { latitude: number; longitude: number; address: string } | null;
  replies: Array<{ key: string; at: string; unitName: string; kindLabel: string; text: string }>;
  timeline: Array<{ key: string; at: string; note: string }>;
  rating: { label: string; comment: string; at: string; byVisit: boolean } | null;
}

/** The state a person reads: the status, or 已撤回 / 待补充材料 where those say more. */
export function stateOf(c: Pick<CaseDetail['case'], 'status' | 'withdrawn' | 'waitingForMaterial'>): {
  label: string;
  theme: string;
} {
  if (c.withdrawn) return { label: '已撤回', theme: 'default' };
  if (c.waitingForMaterial) return { label: '待补充材料', theme: 'warning' };
  return { label: STATUS_LABELS[c.status], theme: STATUS_THEMES[c.status] };
}

export function toCaseDetailView(d: CaseDetail): CaseDetailView {
  const c = d.case;
  const state = stateOf(c);
  return {
    caseId: c.caseId,
    code: c.code,
    status: c.status,
    statusLabel: state.label,
    statusTheme: state.theme,
    levelLabel: LEVEL_LABELS[c.level],
    unitName: c.unitName,
    categoryName: c.categoryName,
    communityName: c.communityName,
    description: c.description,
    photos: c.photos,
    contactPhone: c.contactPhone ?? '',
    phoneCallable: !!c.contactPhone && !c.isMine && c.contactPhone.indexOf('*') < 0,
    anonymous: c.anonymous,
    createdAt: formatTime(c.createdAt),
    responseDueAt: formatTime(c.responseDueAt),
    resolveDueAt: formatTime(c.resolveDueAt),
    // Due dates only matter while the case is open.
    responseOverdue: c.responseOverdue && (c.status === 'submitted' || c.status === 'accepted'),
    resolveOverdue: c.resolveOverdue && (c.status === 'submitted' || c.status === 'accepted'),
    rejectReason: c.rejectReason ?? '',
    isMine: c.isMine,
    withdrawn: c.withdrawn === true,
    waitingForMaterial: c.waitingForMaterial === true,
    pauseReason: d.paused?.reason ?? '',
    location: c.location
      ? { latitude: c.location.latitude, longitude: c.location.longitude, address: c.location.address ?? '' }
      : null,
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
