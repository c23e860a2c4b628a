// One topic, 三公开: the matter, its stage steps, every entry with its date, the vote's counts (never who
// voted how), opinions. What the caller may do comes with the topic (me.*) and its stage: residents
// follow, comment and vote; the council screens, drafts, opens and closes the vote and reports progress;
// the supervisory committee reviews the draft. Each action opens one form; 确认提交 sends it.
import type { TopicDetail, VoteChoice, VotingBody } from '../../../typings';
import {
  closeVote,
  comment,
  correct,
  draft,
  follow,
  getComments,
  getTopic,
  openVote,
  progress,
  review,
  screen,
  vote
} from '../../services/deliberation';
import { beijing, BODY_LABELS, entryRow, STAGE_LABELS, stepsOf } from '../common';
import { elderMode } from '../../behaviors/elderMode';

type FormKind =
  'comment' | 'accept' | 'refuse' | 'draft' | 'approve' | 'reject' | 'openVote' | 'progress' | 'done' | 'correct';

interface Form {
  kind: FormKind;
  title: string;
  placeholder: string;
  /** The text is required (all but openVote). */
  text: boolean;
  budget?: boolean;
  vote?: boolean;
}

const FORMS: Record<FormKind, Form> = {
  comment: { kind: 'comment', title: '发表意见', placeholder: '您的意见和建议', text: true },
  accept: { kind: 'accept', title: '受理议题', placeholder: '受理说明，将向居民公开', text: true },
  refuse: { kind: 'refuse', title: '不予受理', placeholder: '请说明理由，提议人会看到', text: true },
  draft: {
    kind: 'draft',
    title: '公布方案',
    placeholder: '方案内容：做什么、怎么做、谁来做',
    text: true,
    budget: true
  },
  approve: { kind: 'approve', title: '同意提交表决', placeholder: '审核意见', text: true },
  reject: { kind: 'reject', title: '退回修改', placeholder: '请说明需要修改的地方', text: true },
  openVote: { kind: 'openVote', title: '发起表决', placeholder: '', text: false, vote: true },
  progress: { kind: 'progress', title: '发布实施进展', placeholder: '实施进展', text: true },
  done: { kind: 'done', title: '办结', placeholder: '办结情况', text: true },
  correct: { kind: 'correct', title: '更正说明', placeholder: '哪里有误、正确的是什么（原记录保留）', text: true }
};

interface Action {
  kind: FormKind | 'closeVote';
  label: string;
}

function actionsOf(t: TopicDetail): Action[] {
  const a: Action[] = [];
  if (t.me.canComment) a.push({ kind: 'comment', label: '发表意见' });
  if (t.me.council) {
    if (t.stage === 'proposed') a.push({ kind: 'accept', label: '受理' }, { kind: 'refuse', label: '不予受理' });
    if (t.stage === 'drafting') a.push({ kind: 'draft', label: '公布方案' });
    if (t.stage === 'approved') a.push({ kind: 'openVote', label: '发起表决' });
    if (t.stage === 'voting') a.push({ kind: 'closeVote', label: '结束表决' });
    if (t.stage === 'passed') a.push({ kind: 'progress', label: '发布进展' }, { kind: 'done', label: '办结' });
    a.push({ kind: 'correct', label: '更正说明' });
  }
  if (t.me.supervisor && t.stage === 'review')
    a.push({ kind: 'approve', label: '同意表决' }, { kind: 'reject', label: '退回修改' });
  return a;
}

