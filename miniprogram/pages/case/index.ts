// 诉求详情: the timeline, the replies, the photos; the reporter's own actions (补充材料 while it waits
// for material, 催办, 撤回 before acceptance) and, once resolved, the rating form.
import { caseDetailPage } from '../../behaviors/caseDetailPage';
import { elderMode } from '../../behaviors/elderMode';
import type { Satisfaction } from '../../../domain/enums';
import type { CaseDetail, Result } from '../../../typings';
import { supplement } from '../../services/cases/supplement';
import { urge } from '../../services/cases/urge';
import { withdraw } from '../../services/cases/withdraw';
import { getCatalog } from '../../services/org/catalog';
import { rateCase } from '../../services/ratings/rate';
import { toCaseDetailView, type CaseDetailView } from '../../utils/caseView';
import { formatTime } from '../../utils/format';
import { SATISFACTION_OPTIONS } from '../../utils/labels';

type Form = 'supplement' | 'withdraw' | '';

/** The progress steps as t-steps shows them: times formatted, the current step's state kept. */
interface ProgressView {
  current: number;
  urges: number;
  steps: Array<{ title: string; content: string; status: string }>;
}

function toProgressView(p: CaseDetail['progress']): ProgressView {
  return {
    current: p.current,
    urges: p.urges,
    // t-step-item statuses: finish / process / error / default (ahead).
    steps: p.steps.map((s) => ({
      title: s.title,
      content: [s.at ? formatTime(s.at) : '', s.note ?? ''].filter(Boolean).join(' · '),
      status: s.state === 'wait' ? 'default' : s.state
    }))
  };
}

// The resident notices the report form could not ask for (at most 3 a request): asked for here, when the
// reporter acts on the case, so replies reach them too.
let laterTemplates: string[] = [];

/** Asks for the remaining notices inside the tap (WeChat asks only on a user gesture); never blocks. */
function askLaterNotices(): void {
  const tmplIds = laterTemplates.slice(0, 3);
  if (tmplIds.length && wx.requestSubscribeMessage) void wx.requestSubscribeMessage({ tmplIds });
}

Component({
  behaviors: [caseDetailPage, elderMode],
  data: {
    view: null as CaseDetailView | null,
    progress: null as ProgressView | null,
    canRate: false,
    options: SATISFACTION_OPTIONS,
    satisfaction: '' as Satisfaction | '',
    comment: '',
    /** The server's limits (org.catalog); none (-1) until known, the server still checks. */
    maxComment: -1,
    maxSupplement: -1,
    maxWithdraw: -1,
    rating: false,
    rateError: '',
    /** What the reporter may do now, as the server decided it (CaseDetail.reporterActions). */
    canSupplement: false,
    canUrge: false,
    canWithdraw: false,
    /** The open form: 补充材料 or 撤回. */
    form: '' as Form,
    formText: '',
    acting: false,
    actError: ''
  },

  methods: {
    async loadAlongside() {
      const res = await getCatalog();
      if (!res.ok) return;
      laterTemplates = res.data.subscribe.resident.slice(3);
      const texts = res.data.limits.texts;
      this.setData({ maxComment: texts.rate, maxSupplement: texts.supplement, maxWithdraw: texts.withdraw });
    },

    show(detail: CaseDetail) {
      const view = toCaseDetailView(detail);
      const can = detail.reporterActions;
      this.setData({
        status: 'ready',
        view,
        progress: toProgressView(detail.progress),
        canRate: detail.canRate,
        canSupplement: can.indexOf('supplement') >= 0,
        canUrge: can.indexOf('urge') >= 0,
        canWithdraw: can.indexOf('withdraw') >= 0
      });
    },

    onSatisfactionTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value?: Satisfaction }>) {
      const value = e.currentTarget.dataset.value;
      if (value) this.setData({ satisfaction: value, rateError: '' });
    },

    onCommentChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ comment: String(e.detail.value ?? '') });
    },

    async onRate() {
      const { satisfaction, comment, caseId, rating } = this.data;
      if (rating) return;
      if (!satisfaction) {
        this.setData({ rateError: '请选择满意、基本满意或不满意' });
        return;
      }
      this.setData({ rating: true, rateError: '' });
      const res = await rateCase(caseId, satisfaction, comment.trim() || undefined);
      this.setData({ rating: false });
      if (!res.ok) {
        this.setData({ rateError: res.message });
        return;
      }
      this.show(res.data);
      this.setData({ satisfaction: '', comment: '' });
      void wx.showToast({ title: '感谢评价', icon: 'success' });
    },

    onOpenForm(e: WechatMiniprogram.BaseEvent<Record<string, never>, { form?: Form }>) {
      this.setData({ form: e.currentTarget.dataset.form ?? '', formText: '', actError: '' });
    },

    onCloseForm() {
      this.setData({ form: '', formText: '', actError: '' });
    },

    onFormTextChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ formText: String(e.detail.value ?? '') });
    },

    async onSendForm() {
      const { form, formText, caseId } = this.data;
      const text = formText.trim();
      if (!form) return;
      if (!text) {
        this.setData({ actError: form === 'supplement' ? '请填写补充的内容' : '请填写撤回的原因' });
        return;
      }
      if (form === 'supplement') askLaterNotices();
      const ok = await this.act(
        form === 'supplement' ? supplement({ caseId, text }) : withdraw({ caseId, reason: text }),
        form === 'supplement' ? '已补充' : '已撤回'
      );
      if (ok) this.setData({ form: '', formText: '' });
    },

    async onUrge() {
      askLaterNotices();
      await this.act(urge(this.data.caseId), '已催办');
    },

    /** Runs one of the reporter's actions: the new case on screen, or the server's reason. */
    async act(call: Promise<Result<CaseDetail>>, done: string): Promise<boolean> {
      if (this.data.acting) return false;
      this.setData({ acting: true, actError: '' });
      const res = await call;
      this.setData({ acting: false });
      if (!res.ok) {
        this.setData({ actError: res.message });
        return false;
      }
      this.show(res.data);
      void wx.showToast({ title: done, icon: 'success' });
      return true;
    }
  }
});
