export type Role = 'resident' | 'staff' | 'admin';

export interface Me {
  openid: string;
  role: Role;
  /** The unit a staff member works for; null for residents. */
  unitId: string | null;
  unitName: string | null;
}

/** Roles an invite can grant (residents need none: every WeChat user is one). */
export type InviteRole = Exclude<Role, 'resident'>;

export interface CreateInviteRequest {
  unitId: string;
  role: InviteRole;
}

export interface Invite {
  /** 8 characters without look-alikes (no 0/O, 1/I/L); typed case-insensitively, dashes and spaces ignored. */
  code: string;
  /** ISO time; the code works until then (7 days). */
  expiresAt: string;
  unitId: string;
  unitName: string;
  role: InviteRole;
}

/** The binding account.unbind removed; the person is a resident from then on. */
export interface UnbindResult {
  openid: string;
  removed: { role: Role; unitId: string | null; unitName: string | null };
}

export type AccountActions = {
  me: { req: Record<string, never>; res: Me };
  /** Admin only. */
  createInvite: { req: CreateInviteRequest; res: Invite };
  /** Binds the caller to the invite's unit and role, once; answers the caller's new identity. */
  redeemInvite: { req: { code: string }; res: Me };
  /** Admin only: removes a staff or admin binding (not the last admin's own). */
  unbind: { req: { openid: string }; res: UnbindResult };
};
