// The deliberation timer: comment windows close and votes are counted on time, and a council that has
// not screened a proposal in time is 督办'd, once. Visits only topics whose `dueAt` has come (the `due` index).
import { closeVote, isFailure, sweepTopic, voteDue } from '../../domain/deliberation';
import { AppError } from '../../server/function';
import { notifyStep } from '../../server/deliberationNotify';
import { loadReference } from '../../server/reference';
import { applyStep, closeBallots, listDue, type TopicDoc } from '../../server/repos/topics';

const PAGE = 100;

export interface DeliberationSweep {
  visited: number;
  changed: number;
  more: boolean;
}

/** One run: at most 5 pages; a step lost to a concurrent change is left for the next run (dueAt still due). */
export async function sweepTopics(now: Date): Promise<DeliberationSweep> {
  const ref = await loadReference(now);
  const report: DeliberationSweep = { visited: 0, changed: 0, more: false };
  for (let page = 0; page < 5; page++) {
    const due = await listDue(now, PAGE);
    let changed = 0;
    for (const doc of due) {
      report.visited++;
      if (voteDue(doc, now)) {
        const closed = await closeDue(doc, now);
        if (closed) {
          changed++;
          await notifyStep(closed.doc, closed.step, ref, now);
        }
        continue;
      }
      const step = sweepTopic(doc, now);
      // Nothing to do (changed meanwhile): rewrite dueAt so the index moves on.
      const next = await applyStep(doc, step ?? { patch: {}, entries: [] });
      if (next && step) {
        changed++;
        await notifyStep(next, step, ref, now);
      }
    }
    report.changed += changed;
    if (due.length < PAGE) return report;
  }
  report.more = true;
  return report;
}

/** A vote whose closesAt has come, closed on its shards' sum; null when the council closed it first. */
async function closeDue(doc: TopicDoc, now: Date) {
  try {
    return await closeBallots(doc._id, (t, tally) => {
      const step = closeVote(t, tally, now, 'system');
      if (isFailure(step)) throw new AppError(step.code, step.detail);
      return step;
    });
  } catch (e) {
    // Closed meanwhile (its dueAt moved on with it), or busy: the next run looks again.
    if (e instanceof AppError) return null;
    throw e;
  }
}
