// Chinese labels for codes. Pages show labels; code, database and logs keep the codes.
// Pure TS. The mini-program cannot import it (DevTools compiles miniprogram/ alone): it keeps copies in
// miniprogram/utils/labels.ts, which test/pages/labels.test.ts holds equal to these.
import {
  CASE_STATUSES,
  SATISFACTIONS,
  type CaseActionType,
  type CaseStatus,
  type ClockKind,
  type WhistleRole,
  type DutyKind,
  type Level,
  type Satisfaction
} from './enums';

interface Option<T extends string> {
  value: T;
  label: string;
}

/** Case status → label shown to residents and staff. */
export const STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: '待受理',
  accepted: '办理中',
  resolved: '已办结，待评价',
  closed: '已结案',
  rejected: '不予受理'
};

/** Level → label. */
export const LEVEL_LABELS: Record<Level, string> = {
  community: '村（社区）',
  town: '镇（街道）',
  district: '区'
};

/** Level → name of its mediation venue (小事不出村，大事不出镇街，难事不出区). */
export const LEVEL_HALLS: Record<Level, string> = {
  community: '和议厅',
  town: '调解室',
  district: '莎姐调解中心'
};

/** Satisfaction → label. */
export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意'
};

/** Action → label (timeline, buttons). */
export const ACTION_LABELS: Record<CaseActionType, string> = {
  accept: '受理',
  reply: '回复',
  transfer: '转办',
  escalate: '上报',
  resolve: '办结',
  reject: '不予受理',
  rate: '评价',
  followUp: '回访'
};

/** Duty kind → label. */
export const DUTY_LABELS: Record<DutyKind, string> = {
  firstResponse: '首次回复',
  acceptReply: '受理回复',
  resolveReply: '办结回复',
  rate: '群众评价',
  followUp: '回访'
};

/** Whistle role → label. */
export const WHISTLE_ROLE_LABELS: Record<WhistleRole, string> = { lead: '牵头', cooperate: '配合' };

/** What the clock watches → label (reminders, 督办 list). */
export const CLOCK_KIND_LABELS: Record<ClockKind, string> = {
  firstResponse: '首次回复',
  acceptReply: '受理',
  resolveReply: '办结',
  followUp: '回访',
  whistleCheckIn: '吹哨报到',
  whistleResult: '反馈办理结果',
  evaluate: '评价报到部门',
  evaluateWhistle: '评价吹哨',
  visit: '到场处置'
};

function options<T extends string>(codes: readonly T[], labels: Record<T, string>): Array<Option<T>> {
  return codes.map((value) => ({ value, label: labels[value] }));
}

/** Pickers: ordered lists of { value, label }. */
export const STATUS_OPTIONS = options(CASE_STATUSES, STATUS_LABELS);
export const SATISFACTION_OPTIONS = options(SATISFACTIONS, SATISFACTION_LABELS);

/** Venue name of a unit: 平安社区和议厅, 八桥镇调解室, 区莎姐调解中心; a department's own name. */
export function hallName(unit: { name: string; level: Level | null }): string {
  if (unit.level === null) return unit.name;
  if (unit.level === 'district') return '区' + LEVEL_HALLS.district;
  return unit.name + LEVEL_HALLS[unit.level];
}
