// Issue 6 load: 1000 concurrent redemptions, no faults (see pointsLoad.ts for what is checked).
import { runLoad } from './pointsLoad';

// Generous: two cores shared with the rest of the suite; this is not a speed check (speed is in bench/).
jest.setTimeout(300_000);

test('1000 concurrent redemptions: nothing oversold, no negative balance, ledger sums equal balances, one order per requestId', () =>
  runLoad(0, 20260601));
