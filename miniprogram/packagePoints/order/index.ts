// Redemption confirmation and order page: the pickup code as digits and as a QR code staff scan.
import type { PointsOrderView } from '../../../typings';
import { cancelOrder } from '../../services/points/cancel';
import { getOrder } from '../../services/points/order';
import { formatTime } from '../../utils/format';
import { ORDER_LABELS, spacedCode } from '../common';
import { confirm } from '../dialogs';
import { drawQr } from '../qrCanvas';
import { elderMode } from '../../behaviors/elderMode';

Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    order: null as PointsOrderView | null,
    statusLabel: '',
    statusTheme: '',
    placedAt: '',
    /** The code spaced for reading aloud: 1234 5678 9012. */
    spacedCode: '',
    cancelling: false
  },
  methods: {
    onLoad(query: { orderId?: string }) {
      void this.load(query.orderId ?? '');
    },
    async load(orderId: string) {
      const res = await getOrder(orderId);
      if (!res.ok) return this.setData({ status: 'error', errorMessage: res.message });
      this.show(res.data);
    },
    show(order: PointsOrderView) {
      const label = ORDER_LABELS[order.status];
      this.setData({
        status: 'ready',
        order,
        statusLabel: label.label,
        statusTheme: label.theme,
        placedAt: formatTime(order.placedAt),
        spacedCode: spacedCode(order.pickupCode)
      });
      if (order.status === 'placed') wx.nextTick(() => this.drawQr(order.pickupCode));
    },
    drawQr(code: string) {
      drawQr(this, '.order__qr', code);
    },
    async onCancel() {
      const order = this.data.order;
      if (!order || this.data.cancelling) return;
      if (!(await confirm('取消兑换', `取消后 ${order.points} 德分将退回您的账户`))) return;
      this.setData({ cancelling: true });
      const res = await cancelOrder(order.orderId);
      this.setData({ cancelling: false });
      if (!res.ok) {
        void wx.showToast({ title: res.message, icon: 'none', duration: 3000 });
        return;
      }
      this.show(res.data);
    }
  }
});
