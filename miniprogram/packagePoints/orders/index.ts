// 我的兑换: the resident's orders, newest first.
import type { PointsOrderView } from '../../../typings';
import { getMyOrders } from '../../services/points/orders';
import { formatTime } from '../../utils/format';
import { ORDER_LABELS } from '../common';

const toRow = (o: PointsOrderView) => ({
  orderId: o.orderId,
  title: `${o.itemName} ×${o.quantity}`,
  meta: `${o.points} 德分 · ${o.communityName} · ${formatTime(o.placedAt)}`,
  pickupCode: o.status === 'placed' ? o.pickupCode : '',
  statusLabel: ORDER_LABELS[o.status].label,
  statusTheme: ORDER_LABELS[o.status].theme
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
    onShow() {
      if (this.data.status === 'ready') void this.refresh();
    },
    async onPullDownRefresh() {
      await this.refresh();
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      void this.loadMore();
    },
    async refresh() {
      const res = await getMyOrders();
      if (!res.ok) return this.setData({ status: 'error', errorMessage: res.message });
      this.setData({ status: 'ready', items: res.data.items.map(toRow), nextCursor: res.data.nextCursor ?? '' });
    },
    async loadMore() {
      if (!this.data.nextCursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      const res = await getMyOrders(this.data.nextCursor);
      if (!res.ok) return this.setData({ loadingMore: false });
      const update: Record<string, unknown> = { loadingMore: false, nextCursor: res.data.nextCursor ?? '' };
      res.data.items.forEach((o, i) => (update[`items[${this.data.items.length + i}]`] = toRow(o)));
      this.setData(update);
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const orderId = e.currentTarget.dataset.id;
      if (orderId) wx.navigateTo({ url: `/packagePoints/order/index?orderId=${encodeURIComponent(orderId)}` });
    },
    onRetry() {
      void this.refresh();
    }
  }
});
