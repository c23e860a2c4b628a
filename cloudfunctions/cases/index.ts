import { defineFunction } from '../../server/function';
import { accept, escalate, reject, reply, resolve, transfer } from './actions/handle';
import {
  decideExtension,
  decidePause,
  dispatch,
  onsiteCheckIn,
  pause,
  reassign,
  recordVisit,
  requestExtension,
  resume
} from './actions/oversight';
import { photoUrls } from './actions/photos';
import { detail, mine, queue, queueCounts, supervision, todo, whistles } from './actions/read';
import { register } from './actions/register';
import { supplement, urge, withdraw } from './actions/resident';
import { dispatchCandidates } from './actions/dispatchCandidates';
import { submit } from './actions/submit';
import { follow, similar, unfollow } from './actions/similar';
import { merge } from './actions/merge';
import { checkIn, report, whistle, withdrawWhistle } from './actions/whistles';

export const main = defineFunction({
  submit,
  // 多网合一: staff register cases from other channels
  register,
  mine,
  todo,
  detail,
  photoUrls,
  queue,
  queueCounts,
  accept,
  reply,
  transfer,
  escalate,
  resolve,
  reject,
  // 三吹哨三报到
  whistle,
  checkIn,
  report,
  withdrawWhistle,
  whistles,
  // supervision on the clock
  requestExtension,
  decideExtension,
  pause,
  resume,
  decidePause,
  reassign,
  supervision,
  // 网上吹哨网下报到
  dispatch,
  dispatchCandidates,
  onsiteCheckIn,
  recordVisit,
  // the reporter's own actions
  supplement,
  urge,
  withdraw,
  // 未诉先办: similar open cases before filing, and following one instead
  similar,
  follow,
  unfollow,
  // 合并: a duplicate into the case it repeats
  merge
});
