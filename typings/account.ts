import type {
  AuditLogRequest,
  AuditView,
  InviteInfo,
  SetHeadRequest,
  SetRoleRequest,
  StaffListRequest,
  StaffMember,
  UnbindRequest
} from './admin';
import type { Page } from './cases';

export type Role = 'resident' | 'staff' | 'admin';

export interface Me {
  openid: string;
  role: Role;
  /** The unit a staff member works for; null for residents. */
  unitId: string | null;
  unitName: string | null;
  /** The caller's binding id (staff and admins), null for residents. */
  staffId: string | null;
  /** The name the caller gave when redeeming, or null. */
  name: string | null;
  /** Head of their unit: may invite staff for it and read its staff list. */
  head: boolean;
}

/** Roles an invite can grant (residents need none: every WeChat user is one). */
/** staff/admin bind `users`; representative/supervisor seat a resident on their community's roster (deliberation), who stays a resident. */
export type InviteRole = Exclude<Role, 'resident'> | 'representative' | 'supervisor';

export interface CreateInviteRequest {
  unitId: string;
  role: InviteRole;
  /** The mini-program version the admin runs (wx.getAccountInfoSync): the 小程序码 opens it. Default release. */
  envVersion?: 'release' | 'trial' | 'develop';
}

export interface Invite {
  /** 8 characters without look-alikes (no 0/O, 1/I/L); typed case-insensitively, dashes and spaces ignored. */
  code: string;
  /** ISO time; the code works until then (7 days). */
  expiresAt: string;
  unitId: string;
  unitName: string;
  role: InviteRole;
  /**
   * The 小程序码 (scanned, it opens the redeem page with this code): a temporary URL, valid 2 hours;
   * null when WeChat could not draw it, and then `qrUnavailable` says so in Chinese.
   */
  qrUrl: string | null;
  qrUnavailable?: string;
}

/** account.redeemInvite: the code, and the name staff lists show (required for new bindings from the page). */
export interface RedeemInviteRequest {
  code: string;
  /** 1–20 characters, as the person wants colleagues to see it (text-checked). */
  name?: string;
}

/** The binding account.unbind removed; the person is a resident from then on. */
export interface UnbindResult {
  staffId: string;
  removed: { role: Role; unitId: string | null; unitName: string | null };
}

export type AccountActions = {
  me: { req: Record<string, never>; res: Me };
  /** Admins: any unit and role. A unit's head: role 'staff' for their own unit only (else UNIT_OUT_OF_SCOPE). */
  createInvite: { req: CreateInviteRequest; res: Invite };
  /** Anyone signed in: the unit and role a code binds to, before redeeming; writes nothing. */
  inviteInfo: { req: { code: string }; res: InviteInfo };
  /** Binds the caller to the invite's unit and role, once; answers the caller's new identity. */
  redeemInvite: { req: RedeemInviteRequest; res: Me };
  /** Staff and admins: change the name colleagues see. */
  setName: { req: { name: string }; res: Me };
  /** Admins (any unit) and a unit's head (their own unit): one page of its staff, earliest joined first. */
  staffList: { req: StaffListRequest; res: Page<StaffMember> };
  /** Admin only: staff ⇄ admin (not the last admin). Answers the binding as it is now. */
  setRole: { req: SetRoleRequest; res: StaffMember };
  /** Admin only: make a staff member their unit's head, or not. */
  setHead: { req: SetHeadRequest; res: StaffMember };
  /** Admin only: removes a staff or admin binding (not the last admin's own). */
  unbind: { req: UnbindRequest; res: UnbindResult };
  /** Admin only: the audit log, newest first, people by name. */
  auditLog: { req: AuditLogRequest; res: Page<AuditView> };
};
