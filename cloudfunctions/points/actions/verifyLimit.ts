// Failed pickup verifications per staff member and hour: one counter document each, changed by single
// conditional updates. An attempt is taken before the look-up and given back when the code was known,
// so only unknown codes count and concurrent calls cannot overrun the limit.
import { verifyWindow } from '../../../domain/points/shop';
import type { PointsPolicy } from '../../../domain/points/rules';
import { AppError } from '../../../server/function';
import { POINTS_COLLECTIONS as C, verifyLimitIdOf, type VerifyLimitDoc } from '../../../server/repos/points';
import { duplicateOf, pointsDb, retrying } from '../../../server/repos/pointsTx';

/** How long a counter is kept after its hour began (the nightly run removes it after). */
const KEEP_MS = 2 * 3600_000;

/** Takes one attempt of `staff`'s hour; TOO_MANY_ATTEMPTS (nothing written) when they are spent. Answers the counter's id. */
export async function takeAttempt(
  staff: string,
  now: Date,
  policy: Pick<PointsPolicy, 'verifyFailuresPerHour'>
): Promise<string> {
  const db = pointsDb();
  const _ = db.command;
  const window = verifyWindow(now);
  const id = verifyLimitIdOf(staff, window);
  const inc = async (): Promise<boolean> => {
    const res = await retrying<{ stats: { updated: number } }>(() =>
      db
        .collection(C.verifyLimits)
        .where({ _id: id, failures: _.lt(policy.verifyFailuresPerHour) })
        .update({ data: { failures: _.inc(1) } })
    );
    return res.stats.updated > 0;
  };
  if (await inc()) return id;
  const doc: VerifyLimitDoc = { _id: id, staff, window, failures: 1, expiresAt: new Date(now.getTime() + KEEP_MS) };
  try {
    await retrying(() => db.collection(C.verifyLimits).add({ data: doc }));
    return id;
  } catch (e) {
    if (!duplicateOf(e)) throw e;
  }
  // It exists: created meanwhile by a concurrent call, or full.
  if (await inc()) return id;
  throw new AppError('TOO_MANY_ATTEMPTS', window);
}

/** Gives an attempt back: the code named an order, so it was no failed guess. */
export async function giveBackAttempt(id: string): Promise<void> {
  const db = pointsDb();
  await retrying(() =>
    db
      .collection(C.verifyLimits)
      .doc(id)
      .update({ data: { failures: db.command.inc(-1) } })
  );
}

/** Removes the counters of past hours (the nightly run); answers how many. */
export async function dropOldAttempts(now: Date): Promise<number> {
  const db = pointsDb();
  const res = await retrying<{ stats?: { removed?: number } }>(() =>
    db
      .collection(C.verifyLimits)
      .where({ expiresAt: db.command.lte(now) })
      .remove()
  );
  return res.stats?.removed ?? 0;
}
