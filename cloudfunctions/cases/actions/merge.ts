import { z } from 'zod';
import { TEXT_LIMITS } from '../../../domain/limits';
import { checkMerge, followersAfterMerge, mergedPatch, mergeEntries, type MergeCase } from '../../../domain/merge';
import type { CaseRecord } from '../../../domain/case';
import { mayReadCase } from '../../../domain/access';
import { action, AppError } from '../../../server/function';
import { database, settle } from '../../../server/cloud';
import { COLLECTIONS } from '../../../server/collections';
import { recordCaseChange } from '../../../server/counters';
import { actorOf, requireStaff } from '../../../server/identity';
import { loadReference } from '../../../server/reference';
import { getCase, updateCaseIfVersion } from '../../../server/repos/cases';
import { caseId, shortText } from '../../../server/schemas';

type Doc = MergeCase &
  Pick<CaseRecord, 'round'> & {
    code: string;
    version: number;
    followerIds?: string[];
    followers?: number;
    mergedFrom?: string[];
  };

/**
 * 合并: staff merge a duplicate into a case still open. Checks (domain/merge.ts) come before any write;
 * the merged case is closed with a link where its version is unchanged, then the survivor gains its
 * reporter as a follower and the link back; both timelines record it. Counters: the merged case owes nothing more (kpiContributions).
 */
export const merge = action(
  z.object({ caseId, intoCaseId: caseId, reason: shortText(TEXT_LIMITS.withdraw) }).strict(),
  async (req, ctx): Promise<{ caseId: string; mergedInto: string }> => {
    const ref = await loadReference(ctx.now);
    const staff = await requireStaff(ctx, ref);
    const [from, into] = (await Promise.all([getCase(req.caseId), getCase(req.intoCaseId)])) as unknown as [
      Doc | null,
      Doc | null
    ];
    const actor = actorOf(staff);
    // A case the caller may not read is not found, as everywhere (no probing of other units' cases).
    if (!from || !mayReadCase(from, actor, ref.units)) throw new AppError('NOT_FOUND', req.caseId);
    if (!into || (req.caseId !== req.intoCaseId && !mayReadCase(into, actor, ref.units)))
      throw new AppError('NOT_FOUND', req.intoCaseId);
    const refused = checkMerge(from, into, staff.unit.id, ref.units);
    if (refused) throw new AppError(refused.code, refused.detail);
    const patch = {
      ...mergedPatch(into, req.reason, staff.openid, ctx.now),
      version: from.version + 1,
      updatedAt: ctx.now
    };
    const entries = mergeEntries(from, into, req.reason, { staffId: staff.openid, unitId: staff.unit.id }, ctx.now);
    if (!(await updateCaseIfVersion(from._id, from.version, patch, [entries.from])))
      throw new AppError('CASE_BUSY', from._id);
    const followerIds = followersAfterMerge(into, from);
    await Promise.all([
      recordCaseChange(from, { ...from, ...patch }, ctx.now),
      settle(
        database()
          .collection(COLLECTIONS.cases)
          .doc(into._id)
          .update({
            data: {
              followerIds,
              followers: followerIds.length,
              mergedFrom: database().command.addToSet(from._id),
              // Who may still rate the survivor (domain/merge.ts coRating).
              mergedReporterIds: database().command.addToSet(from.reporterId),
              timeline: database().command.push([entries.into])
            }
          })
      )
    ]);
    return { caseId: from._id, mergedInto: into._id };
  },
  { texts: (r) => [r.reason] }
);
