// 诉求详情: the timeline, the replies, the photos and, once resolved, the reporter's rating form.
import { caseDetailPage } from '../../behaviors/caseDetailPage';
import type { Satisfaction } from '../../../domain/enums';
import type { CaseDetail } from '../../../typings';
import { getLimits } from '../../services/org/limits';
import { rateCase } from '../../services/ratings/rate';
import { toCaseDetailView, type CaseDetailView } from '../../utils/caseView';
import { SATISFACTION_OPTIONS, STATUS_LABELS } from '../../utils/labels';

Component({
  behaviors: [caseDetailPage],
  data: {
    view: null as CaseDetailView | null,
    canRate: false,
    options: SATISFACTION_OPTIONS,
    satisfaction: '' as Satisfaction | '',
    comment: '',
    /** The server's limit (org.catalog); none (-1) until it is known, the server still checks. */
    maxComment: -1,
    rating: false,
    rateError: ''
  },

  methods: {
    async loadAlongside() {
      const res = await getLimits();
      if (res.ok) this.setData({ maxComment: res.data.texts.rate });
    },

    show(detail: CaseDetail) {
      const view = toCaseDetailView(detail);
      this.setData({ status: 'ready', view, canRate: view.isMine && view.status === 'resolved' });
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
      void wx.showToast({ title: `感谢评价，当前状态：${STATUS_LABELS[res.data.case.status]}`, icon: 'none' });
    }
  }
});
