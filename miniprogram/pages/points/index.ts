// The 德分宝 tab: a tab page must live in the main package, so it only leads into packagePoints.
import { elderMode } from '../../behaviors/elderMode';

interface Link {
  key: string;
  title: string;
  description: string;
  url: string;
}

const LINKS: Link[] = [
  { key: 'home', title: '我的德分', description: '余额、积分码和最近的德分', url: '/packagePoints/home/index' },
  { key: 'claim', title: '申报善行', description: '做了好事，申报德分', url: '/packagePoints/claim/index' },
  { key: 'shop', title: '积分商城', description: '用德分兑换物品和服务', url: '/packagePoints/shop/index' },
  { key: 'ledger', title: '积分明细', description: '每一笔德分的来去', url: '/packagePoints/ledger/index' },
  { key: 'orders', title: '我的兑换', description: '兑换记录和领取码', url: '/packagePoints/orders/index' },
  { key: 'notices', title: '德分公示', description: '本村（社区）的德分公示', url: '/packagePoints/notices/index' }
];

Component({
  behaviors: [elderMode],
  data: { links: LINKS },
  methods: {
    onLinkTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key?: string }>) {
      const link = LINKS.find((x) => x.key === e.currentTarget.dataset.key);
      if (link) void wx.navigateTo({ url: link.url });
    }
  }
});
