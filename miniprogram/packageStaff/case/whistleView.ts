// What the staff case page shows of whistles (三吹哨三报到) and on-site dispatches, and which links
// it offers the viewer. Pure (no `wx`): the server still decides every action.
import type { CaseDetail, OrgCatalog } from '../../../typings';
import { formatTime } from '../../utils/format';

export type ViewerKind = 'district' | 'town' | 'community' | 'department' | '';

export interface WhistleRow {
  key: string;
  departmentName: string;
  roleLabel: string;
  byUnitName: string;
  reason: string;
  /** e.g. 待报到（时限 …）, 已报到（按时），待反馈结果, 已反馈. */
  stateText: string;
  late: boolean;
  result: string;
  evaluationText: string;
  /** A link for this viewer ('' for none): the evaluation form of either side. */
  linkLabel: string;
  linkUrl: string;
}

export interface DispatchRow {
  key: string;
  unitName: string;
  visitBy: string;
  stateText: string;
  linkUrl: string;
}

const ROLE_LABELS: Record<string, string> = { lead: '牵头', cooperate: '配合' };

/** The viewer's unit kind, from the catalog (a unit that is none of these is not a handling unit). */
export function viewerKind(unitId: string | null, catalog: OrgCatalog): ViewerKind {
  if (!unitId) return '';
  if (unitId === catalog.district.id) return 'district';
  if (catalog.towns.some((t) => t.id === unitId)) return 'town';
  if (catalog.departments.some((d) => d.id === unitId)) return 'department';
  if (catalog.towns.some((t) => t.communities.some((c) => c.id === unitId))) return 'community';
  return '';
}

const q = (fields: Record<string, string>): string =>
  Object.keys(fields)
    .map((k) => `${k}=${encodeURIComponent(fields[k])}`)
    .join('&');

export function toWhistleRows(d: CaseDetail, viewerUnitId: string): WhistleRow[] {
  const caseId = d.case.caseId;
  return d.whistles.map((w, i) => {
    let stateText: string;
    let late = false;
    if (w.withdrawnAt) stateText = `已撤回${w.withdrawReason ? `：${w.withdrawReason}` : ''}`;
    else if (!w.checkedInAt) {
      late = w.overdue.checkIn;
      stateText = late ? `报到已超时（时限 ${formatTime(w.checkInDueAt)}）` : `待报到（时限 ${formatTime(w.checkInDueAt)}）`;
    } else if (!w.reportedAt) {
      late = w.overdue.result;
      stateText = `已报到（${w.checkInLate ? '迟到' : '按时'}），待反馈结果${late ? '，已超期' : ''}`;
    } else stateText = `已报到（${w.checkInLate ? '迟到' : '按时'}），已反馈`;

    const evals: string[] = [];
    if (w.evaluation) evals.push(`评价：响应${w.evaluation.responseScore}分 · 效果${w.evaluation.resultScore}分`);
    if (w.whistleEvaluation) evals.push(`部门认为本次吹哨${w.whistleEvaluation.reasonable ? '合理' : '不合理'}`);

    let linkLabel = '';
    let linkUrl = '';
    const active = !w.withdrawnAt;
    if (active && w.reportedAt && !w.evaluation && viewerUnitId === w.byUnitId) {
      linkLabel = '评价该部门';
      linkUrl = `/packageStaff/evaluate/index?${q({ caseId, departmentId: w.departmentId, side: 'town' })}`;
    } else if (active && w.checkedInAt && viewerUnitId === w.departmentId && (!w.reportedAt || !w.whistleEvaluation)) {
      linkLabel = w.reportedAt ? '评价本次吹哨' : '反馈结果 / 评价吹哨';
      linkUrl = `/packageStaff/evaluate/index?${q({ caseId, side: 'department' })}`;
    }
    return {
      key: `${i}`,
      departmentName: w.departmentName,
      roleLabel: ROLE_LABELS[w.role] ?? w.role,
      byUnitName: w.byUnitName,
      reason: w.reason,
      stateText,
      late,
      result: w.result ?? '',
      evaluationText: evals.join('；'),
      linkLabel,
      linkUrl
    };
  });
}

export function toDispatchRows(d: CaseDetail): DispatchRow[] {
  return d.dispatches.map((x) => ({
    key: x.dispatchId,
    unitName: x.unitName,
    visitBy: formatTime(x.visitBy),
    stateText: x.visit ? '已记录处置情况' : x.checkIn ? `已现场签到${x.checkIn.distanceM === null ? '' : `，距诉求地点约${x.checkIn.distanceM}米`}` : '待到场',
    // Only the dispatched cadre checks in, and only until the visit is recorded.
    linkUrl: x.mine && !x.visit ? `/packageStaff/onsite/index?${q({ caseId: d.case.caseId, dispatchId: x.dispatchId })}` : ''
  }));
}
