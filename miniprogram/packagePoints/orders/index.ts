// 我的兑换: the resident's orders, newest first.
import type { PointsOrderView } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { getMyOrders } from '../../services/points/orders';
import { formatTime } from '../../utils/format';
import { ORDER_LABELS, spacedCode } from '../common';
import { elderMode } from '../../behaviors/elderMode';

const toRow = (o: PointsOrderView) => ({
  orderId: o.orderId,
  title: `${o.itemName} ×${o.quantity}`,
  meta: `${o.points} 德分 · ${o.communityName} · ${formatTime(o.placedAt)}`,
  pickupCode: o.status === 'placed' ? spacedCode(o.pickupCode) : '',
  statusLabel: ORDER_LABELS[o.status].label,
  statusTheme: ORDER_LABELS[o.status].theme
});

Component({
  behaviors: [elderMode, pagedList({ fetchPage: (cursor) => getMyOrders(cursor), toRow, refreshOnShow: true })],
  methods: {
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const orderId = e.currentTarget.dataset.id;
      if (orderId) void wx.navigateTo({ url: `/packagePoints/order/index?orderId=${encodeURIComponent(orderId)}` });
    }
  }
});
