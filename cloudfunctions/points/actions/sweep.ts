// The nightly write-off: balances already exclude lapsed points at read time; this records the
// expire entries for accounts nobody touched, so stored balances match what residents see.
import { expire } from '../../../domain/points/ledger';
import { expireEntry, txAccount, txWrite } from '../../../server/repos/points';
import { walletsDue } from '../../../server/repos/pointsStore';
import { migrateLegacy } from '../../../server/repos/pointsLegacy';
import { transact } from '../../../server/repos/pointsTx';
import { dropOldAttempts } from './verifyLimit';

/** Accounts handled per run; the next run continues (the trigger's timeout bounds a run). */
const BATCH = 200;

export async function sweepExpired(
  now: Date
): Promise<{ accounts: number; points: number; verifyCounters: number; migrated: { items: number; entries: number } }> {
  let accounts = 0;
  let points = 0;
  for (const openid of await walletsDue(now, BATCH)) {
    const written = await transact(async (tx) => {
      const account = await txAccount(tx, openid, now);
      const lapsed = expire(account, now);
      if (!lapsed) return 0;
      await txWrite(tx, account, lapsed.wallet, [expireEntry(account, lapsed.entry)], now);
      return -lapsed.entry.points;
    });
    if (written > 0) {
      accounts += 1;
      points += written;
    }
  }
  // Pickup verification counters of past hours are no longer read.
  const verifyCounters = await dropOldAttempts(now);
  // Items and orders from before stock shards, a batch a night (they are also brought over when used).
  const migrated = await migrateLegacy(now, BATCH);
  return { accounts, points, verifyCounters, migrated };
}
