// The admin pages' one door to the backend (typed from typings/admin, account, org and setup): staff
// and invites (account), units (org), the rules (setup) and the audit log. People are named by staffId.
import type {
  AddUnitRequest,
  AdminUnit,
  AuditView,
  Invite,
  InviteInfo,
  InviteRole,
  Me,
  OpenCase,
  Page,
  Result,
  Rules,
  RuleKind,
  RulesView,
  StaffMember,
  StaffRole,
  UnbindResult
} from '../../typings';
import { callFunction } from './cloud';

const page = (cursor?: string): { cursor?: string } => (cursor ? { cursor } : {});

// ---- staff and invites (account) ---------------------------------------------------------------
/** The invite's 小程序码 opens the mini-program version the admin runs (a develop build's opens develop). */
export const createInvite = (unitId: string, role: InviteRole): Promise<Result<Invite>> =>
  callFunction('account', 'createInvite', { unitId, role, envVersion: wx.getAccountInfoSync().miniProgram.envVersion });
/** The unit and role a code binds to, before redeeming; writes nothing. */
export const inviteInfo = (code: string): Promise<Result<InviteInfo>> =>
  callFunction('account', 'inviteInfo', { code });
export const redeemInvite = (code: string, name: string): Promise<Result<Me>> =>
  callFunction('account', 'redeemInvite', { code, name });
export const staffList = (unitId: string, cursor?: string): Promise<Result<Page<StaffMember>>> =>
  callFunction('account', 'staffList', { unitId, ...page(cursor) });
export const setRole = (staffId: string, role: StaffRole): Promise<Result<StaffMember>> =>
  callFunction('account', 'setRole', { staffId, role });
export const setHead = (staffId: string, head: boolean): Promise<Result<StaffMember>> =>
  callFunction('account', 'setHead', { staffId, head });
export const unbind = (staffId: string): Promise<Result<UnbindResult>> =>
  callFunction('account', 'unbind', { staffId });
export const auditLog = (cursor?: string, limit?: number): Promise<Result<Page<AuditView>>> =>
  callFunction('account', 'auditLog', { ...page(cursor), ...(limit ? { limit } : {}) });

// ---- units (org) -------------------------------------------------------------------------------
export const listUnits = (): Promise<Result<AdminUnit[]>> => callFunction('org', 'units');
export const renameUnit = (unitId: string, name: string): Promise<Result<AdminUnit>> =>
  callFunction('org', 'renameUnit', { unitId, name });
export const addUnit = (req: AddUnitRequest): Promise<Result<AdminUnit>> => callFunction('org', 'addUnit', req);
export const setUnitActive = (unitId: string, active: boolean): Promise<Result<AdminUnit>> =>
  callFunction('org', 'setUnitActive', { unitId, active });
export const confirmUnitGuess = (unitId: string): Promise<Result<{ id: string; guess: false }>> =>
  callFunction('org', 'confirmGuess', { unitId });
export const confirmCategoryGuess = (categoryId: string): Promise<Result<{ id: string; guess: false }>> =>
  callFunction('org', 'confirmGuess', { categoryId });
export const openCases = (unitId: string, cursor?: string): Promise<Result<Page<OpenCase>>> =>
  callFunction('org', 'openCases', { unitId, ...page(cursor) });

// ---- rules (setup) -----------------------------------------------------------------------------
/** Every rule set in force, and whether next year's holidays are configured (the banner). */
export const getRules = (): Promise<Result<RulesView>> => callFunction('setup', 'getRules');
/** Replaces the sets given; a refusal (`{ ok: false, code, message, detail }`) writes nothing. */
export const setRules = (sets: Partial<Rules>): Promise<Result<{ updated: RuleKind[] }>> =>
  callFunction('setup', 'setRules', sets);
