// The other party (被申请人) opens the share card or QR: sees the dispute, agrees or declines (voluntary).
import { invitation, join } from '../../services/mediation';
import { elderMode } from '../../behaviors/elderMode';

Component({
  behaviors: [elderMode],
  data: {
    token: '',
    loading: true,
    summary: '',
    categoryName: '',
    applicantName: '',
    usable: false,
    name: '',
    phone: '',
    reason: '',
    error: '',
    options: [] as string[],
    busy: false
  },
  methods: {
    async onLoad(query: { token?: string; scene?: string }) {
      const token = query.token ?? decodeURIComponent(query.scene ?? '');
      this.setData({ token });
      const res = await invitation(token);
      if (!res.ok) return this.setData({ loading: false, error: res.message });
      this.setData({ loading: false, ...res.data });
    },
    onName(e: WechatMiniprogram.Input) {
      this.setData({ name: e.detail.value });
    },
    onPhone(e: WechatMiniprogram.Input) {
      this.setData({ phone: e.detail.value });
    },
    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value });
    },
    async answer(agree: boolean) {
      const name = this.data.name.trim();
      if (!name) return this.setData({ error: '请填写您的姓名' });
      if (!agree && !this.data.reason.trim()) return this.setData({ error: '请说明不同意调解的原因' });
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      const phone = this.data.phone.trim();
      const res = await join({
        token: this.data.token,
        agree,
        name,
        ...(phone ? { phone } : {}),
        ...(agree ? {} : { reason: this.data.reason.trim() })
      });
      this.setData({ busy: false });
      if (!res.ok) return this.setData({ error: res.message });
      if (agree) void wx.redirectTo({ url: `/packageMediation/mediation/index?mediationId=${res.data.mediationId}` });
      else this.setData({ usable: false, options: res.data.options });
    },
    onAgree() {
      void this.answer(true);
    },
    onDecline() {
      void this.answer(false);
    }
  }
});
