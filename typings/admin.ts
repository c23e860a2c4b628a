// Issue 12's admin API: staff (account), units and open cases (org), the audit log (account).
// Rules (categories, routing, deadlines, holidays, templates, points, assessment, supervision) are
// setup.getRules / setup.setRules: typings/setup.ts. Nobody is identified by openid here: each staff
// or admin binding has an opaque `staffId`.
import type { CaseStatus, Level } from '../domain/enums';
import type { InviteRole } from './account';

/** Roles a binding can have (residents have none). */
export type StaffRole = 'staff' | 'admin';

/** One bound person as the staff list shows them. */
export interface StaffMember {
  /** Opaque, stable id of this binding (never the openid). */
  staffId: string;
  /** The name the person gave when redeeming (or later with account.setName); null if never given. */
  name: string | null;
  role: StaffRole;
  /** A unit's head may invite staff for their own unit and see its staff list. */
  head: boolean;
  /** ISO time the binding was written. */
  joinedAt: string;
  unitId: string | null;
  unitName: string | null;
}

/** account.staffList: one page of a unit's staff and admins, joined first first. Admins: any unit; a head: their own. */
export interface StaffListRequest {
  unitId: string;
  /** nextCursor of the previous page. */
  cursor?: string;
}

/** account.setRole: admins only; the last admin cannot be made staff (LAST_ADMIN). */
export interface SetRoleRequest {
  staffId: string;
  role: StaffRole;
}

/** account.setHead: admins only; only staff (not admins) can be a unit's head. */
export interface SetHeadRequest {
  staffId: string;
  head: boolean;
}

/** account.unbind: admins only; the person is a resident from then on. */
export interface UnbindRequest {
  staffId: string;
}

/** What account.inviteInfo shows before redeeming: unit and role (refusals: INVITE_INVALID/USED/EXPIRED). */
export interface InviteInfo {
  unitId: string;
  unitName: string;
  /** The unit's kind, for the page's wording (社区/镇街/区/部门). */
  unitKind: UnitKind;
  role: InviteRole;
  /** ISO time the code stops working. */
  expiresAt: string;
}

export type UnitKind = 'district' | 'town' | 'community' | 'department';

/** A unit as the admin's unit page shows it (org.units), inactive ones included. */
export interface AdminUnit {
  id: string;
  name: string;
  kind: UnitKind;
  /** 街道/镇 (street/town), 社区/村 (community/village). */
  subKind: 'street' | 'town' | 'community' | 'village' | null;
  parentId: string | null;
  /** The official statistical code (12 digits) when known. */
  code: string | null;
  /** The data file guessed this unit's facts (departments); cleared with org.confirmGuess. */
  guess: boolean;
  /** Deactivated units get no new cases (routing skips them; transfers/whistles to them are refused). */
  active: boolean;
  /** How many staff are bound to it. */
  staffCount: number;
}

/** org.addUnit: a community/village under a town, or a district department. Admins only. */
export type AddUnitRequest =
  | { kind: 'community'; townId: string; name: string; code: string; subKind?: 'community' | 'village' }
  | { kind: 'department'; name: string; fullName?: string };

/** org.renameUnit. Admins only; cases keep their stored unit ids, views show the new name. */
export interface RenameUnitRequest {
  unitId: string;
  name: string;
}

/** org.setUnitActive: deactivate (no new cases) or reactivate. Admins only. */
export interface SetUnitActiveRequest {
  unitId: string;
  active: boolean;
}

/** org.confirmGuess: the facts of a unit or category were checked; clears its `guess` flag. Admins only. */
export type ConfirmGuessRequest = { unitId: string } | { categoryId: string };

/** org.deleteUnit: only a unit with no cases, no staff and no sub-units (else UNIT_HAS_OPEN_CASES, UNIT_HAS_CASES, UNIT_HAS_STAFF, UNIT_HAS_CHILDREN), deactivated a minute before (UNIT_DEACTIVATE_FIRST). */
export interface DeleteUnitRequest {
  unitId: string;
}

/** org.openCases: a unit's cases not yet closed, for reassignment after deactivation. Admins only. */
export interface OpenCasesRequest {
  unitId: string;
  cursor?: string;
}

/** One open case of a unit. The district's staff reassign (改派) the `reassignable` ones (admins act on no case). */
export interface OpenCase {
  caseId: string;
  code: string;
  status: CaseStatus;
  level: Level;
  categoryName: string;
  /** ISO */
  createdAt: string;
  /** 'handling': the unit holds the case; 'whistle': a department with a whistle in force on it. */
  via: 'handling' | 'whistle';
  /** submitted or accepted, held by the unit: the district can reassign it. */
  reassignable: boolean;
}

/** account.auditLog: newest first. Admins only. */
export interface AuditLogRequest {
  cursor?: string;
  /** 1–100, default 30. */
  limit?: number;
}

/** One audit entry, people shown by name (never openid). */
export interface AuditView {
  id: string;
  /** ISO */
  at: string;
  /** Who did it: their name and staffId; null for the console (setup.bootstrap) and timers. */
  by: { staffId: string | null; name: string | null } | null;
  /** e.g. 'account.setRole', 'org.renameUnit', 'setup.setRules'. */
  action: string;
  /** What it touched: a unit id, a staffId, a rule-set list, a day. */
  target: string;
  /** The person it touched, when it touched one (null: they gave no name). */
  targetName?: string | null;
  /** The unit it touched, by name, when `target` is a unit id. */
  targetUnitName?: string;
  before?: unknown;
  after?: unknown;
}
