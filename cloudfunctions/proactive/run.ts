// The night's run, kept in proactiveRuns/<YYYY-MM-DD of the night>. A district's window does not fit
// one call (60 s), so the timer fires every few minutes through the night and each call goes on where
// the last stopped: one community at a time (clusters never cross one, domain/cluster.ts). One call at
// a time holds the run, by a lease that outlives the function's timeout; a call that dies leaves work
// the next one redoes, and redoing is harmless (proactive ids name their cluster, links skip linked).
import { randomUUID } from 'node:crypto';
import { dayToIso, shanghaiDay } from '../../domain/time';
import { database } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { classifyDbError } from '../../server/dbErrors';
import type { NightlyReport } from '../../typings/proactive';
import type { Requests } from './requests';
import type { StoredRow } from './months';

/** Longer than a call may live (60 s), so a lease left by a dead call has surely ended. */
export const LEASE_MS = 70_000;

/**
 * A month cluster kept in the running top: a stored row before its trend and names are known. Its
 * `caseIds` are capped (MAX_ROW_IDS) so the night's document and the month's stay far below a request's
 * 1 MB; `count` is the cluster's size.
 */
export type Candidate = Pick<
  StoredRow,
  | 'key'
  | 'communityId'
  | 'category'
  | 'text'
  | 'count'
  | 'reporters'
  | 'center'
  | 'points'
  | 'proactiveCaseId'
  | 'caseIds'
>;

/** The night's running totals, as its report shows them. */
export type RunTotals = Pick<
  NightlyReport,
  'cases' | 'clusters' | 'passing' | 'opened' | 'attached' | 'requests' | 'calls'
>;

export interface RunDoc {
  _id: string;
  /** The night's instant: every community is clustered as of it, whichever call reaches it. */
  at: Date;
  /** Communities in the order calls take them; `next` is the first not done. */
  communities: string[];
  next: number;
  totals: RunTotals;
  /** The month's running top (domain keepTop): exact, since the top of all is the top of the tops. */
  top: Candidate[];
  holder: string;
  leaseUntil: Date;
  completedAt: Date | null;
}

const ZERO: Readonly<RunTotals> = { cases: 0, clusters: 0, passing: 0, opened: 0, attached: 0, requests: 0, calls: 0 };

/** The night a call belongs to: its Shanghai day (the timer fires from 02:00 on). */
export function nightOf(now: Date): string {
  return dayToIso(shanghaiDay(now));
}

const runs = () => database().collection(COLLECTIONS.proactiveRuns);

/** What a call got: the run it now holds (and its token), or the run as another left it. */
export type Claim = { held: true; run: RunDoc } | { held: false; run: RunDoc | null };

/**
 * Takes tonight's run: starts it, or takes it over when its lease has ended. A completed run is
 * started afresh only when `restart` (an admin's run by hand); the timer leaves it be.
 */
export async function claimRun(
  now: Date,
  communities: readonly string[],
  restart: boolean,
  req: Requests
): Promise<Claim> {
  const _ = database().command;
  const id = nightOf(now);
  const res = await req.run<{ data: RunDoc[] }>(runs().where({ _id: id }).limit(1).get());
  const found = res.data[0] ?? null;
  const holder = randomUUID();
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const fresh = { at: now, communities: [...communities], next: 0, totals: { ...ZERO }, top: [], completedAt: null };
  if (!found) {
    try {
      await req.run(runs().add({ data: { _id: id, ...fresh, holder, leaseUntil } }));
    } catch (e) {
      if (classifyDbError(e) !== 'duplicate') throw e;
      return { held: false, run: null }; // another call started it this instant
    }
    return { held: true, run: { _id: id, ...fresh, holder, leaseUntil } };
  }
  if (found.completedAt && !restart) return { held: false, run: found };
  if (!found.completedAt && new Date(found.leaseUntil) > now) return { held: false, run: found };
  // Conditional on what was read: of two calls taking it over, one wins.
  const [taken, patch]: [object, Partial<RunDoc>] = found.completedAt
    ? [
        { _id: id, completedAt: new Date(found.completedAt) },
        { ...fresh, holder, leaseUntil }
      ]
    : [
        { _id: id, holder: found.holder, leaseUntil: _.lt(now) },
        { holder, leaseUntil }
      ];
  const upd = await req.run<{ stats: { updated: number } }>(runs().where(taken).update({ data: patch }));
  if (upd.stats.updated !== 1) return { held: false, run: found };
  return { held: true, run: { ...found, ...patch } };
}

/**
 * Saves where the call got to: `hold` extends its lease to go on, `release` frees the night for the
 * next call, `done` completes it. False when the lease was lost (stop at once).
 */
export async function checkpoint(
  run: RunDoc,
  now: Date,
  req: Requests,
  then: 'hold' | 'release' | 'done'
): Promise<boolean> {
  const patch = {
    next: run.next,
    totals: run.totals,
    top: run.top,
    leaseUntil: then === 'hold' ? new Date(now.getTime() + LEASE_MS) : new Date(0),
    completedAt: then === 'done' ? now : null
  };
  const upd = await req.run<{ stats: { updated: number } }>(
    runs().where({ _id: run._id, holder: run.holder }).update({ data: patch })
  );
  return upd.stats.updated === 1;
}
