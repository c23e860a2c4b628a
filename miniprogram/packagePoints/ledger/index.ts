// 积分明细: every entry of the resident's ledger, newest first.
import type { PointsEntryView } from '../../../typings';
import { getLedger } from '../../services/points/ledger';
import { formatTime } from '../../utils/format';
import { ENTRY_LABELS, signed } from '../common';

const toRow = (e: PointsEntryView) => ({
  entryId: e.entryId,
  kindLabel: ENTRY_LABELS[e.kind],
  note: e.note,
  amount: signed(e.points),
  plus: e.points > 0,
  balanceAfter: e.balanceAfter,
  at: formatTime(e.at)
});

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    items: [] as Array<ReturnType<typeof toRow>>,
    nextCursor: '',
    loadingMore: false
  },
  methods: {
    onLoad() {
      void this.refresh();
    },
    async onPullDownRefresh() {
      await this.refresh();
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      void this.loadMore();
    },
    async refresh() {
      const res = await getLedger();
      if (!res.ok) return this.setData({ status: 'error', errorMessage: res.message });
      this.setData({ status: 'ready', items: res.data.items.map(toRow), nextCursor: res.data.nextCursor ?? '' });
    },
    async loadMore() {
      if (!this.data.nextCursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      const res = await getLedger(this.data.nextCursor);
      if (!res.ok) return this.setData({ loadingMore: false });
      const update: Record<string, unknown> = { loadingMore: false, nextCursor: res.data.nextCursor ?? '' };
      res.data.items.forEach((e, i) => (update[`items[${this.data.items.length + i}]`] = toRow(e)));
      this.setData(update);
    },
    onRetry() {
      void this.refresh();
    }
  }
});
