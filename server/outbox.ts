import type { OutboxReport } from '../typings/cases';
import { notifyUnits } from './notify';
import { loadReference, type Reference } from './reference';
import { enqueueCaseEvent } from './repos/partners';
import { claimOutbox, listOutbox, type SweepDoc } from './repos/cases';

/** Cases read per request; at 60,000 cases a day a minute brings about 42. */
const PAGE_SIZE = 100;
/** Cases sent at once. */
const PARALLEL = 10;
/** Stop taking new pages after this long; the rest goes at the next minute (timeout is 60 s). */
const BUDGET_MS = 40_000;

/**
 * One run: the new cases whose outbox waits, oldest first, through the `outbox` index. Each is claimed
 * with one update before anything is sent, so two runs at once send each notice once; a failed send is
 * logged and not retried (as everywhere else: a notice never undoes or holds up a case).
 */
export async function flushOutbox(now: Date): Promise<OutboxReport> {
  const started = Date.now();
  const report: OutboxReport = { cases: 0, notices: 0, more: false };
  for (;;) {
    const page = await listOutbox(now, PAGE_SIZE);
    if (!page.length) break;
    const ref = await loadReference(now);
    for (let i = 0; i < page.length; i += PARALLEL) {
      await Promise.all(
        page.slice(i, i + PARALLEL).map(async (doc: SweepDoc) => {
          const sent = await sendOutbox(doc, ref, now);
          if (sent === null) return; // another run has it
          report.cases++;
          report.notices += sent;
        })
      );
    }
    if (page.length < PAGE_SIZE) break;
    if (Date.now() - started > BUDGET_MS) {
      report.more = true;
      break;
    }
  }
  return report;
}

/**
 * Sends one case's outbox as it was when `doc` was read (its first version): claims it first, so it
 * goes once. The notices sent, or null when someone else had it.
 */
async function sendOutbox(doc: SweepDoc, ref: Reference, now: Date): Promise<number | null> {
  if (!doc.outboxAt || !(await claimOutbox(doc._id))) return null;
  return sendTaken(doc, ref, now);
}

/**
 * Sends an outbox already taken: by the claim above, or by the case's first change, whose
 * version-guarded update takes it (no extra request) and must queue the creation's partner event
 * before its own.
 */
export async function sendTaken(doc: SweepDoc, ref: Reference, now: Date): Promise<number> {
  const notices = doc.outbox ?? [];
  await Promise.all([notifyUnits(doc, notices, ref.staffOf, ref.templates, now), enqueueCaseEvent(doc, ref, now)]);
  return notices.length;
}
