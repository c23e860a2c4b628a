// 德分宝: earn points for good deeds (claims, 公示, objections), spend them in community shops.
import { defineFunction, isTimerEvent } from '../../server/function';
import { award } from './actions/award';
import { myCode } from './actions/code';
import { claim, claims } from './actions/claims';
import { approve, refuse } from './actions/decide';
import { notices, object, ruling } from './actions/notices';
import { cancel, order, orders, verify } from './actions/orders';
import { photoUrls } from './actions/photos';
import { redeem } from './actions/redeem';
import { awaiting, confirmAward, declineAward } from './actions/secondKey';
import { items, shop } from './actions/shop';
import { sweepExpired } from './actions/sweep';
import { balance, ledger } from './actions/wallet';

const handle = defineFunction({
  claim,
  claims,
  approve,
  refuse,
  award,
  myCode,
  awaiting,
  confirmAward,
  declineAward,
  notices,
  object,
  ruling,
  balance,
  ledger,
  shop,
  items,
  photoUrls,
  redeem,
  cancel,
  orders,
  order,
  verify
});

/** Calls go to their action; the timer trigger writes off lapsed points. */
export const main = Object.assign(
  async (event: unknown): Promise<unknown> => {
    if (isTimerEvent(event)) return sweepExpired(new Date());
    return handle(event);
  },
  { actions: handle.actions }
);
