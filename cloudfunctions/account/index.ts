// account: who am I, staff invites (an admin creates a code, a staff member redeems it once), and unbinding.
import { defineFunction } from '../../server/function';
import { createInvite } from './actions/createInvite';
import { me } from './actions/me';
import { redeemInvite } from './actions/redeemInvite';
import { unbind } from './actions/unbind';

export const main = defineFunction({ me, createInvite, redeemInvite, unbind });
