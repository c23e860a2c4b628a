// 我的诉求: the resident's cases, newest first; pull down to refresh, more at the bottom.
import { pagedList } from '../../behaviors/pagedList';
import { getMyCases } from '../../services/cases/mine';
import { toCaseRow } from '../../utils/caseView';

Component({
  // Back from a detail where the case was rated: refreshOnShow shows its new status.
  behaviors: [pagedList({ fetchPage: (cursor) => getMyCases(cursor), toRow: toCaseRow, refreshOnShow: true })],

  methods: {
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId) void wx.navigateTo({ url: `/pages/case/index?caseId=${encodeURIComponent(caseId)}` });
    },

    onReport() {
      void wx.navigateTo({ url: '/pages/report/index' });
    }
  }
});
