// 德分宝: earn points for good deeds (claims, 公示, objections), spend them in community shops.
import { defineFunction, isTimerEvent } from '../../server/function';
import { award } from './actions/award';
import { claim, claims } from './actions/claims';
import { approve, refuse } from './actions/decide';
import { notices, object, ruling } from './actions/notices';
import { cancel, order, orders, verify } from './actions/orders';
import { redeem } from './actions/redeem';
import { items, shop } from './actions/shop';
import { sweepExpired } from './actions/sweep';
import { balance, ledger } from './actions/wallet';

const handle = defineFunction({ claim, claims, approve, refuse, award, notices, object, ruling, balance, ledger, shop, items, redeem, cancel, orders, order, verify });

/** Calls go to their action; the timer trigger writes off lapsed points. */
export async function main(event: unknown): Promise<unknown> {
  if (isTimerEvent(event)) return sweepExpired(new Date());
  return handle(event);
}
