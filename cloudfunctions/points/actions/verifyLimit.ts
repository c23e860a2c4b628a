// Failed pickup verifications per staff member and hour: one counter document each, changed by single
// conditional updates. An attempt is taken before the look-up and given back when the code was known,
// so only unknown codes count and concurrent calls cannot overrun the limit.
import { verifyWindow } from '../../../domain/points/shop';
import type { PointsPolicy } from '../../../domain/points/rules';
import { AppError } from '../../../server/function';
import { POINTS_COLLECTIONS as C, verifyLimitIdOf, type VerifyLimitDoc } from '../../../server/repos/points';
import { addOnce, decAttempts, dropAttempts, incAttempts } from '../../../server/repos/pointsStore';

/** How long a counter is kept after its hour began (the nightly run removes it after). */
const KEEP_MS = 2 * 3600_000;

/** Takes one attempt of `staff`'s hour; TOO_MANY_ATTEMPTS (nothing written) when they are spent. Answers the counter's id. */
export async function takeAttempt(
  staff: string,
  now: Date,
  policy: Pick<PointsPolicy, 'verifyFailuresPerHour'>
): Promise<string> {
  const window = verifyWindow(now);
  const id = verifyLimitIdOf(staff, window);
  if (await incAttempts(id, policy.verifyFailuresPerHour)) return id;
  const doc: VerifyLimitDoc = { _id: id, staff, window, failures: 1, expiresAt: new Date(now.getTime() + KEEP_MS) };
  if ((await addOnce(C.verifyLimits, doc)) === 'added') return id;
  // It exists: created meanwhile by a concurrent call, or full.
  if (await incAttempts(id, policy.verifyFailuresPerHour)) return id;
  throw new AppError('TOO_MANY_ATTEMPTS', window);
}

/** Gives an attempt back: the code named an order, so it was no failed guess. */
export function giveBackAttempt(id: string): Promise<void> {
  return decAttempts(id);
}

/** Removes the counters of past hours (the nightly run); answers how many. */
export function dropOldAttempts(now: Date): Promise<number> {
  return dropAttempts(now);
}
