// 诉求详情: the timeline, the replies, the photos and, once resolved, the reporter's rating form.
import { casePhotos } from '../../behaviors/casePhotos';
import type { Satisfaction } from '../../../domain/enums';
import { getCaseDetail } from '../../services/cases/detail';
import { rateCase } from '../../services/ratings/rate';
import { toCaseDetailView, type CaseDetailView } from '../../utils/caseView';
import { SATISFACTION_OPTIONS, STATUS_LABELS } from '../../utils/labels';

const MAX_COMMENT = 500;

Component({
  behaviors: [casePhotos],
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    caseId: '',
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
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ caseId: decodeURIComponent(query.caseId ?? '') });
      void this.load();
    },

    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },

    async load() {
      if (!this.data.caseId) {
        this.setData({ status: 'error', errorMessage: '没有找到这条诉求' });
        return;
      }
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const res = await getCaseDetail(this.data.caseId);
      if (!res.ok) {
        this.setData({ status: 'error', errorMessage: res.message });
        return;
      }
      this.show(toCaseDetailView(res.data));
    },

    show(view: CaseDetailView) {
      this.setData({ status: 'ready', view, canRate: view.isMine && view.status === 'resolved' });
    },

    onRetry() {
      void this.load();
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
      const view = toCaseDetailView(res.data);
      this.show(view);
      this.setData({ satisfaction: '', comment: '' });
      wx.showToast({ title: `感谢评价，当前状态：${STATUS_LABELS[view.status]}`, icon: 'none' });
    }
  }
});
