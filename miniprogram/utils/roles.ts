import type { Role } from '../../typings';

/** Every role with the label users see. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  resident: '居民',
  staff: '工作人员',
  admin: '管理员'
};
