// The nightly write-off: balances already exclude lapsed points at read time; this records the
// expire entries for accounts nobody touched, so stored balances match what residents see.
import { expire } from '../../../domain/points/ledger';
import {
  expireEntry,
  POINTS_COLLECTIONS as C,
  txAccount,
  txWrite,
  type AccountDoc
} from '../../../server/repos/points';
import { pointsDb, retrying, transact } from '../../../server/repos/pointsTx';
import { dropOldAttempts } from './verifyLimit';

/** Accounts handled per run; the next run continues (the trigger's timeout bounds a run). */
const BATCH = 200;

export async function sweepExpired(now: Date): Promise<{ accounts: number; points: number; verifyCounters: number }> {
  const db = pointsDb();
  const res = await retrying<{ data: unknown[] }>(() =>
    db
      .collection(C.accounts)
      .where({ nextExpiry: db.command.lte(now) })
      .orderBy('nextExpiry', 'asc')
      .limit(BATCH)
      .field({ _id: true })
      .get()
  );
  let accounts = 0;
  let points = 0;
  for (const { _id } of res.data as Array<Pick<AccountDoc, '_id'>>) {
    const written = await transact(async (tx) => {
      const account = await txAccount(tx, _id, now);
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
  return { accounts, points, verifyCounters };
}
