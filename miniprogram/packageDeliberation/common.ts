// Labels and the stage steps of the 议事协商 pages (no `wx`: tests import this file). STAGE_LABELS copies
// domain/deliberation's (DevTools compiles miniprogram/ alone); test/pages/deliberation.test.ts keeps them equal.
import type { TopicEntryView, TopicStage, VotingBody } from '../../typings';

export const STAGE_LABELS: Record<TopicStage, string> = {
  proposed: '待初审',
  refused: '未采纳',
  merged: '已合并',
  opinions: '征求意见',
  drafting: '拟定方案',
  draft: '方案公示',
  review: '监督审核',
  approved: '待表决',
  voting: '表决中',
  passed: '已通过',
  failed: '未通过',
  done: '已办结'
};

/** The stage filters of the topic list, in the order a topic goes through them. */
export const STAGE_FILTERS: ReadonlyArray<{ value: TopicStage | ''; label: string }> = [
  { value: '', label: '全部' },
  ...(['proposed', 'opinions', 'drafting', 'draft', 'review', 'approved', 'voting', 'passed', 'done'] as const).map(
    (value) => ({
      value,
      label: STAGE_LABELS[value]
    })
  )
];

export const BODY_LABELS: Record<VotingBody, string> = {
  representatives: '村（居）民代表会议',
  households: '户代表会议'
};

const BY_LABELS: Record<TopicEntryView['by'], string> = {
  council: '议事会',
  supervisor: '监督委员会',
  proposer: '提议人',
  system: '系统'
};

const ENTRY_LABELS: Record<TopicEntryView['kind'], string> = {
  proposed: '一上：提出议题',
  accepted: '一下：受理',
  refused: '一下：不予受理',
  merged: '合并到其他议题',
  mergedIn: '合并了相似议题',
  opinionsClosed: '二上：意见征集截止',
  draft: '二下：公布方案',
  draftClosed: '方案意见征集截止',
  approved: '监督委员会：同意表决',
  rejected: '监督委员会：退回修改',
  voteOpened: '三上：开始表决',
  voteClosed: '三上：表决结束',
  progress: '三下：实施进展',
  done: '三下：办结',
  overdue: '督办：超期未初审',
  correction: '更正说明'
};

/** The 8 steps every topic goes through; `at` is how far this one got (refused/merged/failed stop there). */
const STEPS = ['提议', '初审', '征求意见', '方案', '监督审核', '表决', '实施', '办结'];
const REACHED: Record<TopicStage, number> = {
  proposed: 1,
  refused: 1,
  merged: 2,
  opinions: 2,
  drafting: 3,
  draft: 3,
  review: 4,
  approved: 5,
  voting: 5,
  passed: 6,
  failed: 5,
  done: 8
};
const STOPPED: readonly TopicStage[] = ['refused', 'merged', 'failed'];

export interface StepRow {
  label: string;
  /** done, current (where the topic is), stopped (where it ended), todo. Also said in words: colour is never the only signal. */
  state: 'done' | 'current' | 'stopped' | 'todo';
  mark: string;
}

export function stepsOf(stage: TopicStage): StepRow[] {
  const at = REACHED[stage];
  const stopped = STOPPED.includes(stage);
  return STEPS.map((label, i) => {
    const state: StepRow['state'] = i < at ? 'done' : i === at ? (stopped ? 'stopped' : 'current') : 'todo';
    const mark = { done: '已完成', current: '进行中', stopped: '已终止', todo: '未开始' }[state];
    return { label, state, mark };
  });
}

/** 2026-03-02 10:00 in Beijing time, whatever the phone's zone. */
export function beijing(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export interface EntryRow {
  title: string;
  meta: string;
  text: string;
}

export function entryRow(e: TopicEntryView): EntryRow {
  const parts: string[] = [];
  if (e.text) parts.push(e.text);
  if (e.plan) parts.push(`方案：${e.plan}`);
  if (e.budget !== undefined) parts.push(`预算：${e.budget} 元`);
  if (e.body && e.closesAt) parts.push(`${BODY_LABELS[e.body]}，${beijing(e.closesAt)} 截止`);
  if (e.counts)
    parts.push(
      `应到 ${e.counts.roster}，实到 ${e.counts.for + e.counts.against + e.counts.abstain}；赞成 ${e.counts.for}，反对 ${e.counts.against}，弃权 ${e.counts.abstain}${e.passed ? '，通过' : '，未通过'}`
    );
  return { title: ENTRY_LABELS[e.kind], meta: `${beijing(e.at)} · ${BY_LABELS[e.by]}`, text: parts.join('\n') };
}
