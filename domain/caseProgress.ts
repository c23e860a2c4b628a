// A case's progress as the resident reads it (the case page's steps): 已提交 → 已受理 → 办理中 → 已办结 →
// 已评价, with the ways a case leaves that line (不予受理, 撤回, 合并) and the marks along it (挂起 for
// the resident's material, 重办 after an unsatisfied rating). Pure: computed from the stored case.
import type { CaseStatus } from './enums';
import type { TimelineAction } from './case';

/** What the steps need of a case. */
export interface ProgressCase {
  status: CaseStatus;
  round: number;
  createdAt: Date;
  timeline: ReadonlyArray<{ at: Date; action: TimelineAction; round: number }>;
  /** Waiting for the reporter's material (挂起). */
  waitingForMaterial: boolean;
  withdrawnAt?: Date | null;
  mergedInto?: string | null;
  urges?: ReadonlyArray<unknown>;
}

export type StepState = 'finish' | 'process' | 'error' | 'wait';

export interface ProgressStep {
  title: string;
  /** When the step was reached (ISO), or null while ahead. */
  at: string | null;
  state: StepState;
  /** A short mark under the step: 待您补充材料, 第 2 轮办理（重办）… */
  note: string | null;
}

export interface CaseProgress {
  steps: ProgressStep[];
  /** Index of the step the case is at. */
  current: number;
  /** 催办 so far. */
  urges: number;
}

/** What shows the case is being worked on (办理中): the unit's work, or the resident's material answering a pause. */
const HANDLING: ReadonlySet<TimelineAction> = new Set<TimelineAction>([
  'reply',
  'transfer',
  'escalate',
  'whistle',
  'dispatch',
  'onsiteCheckIn',
  'pause',
  'resume',
  'supplement'
]);

const iso = (d: Date | undefined | null): string | null => (d ? d.toISOString() : null);

/** The last time `action` happened in `round` (any round when null). */
function lastAt(c: ProgressCase, actions: ReadonlySet<TimelineAction>, round: number | null): Date | undefined {
  for (let i = c.timeline.length - 1; i >= 0; i--) {
    const e = c.timeline[i];
    if (actions.has(e.action) && (round === null || e.round === round)) return e.at;
  }
  return undefined;
}

const one = (a: TimelineAction): ReadonlySet<TimelineAction> => new Set([a]);

export function caseProgress(c: ProgressCase): CaseProgress {
  const urges = c.urges?.length ?? 0;
  const submitted: ProgressStep = { title: '已提交', at: iso(c.createdAt), state: 'finish', note: null };
  const ended = (title: string, at: Date | null | undefined, note: string | null): CaseProgress => ({
    steps: [submitted, { title, at: iso(at ?? null), state: 'error', note }],
    current: 1,
    urges
  });
  if (c.status === 'rejected') return ended('不予受理', lastAt(c, one('reject'), null), null);
  if (c.withdrawnAt) return ended('已撤回', c.withdrawnAt, null);
  if (c.mergedInto) return ended('已合并', lastAt(c, one('merge'), null), '并入另一件诉求一并办理');

  const acceptedAt = lastAt(c, one('accept'), 1) ?? lastAt(c, one('accept'), null);
  // 办理中 begins with the unit's first work after acceptance (a reply, a whistle, a visit…), or with a re-handling.
  const workAt = lastAt(c, HANDLING, c.round) ?? (c.round > 1 ? lastAt(c, one('rate'), c.round - 1) : undefined);
  const resolvedAt = lastAt(c, one('resolve'), c.round);
  const ratedAt = c.status === 'closed' ? lastAt(c, new Set<TimelineAction>(['rate', 'followUp']), null) : undefined;

  const reached = [
    true,
    c.status !== 'submitted',
    c.status !== 'submitted' && (!!workAt || c.status !== 'accepted' || c.round > 1),
    c.status === 'resolved' || c.status === 'closed',
    c.status === 'closed'
  ];
  const current = reached.lastIndexOf(true);
  const titles = ['已提交', '已受理', '办理中', '已办结', '已评价'];
  const ats = [c.createdAt, acceptedAt, workAt ?? (c.round > 1 ? undefined : acceptedAt), resolvedAt, ratedAt];
  const steps = titles.map((title, i): ProgressStep => ({
    title,
    at: reached[i] ? iso(ats[i]) : null,
    state: i < current || (i === current && c.status === 'closed') ? 'finish' : i === current ? 'process' : 'wait',
    note: null
  }));
  if (c.round > 1) steps[2].note = `第 ${c.round} 轮办理（重办）`;
  if (c.waitingForMaterial) {
    const at = Math.max(current, 1);
    steps[at].note = '已挂起，待您补充材料';
    steps[at].state = 'process';
  }
  if (c.status === 'closed' && !ratedAt) steps[4] = { ...steps[4], title: '已结案' };
  return { steps, current, urges };
}
