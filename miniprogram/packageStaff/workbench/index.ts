// 工作台: the cases in the staff member's scope, filtered by status and 逾期, with overdue marks.
import type { CaseStatus } from '../../../domain/enums';
import type { CaseSummary } from '../../../typings';
import { getMe } from '../../services/account/me';
import { getQueue, type QueueFilter } from '../../services/cases/queue';
import { formatTime } from '../../utils/format';
import { STATUS_LABELS, STATUS_OPTIONS, STATUS_THEMES } from '../../utils/labels';

interface Row {
  caseId: string;
  code: string;
  categoryName: string;
  communityName: string;
  excerpt: string;
  statusLabel: string;
  statusTheme: string;
  createdAt: string;
  /** e.g. '首次回复已逾期', '' when nothing is late. */
  overdueText: string;
  resolveDueAt: string;
}

const OPEN: ReadonlyArray<CaseStatus> = ['submitted', 'accepted'];

function toRow(c: CaseSummary): Row {
  const open = OPEN.indexOf(c.status) >= 0;
  const late = [c.responseOverdue && open ? '首次回复' : '', c.resolveOverdue && open ? '办结' : ''].filter(Boolean);
  return {
    caseId: c.caseId,
    code: c.code,
    categoryName: c.categoryName,
    communityName: c.communityName,
    excerpt: c.excerpt,
    statusLabel: STATUS_LABELS[c.status],
    statusTheme: STATUS_THEMES[c.status],
    createdAt: formatTime(c.createdAt),
    overdueText: late.length ? `${late.join('、')}已逾期` : '',
    resolveDueAt: open ? formatTime(c.resolveDueAt) : ''
  };
}

const FILTERS = [{ value: '', label: '全部' }, ...STATUS_OPTIONS];

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    unitName: '',
    filters: FILTERS,
    statusFilter: '' as CaseStatus | '',
    overdueOnly: false,
    items: [] as Row[],
    nextCursor: '',
    loadingMore: false,
    moreError: ''
  },

  methods: {
    onLoad() {
      void this.loadMe();
      void this.refresh();
    },

    onShow() {
      // Back from a case page where staff acted: show the new status.
      if (this.data.status === 'ready') void this.refresh();
    },

    async onPullDownRefresh() {
      await this.refresh();
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      void this.loadMore();
    },

    async loadMe() {
      const res = await getMe();
      if (res.ok && res.data.unitName) this.setData({ unitName: res.data.unitName });
    },

    filter(): QueueFilter {
      return { ...(this.data.statusFilter ? { status: this.data.statusFilter } : {}), ...(this.data.overdueOnly ? { overdue: true } : {}) };
    },

    async refresh() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const asked = JSON.stringify(this.filter());
      const res = await getQueue(this.filter());
      // A newer filter was chosen while this answer travelled: drop it.
      if (asked !== JSON.stringify(this.filter())) return;
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
      const res = await getQueue(this.filter(), nextCursor);
      if (!res.ok) {
        this.setData({ loadingMore: false, moreError: res.message });
        return;
      }
      const update: Record<string, unknown> = { loadingMore: false, nextCursor: res.data.nextCursor ?? '' };
      res.data.items.forEach((c, i) => (update[`items[${this.data.items.length + i}]`] = toRow(c)));
      this.setData(update);
    },

    onStatusFilter(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value?: CaseStatus | '' }>) {
      this.setData({ statusFilter: e.currentTarget.dataset.value ?? '' });
      void this.refresh();
    },

    onOverdueToggle() {
      this.setData({ overdueOnly: !this.data.overdueOnly });
      void this.refresh();
    },

    onRetry() {
      void this.refresh();
    },

    /** 吹哨待办 and 督办清单 (三吹哨三报到, 全程督办). */
    onNav(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url?: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) wx.navigateTo({ url });
    },

    onDashboard() {
      wx.navigateTo({ url: '/packageStaff/dashboard/index' });
    },

    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId) wx.navigateTo({ url: `/packageStaff/case/index?caseId=${encodeURIComponent(caseId)}` });
    }
  }
});
