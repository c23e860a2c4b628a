// The codes the domain speaks. Pure TS. The mini-program imports its types only (`import type`, checked
// by scripts/check-boundary.ts): DevTools compiles miniprogram/ alone.

/** Handling levels: 村/社区 和议厅 → 镇/街道 调解室 → 区 莎姐调解中心. */
export const LEVELS = ['community', 'town', 'district'] as const;
export type Level = (typeof LEVELS)[number];

/** Case statuses. Re-handling after an unsatisfied rating (重办) stays 'accepted', with round+1. */
export const CASE_STATUSES = ['submitted', 'accepted', 'resolved', 'closed', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Actions on an existing case. */
export const CASE_ACTIONS = [
  'accept',
  'reply',
  'transfer',
  'escalate',
  'resolve',
  'reject',
  'rate',
  'followUp'
] as const;
export type CaseActionType = (typeof CASE_ACTIONS)[number];

/** Resident satisfaction, best first. */
export const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** Reply and handling duties a case creates. */
export const DUTY_KINDS = ['firstResponse', 'acceptReply', 'resolveReply', 'rate', 'followUp'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];

/** 三吹哨三报到 actions on a case (whistles to departments and the two-way evaluation). */
export const WHISTLE_ACTIONS = [
  'whistle',
  'checkIn',
  'report',
  'withdrawWhistle',
  'evaluate',
  'evaluateWhistle'
] as const;
export type WhistleActionType = (typeof WHISTLE_ACTIONS)[number];

/** Supervision actions: extensions, pauses (挂起) and their approval, reassignment by the 综治中心, on-site dispatch. */
export const OVERSIGHT_ACTIONS = [
  'requestExtension',
  'decideExtension',
  'pause',
  'resume',
  'decidePause',
  'reassign',
  'dispatch',
  'onsiteCheckIn',
  'recordVisit'
] as const;
export type OversightActionType = (typeof OVERSIGHT_ACTIONS)[number];

/** Timeline entries the deadline sweeper writes ('pauseLapsed': an unapproved pause used up its allowance). */
export const CLOCK_ACTIONS = ['overdue', 'autoEscalate', 'pauseLapsed'] as const;
export type ClockActionType = (typeof CLOCK_ACTIONS)[number];

/** Whistled departments: one leads, the others cooperate. */
export const WHISTLE_ROLES = ['lead', 'cooperate'] as const;
export type WhistleRole = (typeof WHISTLE_ROLES)[number];

/** What the deadline sweeper watches: unit reply duties, whistle duties, owed evaluations, on-site visits. */
export const CLOCK_KINDS = [
  'firstResponse',
  'acceptReply',
  'resolveReply',
  'followUp',
  'whistleCheckIn',
  'whistleResult',
  'evaluate',
  'evaluateWhistle',
  'visit'
] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/** True when `x` is one of `list` (narrows unknown input from requests). */
export function isOneOf<T extends string>(list: readonly T[], x: unknown): x is T {
  return typeof x === 'string' && (list as readonly string[]).indexOf(x) >= 0;
}
