// 积分商城: a community's items; any resident may redeem at any community's shop.
import type { PointsItemView } from '../../../typings';
import { getShop } from '../../services/points/shop';
import { withPictureUrls } from '../../services/storage/photoUrls';
import { elderMode } from '../../behaviors/elderMode';

Component({
  behaviors: [elderMode],
  data: {
    status: 'choose' as 'choose' | 'loading' | 'ready' | 'error',
    errorMessage: '',
    communityId: '',
    communityName: '',
    items: [] as PointsItemView[]
  },
  methods: {
    onLoad(query: { communityId?: string }) {
      if (query.communityId) this.setData({ communityId: query.communityId });
    },
    onCommunity(e: WechatMiniprogram.CustomEvent<{ id: string; name: string }>) {
      this.setData({ communityId: e.detail.id, communityName: e.detail.name });
      void this.refresh();
    },
    async refresh() {
      // A new town clears the community: nothing to show until one is chosen.
      if (!this.data.communityId) return this.setData({ status: 'choose', items: [] });
      this.setData({ status: 'loading' });
      const res = await getShop(this.data.communityId);
      if (!res.ok) return this.setData({ status: 'error', errorMessage: res.message });
      // Pictures are private files: shown through temporary URLs (one call for the shop).
      this.setData({
        status: 'ready',
        items: await withPictureUrls(res.data.items),
        communityName: res.data.communityName
      });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const itemId = e.currentTarget.dataset.id;
      if (itemId)
        void wx.navigateTo({
          url: `/packagePoints/item/index?itemId=${encodeURIComponent(itemId)}&communityId=${this.data.communityId}`
        });
    },
    onRetry() {
      void this.refresh();
    }
  }
});
