// 德分宝 home: what the resident can spend now, what is still in 公示, what expires soon.
import { getMe } from '../../services/account/me';
import { getPointsBalance } from '../../services/points/balance';
import { formatTime } from '../../utils/format';

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    balance: 0,
    pending: 0,
    expiringSoon: 0,
    expiringAt: '',
    openid: '',
    /** The points function says whose 积分工作台 the caller runs; the workbench applies the same rule. */
    hasWorkbench: false
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
      void wx.stopPullDownRefresh();
    },
    async refresh() {
      const [balance, me] = await Promise.all([getPointsBalance(), getMe()]);
      if (!balance.ok) {
        this.setData({ status: 'error', errorMessage: balance.message });
        return;
      }
      const b = balance.data;
      this.setData({
        status: 'ready',
        balance: b.balance,
        pending: b.pending,
        expiringSoon: b.expiringSoon,
        expiringAt: b.expiringAt ? formatTime(b.expiringAt).slice(0, 10) : '',
        openid: me.ok ? me.data.openid : '',
        hasWorkbench: b.workbench !== null
      });
    },
    onRetry() {
      void this.refresh();
    },
    onGo(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url?: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) void wx.navigateTo({ url });
    },
    onCopyCode() {
      void wx.setClipboardData({ data: this.data.openid });
    }
  }
});
