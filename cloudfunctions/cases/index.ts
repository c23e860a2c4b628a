import { defineFunction } from '../../server/function';
import { accept, escalate, reject, reply, resolve, transfer } from './actions/handle';
import { detail, mine, queue } from './actions/read';
import { submit } from './actions/submit';

export const main = defineFunction({ submit, mine, detail, queue, accept, reply, transfer, escalate, resolve, reject });
