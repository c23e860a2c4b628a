// account: who am I, staff invites (an admin or a unit's head creates a code, a staff member redeems it
// once), the staff lists admins manage (roles, heads, unbinding), and the audit log.
import { defineFunction } from '../../server/function';
import { auditLog } from './actions/auditLog';
import { createInvite } from './actions/createInvite';
import { inviteInfo } from './actions/inviteInfo';
import { me } from './actions/me';
import { redeemInvite } from './actions/redeemInvite';
import { setHead } from './actions/setHead';
import { setName } from './actions/setName';
import { setRole } from './actions/setRole';
import { staffList } from './actions/staffList';
import { unbind } from './actions/unbind';

export const main = defineFunction({
  me,
  createInvite,
  inviteInfo,
  redeemInvite,
  setName,
  staffList,
  setRole,
  setHead,
  unbind,
  auditLog
});
