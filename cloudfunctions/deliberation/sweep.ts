// The deliberation timer: comment windows close and votes are counted on time, and a council that has
// not screened a proposal in time is 督办'd, once. Visits only topics whose `dueAt` has come (the `due` index).
import { sweepTopic } from '../../domain/deliberation';
import { notifyStep } from '../../server/deliberationNotify';
import { loadReference } from '../../server/reference';
import { applyStep, listDue } from '../../server/repos/topics';

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
