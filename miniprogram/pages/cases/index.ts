// 我的诉求: the resident's cases, newest first; pull down to refresh, more at the bottom.
import type { CaseSummary } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
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
  // Back from a detail where the case was rated: refreshOnShow shows its new status.
  behaviors: [pagedList({ fetchPage: (cursor) => getMyCases(cursor), toRow, refreshOnShow: true })],

  methods: {
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId) wx.navigateTo({ url: `/pages/case/index?caseId=${encodeURIComponent(caseId)}` });
    },

    onReport() {
      wx.navigateTo({ url: '/pages/report/index' });
    }
  }
});
