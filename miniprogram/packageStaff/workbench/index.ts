// 工作台: the cases in the staff member's scope, filtered by status and 逾期, with overdue marks.
import type { CaseStatus } from '../../../domain/enums';
import type { CaseSummary } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { getMe } from '../../services/account/me';
import { getQueue, type QueueFilter } from '../../services/cases/queue';
import { toCaseRow, type CaseRow } from '../../utils/caseView';
import { formatTime } from '../../utils/format';
import { STATUS_OPTIONS } from '../../utils/labels';

interface Row extends CaseRow {
  /** e.g. '首次回复已逾期', '' when nothing is late. */
  overdueText: string;
  resolveDueAt: string;
}

const OPEN: ReadonlyArray<CaseStatus> = ['submitted', 'accepted'];

function toRow(c: CaseSummary): Row {
  const open = OPEN.indexOf(c.status) >= 0;
  const late = [c.responseOverdue && open ? '首次回复' : '', c.resolveOverdue && open ? '办结' : ''].filter(Boolean);
  return {
    ...toCaseRow(c),
    overdueText: late.length ? `${late.join('、')}已逾期` : '',
    resolveDueAt: open ? formatTime(c.resolveDueAt) : ''
  };
}

const FILTERS = [{ value: '', label: '全部' }, ...STATUS_OPTIONS];

interface Filters {
  data: { statusFilter: CaseStatus | ''; overdueOnly: boolean };
}

const queueFilter = ({ data }: Filters): QueueFilter => ({
  ...(data.statusFilter ? { status: data.statusFilter } : {}),
  ...(data.overdueOnly ? { overdue: true } : {})
});

Component({
  behaviors: [
    pagedList({
      fetchPage: (cursor, page: Filters) => getQueue(queueFilter(page), cursor),
      toRow,
      // A newer filter was chosen while an answer travelled: drop that answer.
      queryKey: (page) => JSON.stringify(queueFilter(page)),
      // Back from a case page where staff acted: show the new status.
      refreshOnShow: true
    })
  ],

  data: {
    unitName: '',
    filters: FILTERS,
    statusFilter: '' as CaseStatus | '',
    overdueOnly: false
  },

  methods: {
    onLoad() {
      void this.loadMe();
      void this.refresh();
    },

    async loadMe() {
      const res = await getMe();
      if (res.ok && res.data.unitName) this.setData({ unitName: res.data.unitName });
    },

    onStatusFilter(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value?: CaseStatus | '' }>) {
      this.setData({ statusFilter: e.currentTarget.dataset.value ?? '' });
      void this.refresh();
    },

    onOverdueToggle() {
      this.setData({ overdueOnly: !this.data.overdueOnly });
      void this.refresh();
    },

    /** 吹哨待办 and 督办清单 (三吹哨三报到, 全程督办). */
    onNav(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url?: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) void wx.navigateTo({ url });
    },

    onDashboard() {
      void wx.navigateTo({ url: '/packageStaff/dashboard/index' });
    },

    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId) void wx.navigateTo({ url: `/packageStaff/case/index?caseId=${encodeURIComponent(caseId)}` });
    }
  }
});
