// 邀请: an admin (any unit; staff or admin) or a unit's head (their own unit, staff only) creates an
// invite, shown three ways: the 小程序码 the server had WeChat draw (scanned, it opens the redeem page
// with the code as its scene; tap to enlarge, long-press there to save or forward), a share card to the
// redeem page, and the 8-character code to read out or type. Without a 小程序码 the code still works.
import type { InviteRole } from '../../../typings';
import { getMe } from '../../services/account/me';
import { createInvite } from '../../services/admin';
import { formatTime } from '../../utils/format';
import { INVITE_ROLE_LABELS, redeemPath, spacedCode } from '../common';

const roleOption = (value: InviteRole) => ({ value, label: INVITE_ROLE_LABELS[value] });

Component({
  data: {
    unitId: '',
    unitName: '',
    roles: [roleOption('staff')],
    role: 'staff' as InviteRole,
    creating: false,
    error: '',
    invite: null as null | {
      code: string;
      spaced: string;
      unitName: string;
      roleLabel: string;
      expires: string;
      qrUrl: string;
      qrUnavailable: string;
    }
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        unitId: decodeURIComponent(query.unitId ?? ''),
        unitName: decodeURIComponent(query.unitName ?? '')
      });
      void this.loadRoles();
    },
    /** Admins may invite admins too; a head only staff. */
    async loadRoles() {
      const me = await getMe();
      if (me.ok && me.data.role === 'admin') this.setData({ roles: [roleOption('staff'), roleOption('admin')] });
    },
    onRole(e: WechatMiniprogram.BaseEvent<Record<string, never>, { role?: InviteRole }>) {
      const role = e.currentTarget.dataset.role;
      if (role) this.setData({ role });
    },
    async onCreate() {
      if (this.data.creating || !this.data.unitId) return;
      this.setData({ creating: true, error: '' });
      const res = await createInvite(this.data.unitId, this.data.role);
      this.setData({ creating: false });
      if (!res.ok) {
        this.setData({ error: res.message });
        return;
      }
      const inv = res.data;
      this.setData({
        invite: {
          code: inv.code,
          spaced: spacedCode(inv.code),
          unitName: inv.unitName,
          roleLabel: INVITE_ROLE_LABELS[inv.role],
          expires: formatTime(inv.expiresAt),
          qrUrl: inv.qrUrl ?? '',
          qrUnavailable: inv.qrUrl ? '' : (inv.qrUnavailable ?? '')
        }
      });
    },
    /** Full screen, where WeChat offers 保存图片 and 发送给朋友 on a long press. */
    onPreviewQr() {
      const url = this.data.invite?.qrUrl;
      if (url) void wx.previewImage({ urls: [url], current: url });
    },
    onCopy() {
      const inv = this.data.invite;
      if (inv) void wx.setClipboardData({ data: inv.code });
    },
    onShareAppMessage() {
      const inv = this.data.invite;
      return inv
        ? { title: `邀请您加入${inv.unitName}（${inv.roleLabel}）`, path: redeemPath(inv.code) }
        : { title: '莎姐', path: '/pages/home/index' };
    }
  }
});
