// What admins may do to the organisation's units (org function): which new community codes fit their
// town, and when a unit may be deleted rather than only deactivated.
import type { ErrorCode } from './errors';
import type { UnitKind } from './org';

/** NBS 统计用区划代码: 12 digits; a community shares its town's first 9 and does not end in 000. */
export function communityCodeProblem(code: string, townCode: string | null | undefined): ErrorCode | null {
  if (!/^\d{12}$/.test(code) || code.endsWith('000')) return 'UNIT_CODE_INVALID';
  if (townCode && code.slice(0, 9) !== townCode.slice(0, 9)) return 'UNIT_CODE_INVALID';
  return null;
}

/** What deleting a unit would leave behind. */
export interface UnitUse {
  kind: UnitKind;
  children: number;
  staff: number;
  openCases: number;
  /** Cases that name it at all (handled, filed at, whistled), open or not. */
  cases: number;
  /** Deactivated at least the reference cache window ago: no warm instance still routes cases to it. */
  settledInactive: boolean;
}

/**
 * Why a unit cannot be deleted, or null: the district and towns never are (rename them); a unit with
 * open cases must be deactivated and its cases reassigned first; one that any case names, has staff
 * or sub-units stays (deactivated), so no record ever points at a unit that is gone. It must have been
 * deactivated a cache window before, so no instance routes a new case to it while it goes.
 */
export function deleteRefusal(u: UnitUse): ErrorCode | null {
  if (u.kind === 'district' || u.kind === 'town') return 'UNIT_NOT_DELETABLE';
  if (u.openCases > 0) return 'UNIT_HAS_OPEN_CASES';
  if (u.children > 0) return 'UNIT_HAS_CHILDREN';
  if (u.staff > 0) return 'UNIT_HAS_STAFF';
  if (u.cases > 0) return 'UNIT_HAS_CASES';
  if (!u.settledInactive) return 'UNIT_DEACTIVATE_FIRST';
  return null;
}

/** The statuses of a case still being worked on (not closed, not rejected). */
export const OPEN_CASE_STATUSES = ['submitted', 'accepted', 'resolved'] as const;
