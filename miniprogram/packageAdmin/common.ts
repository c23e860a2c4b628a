// Shared by the admin pages: labels and how a refusal reads. No `wx` here, so tests import it.
import type { InviteRole, StaffRole, UnitKind } from '../../typings';

export const INVITE_ROLE_LABELS: Readonly<Record<InviteRole, string>> = {
  staff: '工作人员',
  admin: '管理员',
  representative: '村（居）民代表',
  supervisor: '村务监督委员会成员'
};

export const STAFF_ROLE_LABELS: Readonly<Record<StaffRole, string>> = { staff: '工作人员', admin: '管理员' };

export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  district: '区',
  town: '镇街',
  community: '村（社区）',
  department: '区级部门'
};

export const LEVEL_OPTIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'community', label: '村（社区）' },
  { value: 'town', label: '镇街' },
  { value: 'district', label: '区' }
];

/** `ABCD2345` → `ABCD 2345`, easier to read aloud and type. */
export const spacedCode = (code: string): string => code.replace(/^(.{4})(.+)$/, '$1 $2');

/**
 * The invite code a page was opened with: a share card's `code`, or a scanned 小程序码's `scene`
 * (WeChat passes the scene URL-encoded); '' if none.
 */
export function codeFromQuery(query: Record<string, string | undefined>): string {
  const raw = query.code ?? query.scene ?? '';
  try {
    return normalizeCode(decodeURIComponent(raw));
  } catch {
    return normalizeCode(raw); // a stray '%': not encoded after all
  }
}

/** Codes are typed case-insensitively, spaces and dashes ignored (as the server reads them). */
export const normalizeCode = (text: string): string => text.replace(/[\s-]/g, '').toUpperCase();

/** The redeem page's path with a code, for share cards. */
export const redeemPath = (code: string): string => `/packageAdmin/redeem/index?code=${code}`;
