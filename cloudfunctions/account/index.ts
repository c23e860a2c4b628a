// account: who am I, and staff invites (an admin creates a code, a staff member redeems it once).
import { defineFunction } from '../../server/function';
import { createInvite } from './actions/createInvite';
import { me } from './actions/me';
import { redeemInvite } from './actions/redeemInvite';

export const main = defineFunction({ me, createInvite, redeemInvite });
