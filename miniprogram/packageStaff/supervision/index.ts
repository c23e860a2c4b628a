// 督办清单: cases with open supervision items raised to this unit (the district's holds every one).
import type { SupervisedCase } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { supervision } from '../../services/cases/supervision';
import { formatTime } from '../../utils/format';

interface Row {
  caseId: string;
  code: string;
  title: string;
  items: Array<{ key: string; text: string }>;
}

function toRow(c: SupervisedCase): Row {
  return {
    caseId: c.caseId,
    code: c.code,
    title: `${c.categoryName} · ${c.communityName}`,
    items: c.supervision.map((s, i) => ({
      key: `${i}`,
      text: `${s.ownerUnitName}「${s.kindLabel}」超期（时限 ${formatTime(s.dueAt).slice(5) /* MM-DD HH:mm: an overdue item is days old */}）`
    }))
  };
}

Component({
  // Paged like the other lists: 重试 after a failed load, and a failed 加载更多 keeps what is shown.
  // Back from the case, the list shows what is still overdue.
  behaviors: [pagedList({ fetchPage: (cursor) => supervision(cursor ? { cursor } : {}), toRow, refreshOnShow: true })],
  methods: {
    /** A card opens the case: what is late, and what the unit above can do about it. */
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId) void wx.navigateTo({ url: `/packageStaff/case/index?caseId=${encodeURIComponent(caseId)}` });
    }
  }
});
