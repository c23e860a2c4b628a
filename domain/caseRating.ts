// What a rating (by the resident, or recorded at a staff visit 回访) does to a resolved case:
// satisfied/basic → closed; 1st unsatisfied at a unit → 重办 there (round+1);
// 2nd → one level up for supervision (督办, round+1); 2nd at the district → closed as unsatisfied.
import { arrivalPatch, hallOf, type CaseContext, type CaseRecord, type Notice } from './case';
import { computeDeadlines } from './deadlines';
import type { Satisfaction } from './enums';
import { hallName, SATISFACTION_LABELS } from './labels';
import { escalationTarget } from './routing';

export interface RatingOutcome {
  patch: Partial<CaseRecord>;
  text: string;
  notify: Notice[];
}

/** The patch, timeline text and notices for a rating of a resolved case. */
export function applyRating(
  c: CaseRecord,
  sat: Satisfaction,
  by: 'resident' | 'followUp',
  note: string | null,
  now: Date,
  ctx: CaseContext
): RatingOutcome {
  const hall = hallOf(c.unitId, ctx);
  const label = SATISFACTION_LABELS[sat];
  const head =
    by === 'resident'
      ? `群众评价：${label}${note ? `（${note}）` : ''}`
      : `${hall}回访：${note ?? ''}（回访结果：${label}）`;
  const rated = { rating: sat, ratedAt: now, ratedBy: by } as const;

  if (sat !== 'unsatisfied') {
    return {
      patch: { ...rated, status: 'closed', closedAt: now },
      text: `${head}，结案`,
      notify: [{ to: 'unit', unitId: c.unitId, event: 'closed' }]
    };
  }

  const round = c.round + 1;
  if (c.unsatisfiedAtUnit === 0) {
    const d = computeDeadlines({ category: c.category, level: c.level, at: now }, ctx.deadlineRules, ctx.calendar);
    return {
      patch: {
        status: 'accepted',
        round,
        unsatisfiedAtUnit: 1,
        resolvedAt: null,
        rating: null,
        ratedAt: null,
        ratedBy: null,
        resolveDueAt: d.resolveDueAt
      },
      text: `${head}，由${hall}重新办理（第${round}轮）`,
      notify: [{ to: 'unit', unitId: c.unitId, event: 'redo' }]
    };
  }

  const target = escalationTarget(c.unitId, ctx.units);
  if (!target) {
    return {
      patch: { ...rated, status: 'closed', closedAt: now },
      text: `${head}。本案已经区级重新办理，现予结案；如仍有异议，可依法通过仲裁、诉讼等途径解决`,
      notify: [
        { to: 'unit', unitId: c.unitId, event: 'closed' },
        { to: 'reporter', event: 'closed' }
      ]
    };
  }
  return {
    patch: { ...arrivalPatch(c, target, now, ctx), round, supervised: true },
    text: `${head}，提级由${hallName(target)}督办（第${round}轮）`,
    notify: [
      { to: 'unit', unitId: target.id, event: 'assigned' },
      { to: 'reporter', event: 'escalated' }
    ]
  };
}
