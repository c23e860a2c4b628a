// 合并 (duplicates): staff merge a case into another that is still open. The merged case ends
// (closed, with `mergedInto`), owes no more completion in the assessment (kpiContributions treats it
// like a withdrawn case), and its reporter follows the survivor.
import { inHandlingChain, type AccessCase } from './access';
import { cleanText, type CaseRecord, type TimelineEntry } from './case';
import type { Satisfaction } from './enums';
import { fail, type Failure } from './errors';
import { SATISFACTION_LABELS } from './labels';
import { scopePath, type Units } from './org';

/** The case fields a merge is decided on. */
export type MergeCase = AccessCase &
  Pick<CaseRecord, 'status' | 'reporterId'> & { _id: string; mergedInto?: string | null };

/** What the timeline lines of a merge name: each case's number and where it stands. */
type Recorded = Pick<CaseRecord, 'unitId' | 'round'> & { _id: string; code: string };

const OPEN: readonly string[] = ['submitted', 'accepted'];

/** The district above a unit (the top of its path). */
function districtOf(unitId: string, units: Units): string | null {
  try {
    const path = scopePath(unitId, units);
    return path[path.length - 1] ?? null;
  } catch {
    return null;
  }
}

/**
 * Whether staff of `unitId` may merge `from` into `into`; null when they may. Checked in this order so
 * each bad input gets its own code: itself, twice, across districts, into a closed case, then access.
 */
export function checkMerge(from: MergeCase, into: MergeCase, unitId: string, units: Units): Failure | null {
  if (from._id === into._id) return fail('MERGE_SELF', from._id);
  if (from.mergedInto) return fail('MERGE_TWICE', from.mergedInto);
  const d = districtOf(from.unitId, units);
  if (d === null || d !== districtOf(into.unitId, units)) return fail('MERGE_ACROSS_DISTRICTS', into._id);
  if (!OPEN.includes(into.status) || into.mergedInto) return fail('MERGE_INTO_CLOSED', into.status);
  if (!OPEN.includes(from.status)) return fail('CASE_CLOSED', from.status);
  if (!inHandlingChain(unitId, from, units) || !inHandlingChain(unitId, into, units))
    return fail('OUT_OF_SCOPE', unitId);
  return null;
}

/** The merged case's patch: ended, linked to the survivor. */
export function mergedPatch(
  into: Pick<MergeCase, '_id'>,
  reason: string,
  by: string,
  now: Date
): { status: 'closed'; closedAt: Date; mergedInto: string; mergedAt: Date; mergeReason: string; mergedBy: string } {
  return { status: 'closed', closedAt: now, mergedInto: into._id, mergedAt: now, mergeReason: reason, mergedBy: by };
}

/** The survivor's follower list with the merged case's reporter (who keeps hearing of it). */
export function followersAfterMerge(
  into: { followerIds?: string[]; reporterId: string },
  from: { reporterId: string }
): string[] {
  const ids = into.followerIds ?? [];
  return from.reporterId === into.reporterId || ids.includes(from.reporterId) ? ids : [...ids, from.reporterId];
}

/**
 * The merge on the record of both cases, each reporter reading it on their own case: the merged
 * case ends closed and names the survivor; the survivor, unchanged, names the case that joined it.
 */
export function mergeEntries(
  from: Recorded,
  into: Recorded & Pick<CaseRecord, 'status'>,
  reason: string,
  staff: { staffId: string; unitId: string },
  now: Date
): { from: TimelineEntry; into: TimelineEntry } {
  const actor = { kind: 'staff' as const, id: staff.staffId, unitId: staff.unitId };
  const base = { at: now, action: 'merge' as const, actor };
  return {
    from: {
      ...base,
      unitId: from.unitId,
      status: 'closed',
      round: from.round,
      text: `已合并到诉求 ${into.code}，请在该诉求查看办理进展（原因：${reason}）`,
      data: { intoCaseId: into._id }
    },
    into: {
      ...base,
      unitId: into.unitId,
      status: into.status,
      round: into.round,
      text: `诉求 ${from.code} 与本诉求反映同一问题，已合并到本诉求（原因：${reason}）`,
      data: { fromCaseId: from._id }
    }
  };
}

/** What a merged reporter's rating is decided on: the survivor as stored. */
export type CoRatedCase = Pick<CaseRecord, 'status' | 'unitId' | 'round'> & {
  mergedReporterIds?: string[];
  timeline: ReadonlyArray<Pick<TimelineEntry, 'action' | 'data'>>;
};

/**
 * 合并后评价: the reporter of a case merged into this one rates it too, once, when it is resolved or
 * closed. The rating is on the survivor's timeline (no notice), but it neither moves the case
 * (its own reporter's rating or the 回访 does) nor counts as a second sample: the survivor is one case
 * in the assessment (`ratingCounted: false`, kpiContributions.ts), so a merge never counts twice.
 */
export function coRatingRefusal(c: CoRatedCase, openid: string): Failure | null {
  if (!(c.mergedReporterIds ?? []).includes(openid)) return fail('NOT_REPORTER');
  if (c.status !== 'resolved' && c.status !== 'closed') return fail('CASE_NOT_RESOLVED', c.status);
  if (c.timeline.some((e) => e.action === 'rate' && e.data?.coRater === openid)) return fail('ALREADY_RATED');
  return null;
}

/** The merged reporter's rating as the survivor's timeline records it, or why it is refused. */
export function coRating(
  c: CoRatedCase,
  openid: string,
  satisfaction: Satisfaction,
  comment: string | undefined,
  now: Date
): Failure | { ok: true; entry: TimelineEntry } {
  const refused = coRatingRefusal(c, openid);
  if (refused) return refused;
  const note = cleanText(comment);
  return {
    ok: true,
    entry: {
      at: now,
      action: 'rate',
      actor: { kind: 'resident', id: openid },
      unitId: c.unitId,
      status: c.status,
      round: c.round,
      text: `合并诉求的群众评价：${SATISFACTION_LABELS[satisfaction]}${note ? `（${note}）` : ''}（同一问题只计一次考核）`,
      data: { satisfaction, ratingCounted: false, coRater: openid }
    }
  };
}
