// 莎姐调解: two-party people's mediation of a dispute case (人民调解法), from the join link to the agreement's end.
import { defineFunction, isTimerEvent } from '../../server/function';
import { remindMediations, superviseMediations } from './sweep';
import { agreement, confirmation, draft, end, performance, sign, stats } from './actions/agreement';
import { assign, candidates, get, invitation, join, minutes, open, prefer, recuse, schedule } from './actions/flow';

const handle = defineFunction({
  open,
  invitation,
  join,
  get,
  candidates,
  prefer,
  assign,
  recuse,
  schedule,
  minutes,
  draft,
  sign,
  agreement,
  confirmation,
  performance,
  end,
  stats
});

/** Calls go to their action; the hourly timer 督办s mediations open for a month and sends session and term-due reminders. */
export const main = Object.assign(
  async (event: unknown): Promise<unknown> => {
    if (isTimerEvent(event)) {
      const now = new Date();
      return { ...(await superviseMediations(now)), ...(await remindMediations(now)) };
    }
    return handle(event);
  },
  { actions: handle.actions }
);
