// Copies of the label maps in domain/labels.ts: DevTools compiles miniprogram/ alone, so a
// runtime import from ../domain would break there. test/pages/labels.test.ts keeps them equal.
import type { CaseStatus, Level, Satisfaction, WhistleRole } from '../../domain/enums';
import type { RegisterChannel } from '../../domain/channel';

export const STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: '待受理',
  accepted: '办理中',
  resolved: '已办结，待评价',
  closed: '已结案',
  rejected: '不予受理'
};

export const WHISTLE_ROLE_LABELS: Record<WhistleRole, string> = { lead: '牵头', cooperate: '配合' };

export const LEVEL_LABELS: Record<Level, string> = {
  community: '村（社区）',
  town: '镇（街道）',
  district: '区'
};

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意'
};

/** Best first, as the rating form lists them. */
export const SATISFACTION_OPTIONS: ReadonlyArray<{ value: Satisfaction; label: string }> = [
  { value: 'satisfied', label: SATISFACTION_LABELS.satisfied },
  { value: 'basic', label: SATISFACTION_LABELS.basic },
  { value: 'unsatisfied', label: SATISFACTION_LABELS.unsatisfied }
];

/** Status filter of the staff workbench, in the domain's order. */
export const STATUS_OPTIONS: ReadonlyArray<{ value: CaseStatus; label: string }> = (
  ['submitted', 'accepted', 'resolved', 'closed', 'rejected'] as const
).map((value) => ({ value, label: STATUS_LABELS[value] }));

/** TDesign tag theme per status: colour is a hint only, the label always shows the status. */
export const STATUS_THEMES: Record<CaseStatus, 'warning' | 'primary' | 'success' | 'default' | 'danger'> = {
  submitted: 'warning',
  accepted: 'primary',
  resolved: 'success',
  closed: 'default',
  rejected: 'danger'
};

/** The channels staff register a case from (登记), as the picker lists them (domain/channel.ts). */
export const REGISTER_CHANNEL_OPTIONS: ReadonlyArray<{ value: RegisterChannel; label: string }> = [
  { value: 'hotline', label: '12345热线' },
  { value: 'visit', label: '来访' },
  { value: 'grid', label: '网格巡查' },
  { value: 'letter', label: '来信' },
  { value: 'partner', label: '对接平台' },
  { value: 'other', label: '其他' }
];