const DAY_MS = 24 * 3600_000;

Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    topicId: '',
    topic: null as TopicDetail | null,
    stageLabel: '',
    steps: stepsOf('proposed'),
    entries: [] as ReturnType<typeof entryRow>[],
    result: '',
    voteLine: '',
    actions: [] as Action[],
    comments: [] as Array<{ commentId: string; text: string; meta: string }>,
    form: null as Form | null,
    text: '',
    budget: '',
    body: 'representatives' as VotingBody,
    bodyOptions: [
      { value: 'representatives', label: BODY_LABELS.representatives },
      { value: 'households', label: BODY_LABELS.households }
    ],
    days: '3',
    formError: '',
    submitting: false
  },
  methods: {
    onLoad(query: { topicId?: string }) {
      this.setData({ topicId: query.topicId ?? '' });
      void this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      void wx.stopPullDownRefresh();
    },
    async load() {
      const [res, comments] = await Promise.all([getTopic(this.data.topicId), getComments(this.data.topicId)]);
      if (!res.ok) {
        this.setData({ status: 'error', errorMessage: res.message });
        return;
      }
      const t = res.data;
      const r = t.result;
      this.setData({
        status: 'ready',
        topic: t,
        stageLabel: STAGE_LABELS[t.stage],
        steps: stepsOf(t.stage),
        entries: t.entries.map(entryRow),
        result: r
          ? `${BODY_LABELS[r.body]}：应到 ${r.roster}，实到 ${r.for + r.against + r.abstain}；赞成 ${r.for}，反对 ${r.against}，弃权 ${r.abstain}。${r.passed ? '表决通过' : '表决未通过'}`
          : '',
        voteLine: t.vote ? `${BODY_LABELS[t.vote.body]}表决中，${beijing(t.vote.closesAt)} 截止` : '',
        actions: actionsOf(t),
        comments: comments.ok
          ? comments.data.items.map((c) => ({
              commentId: c.commentId,
              text: c.text,
              meta: `${beijing(c.at)} · ${c.round === 'draft' ? '对方案' : '征求意见'}`
            }))
          : []
      });
    },
    onRetry() {
      void this.load();
    },
    async onFollow() {
      const t = this.data.topic;
      if (!t) return;
      const res = await follow(t.topicId, !t.me.following);
      void wx.showToast({
        title: res.ok ? (res.data.following ? '已关注，各阶段会通知您' : '已取消关注') : res.message,
        icon: 'none'
      });
      if (res.ok) void this.load();
    },
    async onVote(e: WechatMiniprogram.BaseEvent<Record<string, never>, { choice?: VoteChoice }>) {
      const choice = e.currentTarget.dataset.choice;
      if (!choice) return;
      const res = await vote({ topicId: this.data.topicId, choice });
      void wx.showToast({ title: res.ok ? '投票成功' : res.message, icon: res.ok ? 'success' : 'none' });
      if (res.ok) void this.load();
    },
    async onAction(e: WechatMiniprogram.BaseEvent<Record<string, never>, { kind?: Action['kind'] }>) {
      const kind = e.currentTarget.dataset.kind;
      if (!kind) return;
      if (kind === 'closeVote') {
        const res = await closeVote(this.data.topicId);
        void wx.showToast({ title: res.ok ? `表决结束：${STAGE_LABELS[res.data.stage]}` : res.message, icon: 'none' });
        if (res.ok) void this.load();
        return;
      }
      this.setData({ form: FORMS[kind], text: '', budget: '', formError: '' });
    },
    onCancel() {
      this.setData({ form: null });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value });
    },
    onBudget(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ budget: e.detail.value });
    },
    onDays(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ days: e.detail.value });
    },
    onBody(e: WechatMiniprogram.BaseEvent<Record<string, never>, { body?: VotingBody }>) {
      this.setData({ body: e.currentTarget.dataset.body ?? 'representatives' });
    },
    async onSubmit() {
      const form = this.data.form;
      if (!form || this.data.submitting) return;
      const text = this.data.text.trim();
      if (form.text && !text) {
        this.setData({ formError: `请填写${form.placeholder || '内容'}` });
        return;
      }
      const topicId = this.data.topicId;
      const budget = this.data.budget.trim() ? Number(this.data.budget) : undefined;
      if (budget !== undefined && !(budget >= 0)) {
        this.setData({ formError: '预算请填写金额（元）' });
        return;
      }
      const days = Number(this.data.days);
      if (form.vote && !(days >= 1 && days <= 30)) {
        this.setData({ formError: '表决天数为 1 到 30 天' });
        return;
      }
      this.setData({ submitting: true, formError: '' });
      const send = () => {
        switch (form.kind) {
          case 'comment':
            return comment(topicId, text);
          case 'accept':
          case 'refuse':
            return screen({ topicId, accept: form.kind === 'accept', reason: text });
          case 'draft':
            return draft(budget === undefined ? { topicId, plan: text } : { topicId, plan: text, budget });
          case 'approve':
          case 'reject':
            return review({ topicId, approve: form.kind === 'approve', note: text });
          case 'openVote':
            return openVote({
              topicId,
              body: this.data.body,
              closesAt: new Date(Date.now() + days * DAY_MS).toISOString()
            });
          case 'progress':
          case 'done':
            return progress({ topicId, text, done: form.kind === 'done' });
          case 'correct':
            return correct(topicId, text);
        }
      };
      const res = await send();
      this.setData({ submitting: false });
      if (!res.ok) {
        this.setData({ formError: res.message });
        return;
      }
      this.setData({ form: null });
      void wx.showToast({ title: '已提交', icon: 'success' });
      await this.load();
    }
  }
});
