// An item, the quantity, and the redemption. The requestId is made once per visit, so a retry
// after a lost answer can never buy twice.
import type { PointsItemView } from '../../../typings';
import { getPointsBalance } from '../../services/points/balance';
import { redeem } from '../../services/points/redeem';
import { getShop } from '../../services/points/shop';
import { withPictureUrls } from '../../services/storage/photoUrls';
import { newRequestId } from '../../utils/format';
import { confirm } from '../dialogs';
import { elderMode } from '../../behaviors/elderMode';

Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    item: null as PointsItemView | null,
    balance: 0,
    quantity: 1,
    total: 0,
    submitting: false,
    requestId: ''
  },
  methods: {
    onLoad(query: { itemId?: string; communityId?: string }) {
      this.setData({ requestId: newRequestId() });
      void this.load(query.itemId ?? '', query.communityId ?? '');
    },
    async load(itemId: string, communityId: string) {
      const [shop, balance] = await Promise.all([getShop(communityId), getPointsBalance()]);
      if (!shop.ok) return this.setData({ status: 'error', errorMessage: shop.message });
      const found = shop.data.items.find((i) => i.itemId === itemId);
      if (!found) return this.setData({ status: 'error', errorMessage: '该商品已下架或不存在' });
      const [item] = await withPictureUrls([found]);
      this.setData({ status: 'ready', item, total: item.points, balance: balance.ok ? balance.data.balance : 0 });
    },
    setQuantity(quantity: number) {
      const item = this.data.item;
      if (!item) return;
      const q = Math.max(1, Math.min(quantity, item.monthlyLimit, Math.max(1, item.stock)));
      this.setData({ quantity: q, total: q * item.points });
    },
    onMinus() {
      this.setQuantity(this.data.quantity - 1);
    },
    onPlus() {
      this.setQuantity(this.data.quantity + 1);
    },
    async onRedeem() {
      const { item, quantity, total, requestId } = this.data;
      if (!item || this.data.submitting) return;
      if (!(await confirm('确认兑换', `${item.name} ×${quantity}，共 ${total} 德分`))) return;
      this.setData({ submitting: true });
      const res = await redeem(item.itemId, quantity, requestId);
      this.setData({ submitting: false });
      if (!res.ok) {
        void wx.showToast({ title: res.message, icon: 'none', duration: 3000 });
        return;
      }
      void wx.redirectTo({ url: `/packagePoints/order/index?orderId=${encodeURIComponent(res.data.orderId)}` });
    }
  }
});
