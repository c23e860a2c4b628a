// 工作台: the cases in the staff member's scope. It opens on 待办 (open duties, the most urgent first),
// with a count on each tab and a search by 诉求编号 or keyword; a department lands on 吹哨待办.
import type { CaseStatus } from '../../../domain/enums';
import type { CaseSummary, QueueCounts } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { getMe } from '../../services/account/me';
import { getQueue, type QueueFilter } from '../../services/cases/queue';
import { getQueueCounts } from '../../services/cases/queueCounts';
import { getCatalog } from '../../services/org/catalog';
import { toCaseRow, type CaseRow } from '../../utils/caseView';
import { formatTime } from '../../utils/format';

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

type Tab = 'todo' | 'overdue' | 'submitted' | 'accepted' | 'resolved' | 'all';
const TABS: ReadonlyArray<{ value: Tab; label: string }> = [
  { value: 'todo', label: '待办' },
  { value: 'overdue', label: '逾期' },
  { value: 'submitted', label: '待受理' },
  { value: 'accepted', label: '办理中' },
  { value: 'resolved', label: '已办结' },
  { value: 'all', label: '全部' }
];

interface Filters {
  data: { tab: Tab; search: string };
}

const queueFilter = ({ data }: Filters): QueueFilter => {
  const f: QueueFilter =
    data.tab === 'todo'
      ? { todo: true }
      : data.tab === 'overdue'
        ? { overdue: true }
        : data.tab === 'all'
          ? {}
          : { status: data.tab };
  return data.search ? { ...f, search: data.search } : f;
};

// The staff notices' template ids (org.catalog, as admins stored them): asked for from the workbench.
let staffTemplates: string[] = [];

/** A tab's label with its count, e.g. 待办 3 (none while unknown). */
function tabsWith(counts: QueueCounts | null): Array<{ value: Tab; label: string }> {
  return TABS.map((t) => {
    const n = counts && t.value !== 'resolved' && t.value !== 'all' ? counts[t.value] : null;
    return { value: t.value, label: n === null ? t.label : `${t.label} ${n}` };
  });
}

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
    /** Whether there are staff notices to subscribe to (the button shows then). */
    canSubscribe: false,
    tabs: tabsWith(null),
    tab: 'todo' as Tab,
    search: '',
    searchText: ''
  },

  methods: {
    onLoad(query: { overdue?: string } = {}) {
      // From the dashboard's overdue count: the overdue cases.
      if (query.overdue === '1') this.setData({ tab: 'overdue' });
      void this.loadMe();
      void this.loadTemplates();
      void this.loadCounts(true);
      void this.refresh();
    },

    onShow() {
      if (this.data.status === 'ready') {
        void this.refresh();
        void this.loadCounts(false);
      }
    },

    async loadMe() {
      const res = await getMe();
      if (res.ok && res.data.unitName) this.setData({ unitName: res.data.unitName });
    },

    /** The tabs' counts; on first load a department goes on to its 吹哨待办 (its work is whistles). */
    async loadCounts(first: boolean) {
      const res = await getQueueCounts();
      if (!res.ok) return;
      this.setData({ tabs: tabsWith(res.data) });
      if (first && res.data.department) void wx.redirectTo({ url: '/packageStaff/whistles/index' });
    },

    async loadTemplates() {
      const res = await getCatalog();
      staffTemplates = res.ok ? res.data.subscribe.staff : [];
      this.setData({ canSubscribe: staffTemplates.length > 0 });
    },

    /** 订阅提醒: new cases, whistles, deadlines and 督办 reach the phone; each message opens the staff case page. */
    onSubscribe() {
      // At most 3 ids a request, asked inside the tap (WeChat asks only on a user gesture).
      const tmplIds = staffTemplates.slice(0, 3);
      if (!tmplIds.length) return;
      wx.requestSubscribeMessage({
        tmplIds,
        success: (res) => {
          const accepted = tmplIds.filter((id) => (res as unknown as Record<string, string>)[id] === 'accept');
          void wx.showToast({
            title: accepted.length ? '已订阅' : '未订阅',
            icon: accepted.length ? 'success' : 'none'
          });
        },
        fail: () => void wx.showToast({ title: '订阅未成功', icon: 'none' })
      });
    },

    onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value?: Tab }>) {
      const tab = e.currentTarget.dataset.value;
      if (!tab || tab === this.data.tab) return;
      this.setData({ tab });
      void this.refresh();
    },

    onSearchInput(e: WechatMiniprogram.Input) {
      this.setData({ searchText: String(e.detail.value ?? '').slice(0, 40) });
    },

    onSearch() {
      this.setData({ search: this.data.searchText.trim() });
      void this.refresh();
    },

    onClearSearch() {
      this.setData({ search: '', searchText: '' });
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
