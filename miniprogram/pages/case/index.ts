// 诉求详情: the timeline, the replies, the photos and, once resolved, the reporter's rating form.
import { caseDetailPage } from '../../behaviors/caseDetailPage';
import type { Satisfaction } from '../../../domain/enums';
import type { CaseDetail } from '../../../typings';
import { rateCase } from '../../services/ratings/rate';
import { toCaseDetailView, type CaseDetailView } from '../../utils/caseView';
import { SATISFACTION_OPTIONS, STATUS_LABELS } from '../../utils/labels';

const MAX_COMMENT = 500;

Component({
  behaviors: [caseDetailPage],
  data: {
    view: null as CaseDetailView | null,
    canRate: false,
    options: SATISFACTION_OPTIONS,
    satisfaction: '' as Satisfaction | '',
    comment: '',
    maxComment: MAX_COMMENT,
    rating: false,
    rateError: ''
  },

  methods: {
    show(detail: CaseDetail) {
      const view = toCaseDetailView(detail);
      this.setData({ status: 'ready', view, canRate: view.isMine && view.status === 'resolved' });
    },

    onSatisfactionTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value?: Satisfaction }>) {
      const value = e.currentTarget.dataset.value;
      if (value) this.setData({ satisfaction: value, rateError: '' });
    },

    onCommentChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ comment: String(e.detail.value ?? '').slice(0, MAX_COMMENT) });
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
      wx.showToast({ title: `感谢评价，当前状态：${STATUS_LABELS[res.data.case.status]}`, icon: 'none' });
    }
  }
});
