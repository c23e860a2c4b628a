import { sweepCase } from '../../domain/supervision';
import type { SweepReport } from '../../typings/cases';
import { persistChange } from '../../server/caseFlow';
import { notifyReporter, notifyUnits } from '../../server/notify';
import { loadReference, type Reference } from '../../server/reference';
import { getCase, listDueForSweep, type Cursor, type SweepDoc } from '../../server/repos/cases';

/** Cases read per request (CloudBase allows up to 1000; 100 keeps a page's documents small). */
const PAGE_SIZE = 100;
/** Writes in flight at once. */
const PARALLEL = 10;
/** Stop reading new pages after this long; what is left is due at the next run (timeout is 60 s). */
const BUDGET_MS = 40_000;

/**
 * One run: visits only the cases whose `sweepAt` has come, through the `sweep` index, page by page
 * (never all cases), and for each writes what sweepCase decides, then notifies. A case changed
 * meanwhile by someone else is re-read once; two runs at once write each change once (the version
 * guard), so nothing is sent twice.
 */
export async function sweep(now: Date): Promise<SweepReport> {
  const started = Date.now();
  const ref = await loadReference(now);
  const report: SweepReport = {
    visited: 0,
    changed: 0,
    reminders: 0,
    overdue: 0,
    escalated: 0,
    conflicts: 0,
    pages: 0,
    more: false
  };
  let after: Cursor | null = null;
  for (;;) {
    const page = await listDueForSweep(now, after, PAGE_SIZE);
    report.pages++;
    for (let i = 0; i < page.items.length; i += PARALLEL) {
      await Promise.all(page.items.slice(i, i + PARALLEL).map((doc) => visit(doc, now, ref, report)));
    }
    report.visited += page.items.length;
    if (page.items.length < PAGE_SIZE || !page.last) break;
    if (Date.now() - started > BUDGET_MS) {
      report.more = true;
      break;
    }
    after = page.last;
  }
  return report;
}

async function visit(first: SweepDoc, now: Date, ref: Reference, report: SweepReport): Promise<void> {
  let doc: SweepDoc | null = first;
  for (let attempt = 0; doc && attempt < 2; attempt++) {
    const out = sweepCase(doc, now, ref.supervision, ref.ctx);
    // Nothing to do (the item was done meanwhile): still rewrite the derived fields, so the index moves on.
    const next = await persistChange(doc, out?.patch ?? {}, out?.timeline ?? [], ref, now);
    if (next) {
      if (!out) return;
      report.changed++;
      for (const n of out.notify) {
        if (n.event === 'reminder') report.reminders++;
        if (n.event === 'overdue') report.overdue++;
      }
      if (out.timeline.some((e) => e.action === 'autoEscalate')) report.escalated++;
      const note = out.timeline[out.timeline.length - 1]?.text ?? '';
      await Promise.all([
        notifyReporter(next, out.notify, note, ref.templates, now),
        notifyUnits(next, out.notify, ref.staffOf, ref.templates, now)
      ]);
      return;
    }
    report.conflicts++;
    doc = await getCase(doc._id);
  }
}
