// 消息中心: the resident's own cases that wait for them: 待补充 (the unit paused the case for their
// material) first, then 待评价 (resolved, waiting for their rating). Each row opens the case.
import { elderMode } from '../../behaviors/elderMode';
import type { ResidentTodo } from '../../../typings';
import { toCaseRow, type CaseRow } from '../../utils/caseView';
import { refreshTodoBadge } from '../../utils/todoBadge';

type Status = 'loading' | 'ready' | 'error';
type Row = CaseRow & { need: ResidentTodo['items'][number]['need'] };

Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    material: [] as Row[],
    rate: [] as Row[]
  },

  methods: {
    onShow() {
      void this.load();
    },

    async onPullDownRefresh() {
      await this.load();
      void wx.stopPullDownRefresh();
    },

    async load() {
      if (!this.data.material.length && !this.data.rate.length) this.setData({ status: 'loading' });
      const todo = await refreshTodoBadge();
      if (!todo) {
        this.setData({ status: 'error', errorMessage: '消息加载失败，请稍后重试' });
        return;
      }
      const rows = todo.items.map((c): Row => ({ ...toCaseRow(c), need: c.need }));
      this.setData({
        status: 'ready',
        material: rows.filter((r) => r.need === 'material'),
        rate: rows.filter((r) => r.need === 'rate')
      });
    },

    onRetry() {
      void this.load();
    },

    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId) void wx.navigateTo({ url: `/pages/case/index?caseId=${encodeURIComponent(caseId)}` });
    }
  }
});
