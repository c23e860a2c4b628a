// The codes the domain speaks. Pure TS: the mini-program imports this file too.

/** Handling levels: 村/社区 和议厅 → 镇/街道 调解室 → 区 莎姐调解中心. */
export const LEVELS = ['community', 'town', 'district'] as const;
export type Level = (typeof LEVELS)[number];

/** Case statuses. Re-handling after an unsatisfied rating (重办) stays 'accepted', with round+1. */
export const CASE_STATUSES = ['submitted', 'accepted', 'resolved', 'closed', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Actions on an existing case. */
export const CASE_ACTIONS = ['accept', 'reply', 'transfer', 'escalate', 'resolve', 'reject', 'rate', 'followUp'] as const;
export type CaseActionType = (typeof CASE_ACTIONS)[number];

/** Resident satisfaction, best first. */
export const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** Reply and handling duties a case creates. */
export const DUTY_KINDS = ['firstResponse', 'acceptReply', 'resolveReply', 'rate', 'followUp'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];

/** True when `x` is one of `list` (narrows unknown input from requests). */
export function isOneOf<T extends string>(list: readonly T[], x: unknown): x is T {
  return typeof x === 'string' && (list as readonly string[]).indexOf(x) >= 0;
}
