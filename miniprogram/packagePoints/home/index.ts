// 德分宝 home: what the resident can spend now, what is still in 公示, what expires soon.
import { getPointsBalance } from '../../services/points/balance';
import { getMyPointsCode } from '../../services/points/myCode';
import { formatTime } from '../../utils/format';
import { drawQr } from '../qrCanvas';
import { elderMode } from '../../behaviors/elderMode';

Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    balance: 0,
    pending: 0,
    expiringSoon: 0,
    expiringAt: '',
    /** 积分码: a short-lived random number (never the openid), spaced for reading, and until when it works. */
    code: '',
    spacedCode: '',
    codeUntil: '',
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
      const [balance, code] = await Promise.all([getPointsBalance(), getMyPointsCode()]);
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
        code: code.ok ? code.data.code : '',
        spacedCode: code.ok ? code.data.code.replace(/(\d{4})(?=\d)/g, '$1 ') : '',
        codeUntil: code.ok ? formatTime(code.data.expiresAt).slice(11, 16) : '',
        hasWorkbench: b.workbench !== null
      });
      if (code.ok) wx.nextTick(() => drawQr(this, '.home__qr', code.data.code));
    },
    onRetry() {
      void this.refresh();
    },
    onGo(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url?: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) void wx.navigateTo({ url });
    },
    /** A fresh code (the old one stops working when it expires). */
    async onNewCode() {
      const res = await getMyPointsCode();
      if (!res.ok) {
        void wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      this.setData({
        code: res.data.code,
        spacedCode: res.data.code.replace(/(\d{4})(?=\d)/g, '$1 '),
        codeUntil: formatTime(res.data.expiresAt).slice(11, 16)
      });
      wx.nextTick(() => drawQr(this, '.home__qr', res.data.code));
    }
  }
});
