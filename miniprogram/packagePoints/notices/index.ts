// 德分公示: a community's awards, newest first, page after page to the oldest (at the bottom, or on
// 加载更多). Residents object during the notice; staff of the community rule. Who may do which comes
// with each notice (canObject, canRule), decided by the points function.
import type { PointsNoticeView } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { getNotices } from '../../services/points/notices';
import { objectToAward } from '../../services/points/object';
import { ruleObjection } from '../../services/points/ruling';
import { formatTime } from '../../utils/format';
import { NOTICE_LABELS } from '../common';
import { askText } from '../dialogs';
import { elderMode } from '../../behaviors/elderMode';

const toRow = (n: PointsNoticeView) => ({
  awardId: n.awardId,
  title: `${n.residentTag} · ${n.title} · ${n.points} 分`,
  text: n.text,
  meta: `${n.noticeEndsAt ? `公示至 ${formatTime(n.noticeEndsAt)}` : '待复核'}${n.objections ? ` · 异议 ${n.objections} 条` : ''}`,
  statusLabel: NOTICE_LABELS[n.status].label,
  statusTheme: NOTICE_LABELS[n.status].theme,
  canObject: n.canObject === true,
  canRule: n.canRule === true
});

interface Community {
  data: { communityId: string };
}

Component({
  behaviors: [
    elderMode,
    pagedList({
      // No community chosen yet: nothing to list (the picker chooses the last one used, if any).
      fetchPage: (cursor, page: Community) =>
        page.data.communityId
          ? getNotices(page.data.communityId, cursor)
          : Promise.resolve({ ok: true as const, data: { items: [], nextCursor: null } }),
      toRow,
      // Another community was chosen while an answer travelled: drop that answer.
      queryKey: (page) => page.data.communityId
    })
  ],
  data: {
    communityId: ''
  },
  methods: {
    onCommunity(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
      this.setData({ communityId: e.detail.id, status: 'loading', items: [], nextCursor: '' });
      void this.refresh();
    },
    async onObject(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const awardId = e.currentTarget.dataset.id;
      const reason = awardId ? await askText('提出异议', '请说明理由，工作人员会核实') : null;
      if (!awardId || !reason) return;
      const res = await objectToAward(awardId, reason);
      void wx.showToast({ title: res.ok ? '异议已提交' : res.message, icon: res.ok ? 'success' : 'none' });
      if (res.ok) void this.refresh();
    },
    async onRule(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string; upheld?: string }>) {
      const { id, upheld } = e.currentTarget.dataset;
      const note = id
        ? await askText(upheld === 'yes' ? '异议成立，撤销积分' : '异议不成立，积分生效', '核实情况说明')
        : null;
      if (!id || !note) return;
      const res = await ruleObjection(id, upheld === 'yes', note);
      void wx.showToast({ title: res.ok ? '已处理' : res.message, icon: res.ok ? 'success' : 'none' });
      if (res.ok) void this.refresh();
    }
  }
});
