// 合并后评价 (domain/merge.ts coRating): the reporter of a merged case rates the case it joined. Taken
// only when the usual rating refused the caller as not the reporter, so ordinary ratings pay nothing.
import { coRating } from '../../domain/merge';
import type { Satisfaction } from '../../domain/enums';
import type { CaseDetail } from '../../typings/cases';
import { toDetail } from '../../server/caseViews';
import { AppError, type ActionContext } from '../../server/function';
import { loadReference } from '../../server/reference';
import { getCase, updateCaseIfVersion } from '../../server/repos/cases';

/** Whether a refusal of `rate` may hide a merged reporter's rating. */
export const MAYBE_MERGED_REPORTER: ReadonlySet<string> = new Set(['NOT_REPORTER', 'ALREADY_RATED']);

/** The merged reporter's rating, or null when the caller is not one (the first refusal stands). */
export async function rateAsMergedReporter(
  caseId: string,
  openid: string,
  satisfaction: Satisfaction,
  comment: string | undefined,
  ctx: ActionContext
): Promise<CaseDetail | null> {
  const ref = await loadReference(ctx.now);
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = await getCase(caseId);
    if (!doc) return null;
    const d = coRating(doc, openid, satisfaction, comment, ctx.now);
    if (!d.ok && d.code === 'NOT_REPORTER') return null; // not a merged case's reporter either
    if (!d.ok) throw new AppError(d.code, d.detail);
    const patch = { version: doc.version + 1, updatedAt: ctx.now };
    if (await updateCaseIfVersion(doc._id, doc.version, patch, [d.entry])) {
      const next = { ...doc, ...patch, timeline: [...doc.timeline, d.entry] };
      return toDetail(next, { kind: 'resident', openid }, ref, ctx.now);
    }
  }
  throw new AppError('CONCURRENT_UPDATE', caseId);
}
