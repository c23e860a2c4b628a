// 我的诉求: the resident's cases, newest first, by tab (全部, 办理中, 待评价, 已结束) or one 诉求编号;
// pull down to refresh, more at the bottom.
import { pagedList } from '../../behaviors/pagedList';
import { elderMode } from '../../behaviors/elderMode';
import { getMyCases, type MineFilter } from '../../services/cases/mine';
import { toCaseRow } from '../../utils/caseView';
import { refreshTodoBadge } from '../../utils/todoBadge';

type Tab = '' | 'open' | 'rate' | 'ended';
const TABS: ReadonlyArray<{ value: Tab; label: string }> = [
  { value: '', label: '全部' },
  { value: 'open', label: '办理中' },
  { value: 'rate', label: '待评价' },
  { value: 'ended', label: '已结束' }
];

interface Filters {
  data: { tab: Tab; code: string };
}

const filterOf = ({ data }: Filters): MineFilter => ({
  ...(data.tab ? { tab: data.tab } : {}),
  ...(data.code ? { code: data.code } : {})
});

Component({
  behaviors: [
    elderMode,
    pagedList({
      fetchPage: (cursor, page: Filters) => getMyCases(cursor, filterOf(page)),
      toRow: toCaseRow,
      queryKey: (page) => JSON.stringify(filterOf(page)),
      // Back from a detail where the case was rated: refreshOnShow shows its new status.
      refreshOnShow: true
    })
  ],

  data: { tabs: TABS, tab: '' as Tab, code: '', codeText: '' },

  pageLifetimes: {
    // What waits for the resident (待补充, 待评价) may have changed while away: the tab's badge follows.
    show() {
      void refreshTodoBadge();
    }
  },

  methods: {
    onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value?: Tab }>) {
      this.setData({ tab: e.currentTarget.dataset.value ?? '' });
      void this.refresh();
    },

    onCodeInput(e: WechatMiniprogram.Input) {
      this.setData({ codeText: String(e.detail.value ?? '').slice(0, 20) });
    },

    onSearch() {
      this.setData({ code: this.data.codeText.trim().toUpperCase() });
      void this.refresh();
    },

    onClearSearch() {
      this.setData({ code: '', codeText: '' });
      void this.refresh();
    },

    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId) void wx.navigateTo({ url: `/pages/case/index?caseId=${encodeURIComponent(caseId)}` });
    },

    onReport() {
      void wx.navigateTo({ url: '/pages/report/index' });
    }
  }
});
