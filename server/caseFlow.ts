import { decide, type CaseAction } from '../domain/caseState';
import type { CaseDetail } from '../typings/cases';
import { canRead, dueAtOf, toDetail } from './caseViews';
import { AppError, type ActionContext } from './function';
import { actorOf, type Viewer } from './identity';
import { notifyReporter, notifyUnits } from './notify';
import { loadReference, type Reference } from './reference';
import { getCase, updateCaseIfVersion, type CaseDoc } from './repos/cases';

// Two people acting on one case at once: re-read and decide again a few times, then give up cleanly.
const MAX_ATTEMPTS = 3;

/**
 * Every change to a case: load → decide (domain) → persist if unchanged since read → notify.
 * `who` resolves the caller (one request for staff, none for the reporter).
 */
export async function actOnCase(
  caseId: string,
  action: CaseAction,
  ctx: ActionContext,
  who: (ref: Reference) => Promise<Viewer>
): Promise<CaseDetail> {
  const ref = await loadReference(ctx.now);
  const viewer = await who(ref);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const doc = await getCase(caseId);
    if (!doc || !canRead(doc, viewer)) throw new AppError('NOT_FOUND', caseId);
    const decision = decide(doc, action, actorOf(viewer), ctx.now, ref.ctx);
    if (!decision.ok) throw new AppError(decision.code, decision.detail);
    const next: CaseDoc = { ...doc, ...decision.patch, timeline: [...doc.timeline, decision.timeline], updatedAt: ctx.now };
    if (action.type === 'reject') next.rejectReason = action.reason.trim();
    next.dueAt = dueAtOf(next);
    const changed = pick(next, [...Object.keys(decision.patch), 'dueAt', 'updatedAt', 'rejectReason']);
    if (await updateCaseIfVersion(caseId, doc.version, changed, decision.timeline)) {
      await Promise.all([
        notifyReporter(next, decision.notify, decision.timeline.text, ref.templates, ctx.now),
        notifyUnits(next, decision.notify, ref.staffOf, ref.templates, ctx.now)
      ]);
      return toDetail(next, viewer, ref, ctx.now);
    }
  }
  throw new AppError('CONCURRENT_UPDATE', caseId);
}

function pick(o: CaseDoc, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in o && k !== '_id' && k !== 'timeline') out[k] = o[k as keyof CaseDoc];
  return out;
}
