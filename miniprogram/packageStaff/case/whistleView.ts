// What the staff case page shows of whistles (三吹哨三报到) and on-site dispatches, and the links and
// buttons of each row. Pure (no `wx`): which ones appear is the server's `allowedActions`.
import type { AllowedAction, CaseDetail } from '../../../typings';
import { formatTime } from '../../utils/format';
import { WHISTLE_ROLE_LABELS } from '../../utils/labels';

export interface WhistleRow {
  key: string;
  departmentId: string;
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
  /** The viewer may withdraw it (撤回吹哨). */
  withdrawable: boolean;
}

export interface DispatchRow {
  key: string;
  unitName: string;
  visitBy: string;
  stateText: string;
  linkUrl: string;
}

const q = (fields: Record<string, string>): string =>
  Object.keys(fields)
    .map((k) => `${k}=${encodeURIComponent(fields[k])}`)
    .join('&');

/** Whether the server allows `type` on the whistle of `departmentId` (or on dispatch `dispatchId`). */
function allowed(
  d: CaseDetail,
  type: AllowedAction['type'],
  on: { departmentId?: string; dispatchId?: string }
): boolean {
  return d.allowedActions.some(
    (a) =>
      a.type === type &&
      (('departmentId' in a && a.departmentId === on.departmentId) ||
        ('dispatchId' in a && a.dispatchId === on.dispatchId))
  );
}

export function toWhistleRows(d: CaseDetail): WhistleRow[] {
  const caseId = d.case.caseId;
  return d.whistles.map((w, i) => {
    // Actions name a department: they are on its whistle in force, never on a withdrawn one.
    const may = (type: AllowedAction['type']) => !w.withdrawnAt && allowed(d, type, { departmentId: w.departmentId });
    let stateText: string;
    let late = false;
    if (w.withdrawnAt) stateText = `已撤回${w.withdrawReason ? `：${w.withdrawReason}` : ''}`;
    else if (!w.checkedInAt) {
      late = w.overdue.checkIn;
      stateText = late
        ? `报到已超时（时限 ${formatTime(w.checkInDueAt)}）`
        : `待报到（时限 ${formatTime(w.checkInDueAt)}）`;
    } else if (!w.reportedAt) {
      late = w.overdue.result;
      stateText = `已报到（${w.checkInLate ? '迟到' : '按时'}），待反馈结果${late ? '，已超期' : ''}`;
    } else stateText = `已报到（${w.checkInLate ? '迟到' : '按时'}），已反馈`;

    const evals: string[] = [];
    if (w.evaluation) evals.push(`评价：响应${w.evaluation.responseScore}分 · 效果${w.evaluation.resultScore}分`);
    if (w.whistleEvaluation) evals.push(`部门认为本次吹哨${w.whistleEvaluation.reasonable ? '合理' : '不合理'}`);

    let linkLabel = '';
    let linkUrl = '';
    if (may('evaluate')) {
      linkLabel = '评价该部门';
      linkUrl = `/packageStaff/evaluate/index?${q({ caseId, departmentId: w.departmentId, side: 'town' })}`;
    } else if (may('report') || may('evaluateWhistle')) {
      linkLabel = may('report') ? '反馈结果 / 评价吹哨' : '评价本次吹哨';
      linkUrl = `/packageStaff/evaluate/index?${q({ caseId, side: 'department' })}`;
    }
    return {
      key: `${i}`,
      departmentId: w.departmentId,
      departmentName: w.departmentName,
      roleLabel: WHISTLE_ROLE_LABELS[w.role],
      byUnitName: w.byUnitName,
      reason: w.reason,
      stateText,
      late,
      result: w.result ?? '',
      evaluationText: evals.join('；'),
      linkLabel,
      linkUrl,
      withdrawable: may('withdrawWhistle')
    };
  });
}

export function toDispatchRows(d: CaseDetail): DispatchRow[] {
  return d.dispatches.map((x) => ({
    key: x.dispatchId,
    unitName: x.unitName,
    visitBy: formatTime(x.visitBy),
    stateText: x.visit
      ? '已记录处置情况'
      : x.checkIn
        ? `已现场签到${x.checkIn.distanceM === null ? '' : `，距诉求地点约${x.checkIn.distanceM}米`}`
        : '待到场',
    // The dispatched cadre checks in on site, then records the visit, on the same page.
    linkUrl:
      allowed(d, 'onsiteCheckIn', { dispatchId: x.dispatchId }) ||
      allowed(d, 'recordVisit', { dispatchId: x.dispatchId })
        ? `/packageStaff/onsite/index?${q({ caseId: d.case.caseId, dispatchId: x.dispatchId })}`
        : ''
  }));
}
