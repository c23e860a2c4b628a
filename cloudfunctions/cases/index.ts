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
import { detail, mine, queue, supervision, whistles } from './actions/read';
import { submit } from './actions/submit';
import { checkIn, report, whistle, withdrawWhistle } from './actions/whistles';

export const main = defineFunction({
  submit,
  mine,
  detail,
  photoUrls,
  queue,
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
  onsiteCheckIn,
  recordVisit
});
