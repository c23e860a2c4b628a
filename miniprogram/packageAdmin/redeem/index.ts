// 加入单位: opened from an invite's 小程序码 (scanned: `scene`), its share card (`code`) or by typing
// the 8-character code. Shows the unit and role (account.inviteInfo, writes nothing) before the person
// gives their name and binds (account.redeemInvite).
import type { InviteInfo } from '../../../typings';
import { forgetRemembered } from '../../services/remember';
import { inviteInfo, redeemInvite } from '../../services/admin';
import { formatTime } from '../../utils/format';
import { ROLE_LABELS } from '../../utils/roles';
import { codeFromQuery, INVITE_ROLE_LABELS, normalizeCode, UNIT_KIND_LABELS } from '../common';

const infoView = (i: InviteInfo) => ({
  unitName: i.unitName,
  unitKindLabel: UNIT_KIND_LABELS[i.unitKind],
  roleLabel: INVITE_ROLE_LABELS[i.role],
  expires: formatTime(i.expiresAt)
});

Component({
  data: {
    step: 'enter' as 'enter' | 'done',
    code: '',
    name: '',
    checking: false,
    redeeming: false,
    error: '',
    info: null as ReturnType<typeof infoView> | null,
    joined: { unitName: '', roleLabel: '', name: '' }
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const code = codeFromQuery(query);
      this.setData({ code });
      if (code) void this.check();
    },
    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value, info: null, error: '' });
    },
    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ name: e.detail.value });
    },
    onCheck() {
      void this.check();
    },
    async check() {
      const code = normalizeCode(this.data.code);
      if (code.length !== 8) {
        this.setData({ error: '请输入8位邀请码', info: null });
        return;
      }
      this.setData({ checking: true, error: '', info: null });
      const res = await inviteInfo(code);
      this.setData({ checking: false });
      if (!res.ok) this.setData({ error: res.message });
      else this.setData({ info: infoView(res.data) });
    },
    async onRedeem() {
      const name = this.data.name.trim();
      if (!name) {
        this.setData({ error: '请填写您的姓名' });
        return;
      }
      if (this.data.redeeming) return;
      this.setData({ redeeming: true, error: '' });
      const res = await redeemInvite(normalizeCode(this.data.code), name);
      this.setData({ redeeming: false });
      if (!res.ok) {
        this.setData({ error: res.message });
        return;
      }
      // Who I am changed: pages must ask again instead of showing the remembered resident.
      forgetRemembered();
      const me = res.data;
      const roleLabel = me.role === 'resident' && this.data.info ? this.data.info.roleLabel : ROLE_LABELS[me.role];
      this.setData({
        step: 'done',
        joined: { unitName: me.unitName ?? this.data.info?.unitName ?? '', roleLabel, name: me.name ?? '' }
      });
    },
    onHome() {
      void wx.reLaunch({ url: '/pages/home/index' });
    }
  }
});
