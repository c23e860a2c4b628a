// 我的诉求: the resident's cases, newest first; pull down to refresh, more at the bottom.
import type { CaseSummary } from '../../../typings';
import { getMyCases } from '../../services/cases/mine';
import { formatTime } from '../../utils/format';
import { STATUS_LABELS, STATUS_THEMES } from '../../utils/labels';

interface Row {
  caseId: string;
  code: string;
  categoryName: string;
  communityName: string;
  excerpt: string;
  statusLabel: string;
  statusTheme: string;
  createdAt: string;
}

const toRow = (c: CaseSummary): Row => ({
  caseId: c.caseId,
  code: c.code,
  categoryName: c.categoryName,
  communityName: c.communityName,
  excerpt: c.excerpt,
  statusLabel: STATUS_LABELS[c.status],
  statusTheme: STATUS_THEMES[c.status],
  createdAt: formatTime(c.createdAt)
});

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    items: [] as Row[],
    nextCursor: '' as string,
    loadingMore: false,
    moreError: ''
  },

  methods: {
    onLoad() {
      void this.refresh();
    },

    onShow() {
      // Back from a detail where the case was rated: show its new status.
      if (this.data.status === 'ready') void this.refresh();
    },

    async onPullDownRefresh() {
      await this.refresh();
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      void this.loadMore();
    },

    async refresh() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const res = await getMyCases();
      if (!res.ok) {
        this.setData({ status: 'error', errorMessage: res.message });
        return;
      }
      this.setData({ status: 'ready', items: res.data.items.map(toRow), nextCursor: res.data.nextCursor ?? '', moreError: '' });
    },

    async loadMore() {
      const { nextCursor, loadingMore } = this.data;
      if (!nextCursor || loadingMore) return;
      this.setData({ loadingMore: true, moreError: '' });
      const res = await getMyCases(nextCursor);
      if (!res.ok) {
        this.setData({ loadingMore: false, moreError: res.message });
        return;
      }
      // Appending by index keeps setData small however long the list grows.
      const update: Record<string, unknown> = { loadingMore: false, nextCursor: res.data.nextCursor ?? '' };
      res.data.items.forEach((c, i) => (update[`items[${this.data.items.length + i}]`] = toRow(c)));
      this.setData(update);
    },

    onRetry() {
      void this.refresh();
    },

    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId) wx.navigateTo({ url: `/pages/case/index?caseId=${encodeURIComponent(caseId)}` });
    },

    onReport() {
      wx.navigateTo({ url: '/pages/report/index' });
    }
  }
});
