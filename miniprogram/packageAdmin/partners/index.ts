// 对接密钥: keys of the district's other platforms for the Open311 API (partners function). The admin
// lists them, creates one (the key is shown once: only its hash is kept), revokes one after a
// confirmation, and sets or removes where a key's webhooks go (the signing secret is shown once too).
import type { AdminUnit, PartnerKeyView, Permission } from '../../../typings';
import { adminPagesRefusal } from '../../services/account/me';
import { listUnits } from '../../services/admin';
import { createPartnerKey, listPartnerKeys, revokePartnerKey, setPartnerWebhook } from '../../services/partners';
import { formatTime } from '../../utils/format';
import { UNIT_KIND_LABELS } from '../common';

const PERMISSION_LABELS: Readonly<Record<Permission, string>> = { read: '读取', write: '提交' };

interface Shown {
  title: string;
  value: string;
  warning: string;
}

const toRow = (k: PartnerKeyView) => ({
  keyId: k.keyId,
  name: k.name,
  unitName: k.unitName,
  permissionsLabel: k.permissions.map((p) => PERMISSION_LABELS[p]).join('、'),
  created: formatTime(k.createdAt),
  revoked: k.revokedAt ? formatTime(k.revokedAt) : '',
  webhookUrl: k.webhookUrl ?? ''
});

/** Units a key may be scoped to: the district, towns and communities in force (not departments). */
const scopeUnits = (units: AdminUnit[]): AdminUnit[] => units.filter((u) => u.active && u.kind !== 'department');

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    keys: [] as Array<ReturnType<typeof toRow>>,
    unitIds: [] as string[],
    unitNames: [] as string[],
    unitIndex: 0,
    name: '',
    read: true,
    write: false,
    creating: false,
    createError: '',
    shown: null as Shown | null,
    notice: '',
    noticeBad: false,
    editing: '',
    hookUrl: '',
    hookError: '',
    saving: false
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      void wx.stopPullDownRefresh();
    },
    onRetry() {
      void this.load();
    },
    async load() {
      const refusal = await adminPagesRefusal();
      if (refusal) {
        this.setData({ status: 'error', errorMessage: refusal });
        return;
      }
      const [keys, units] = await Promise.all([listPartnerKeys(), listUnits()]);
      if (!keys.ok || !units.ok) {
        this.setData({ status: 'error', errorMessage: !keys.ok ? keys.message : !units.ok ? units.message : '' });
        return;
      }
      const scope = scopeUnits(units.data);
      this.setData({
        status: 'ready',
        keys: keys.data.map(toRow),
        unitIds: scope.map((u) => u.id),
        unitNames: scope.map((u) => `${u.name}（${UNIT_KIND_LABELS[u.kind]}）`)
      });
    },
    async reloadKeys() {
      const keys = await listPartnerKeys();
      if (keys.ok) this.setData({ keys: keys.data.map(toRow) });
    },
    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ name: e.detail.value });
    },
    onUnit(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ unitIndex: Number(e.detail.value) });
    },
    onPerm(e: WechatMiniprogram.BaseEvent<Record<string, never>, { perm?: Permission }>) {
      const perm = e.currentTarget.dataset.perm;
      if (perm === 'read') this.setData({ read: !this.data.read });
      if (perm === 'write') this.setData({ write: !this.data.write });
    },
    async onCreate() {
      const { name, unitIds, unitIndex, read, write } = this.data;
      const permissions: Permission[] = [...(read ? ['read' as const] : []), ...(write ? ['write' as const] : [])];
      if (!name.trim()) {
        this.setData({ createError: '请填写对接平台名称' });
        return;
      }
      if (!permissions.length) {
        this.setData({ createError: '请至少选择一项权限' });
        return;
      }
      this.setData({ creating: true, createError: '' });
      const res = await createPartnerKey(name.trim(), unitIds[unitIndex] ?? '', permissions);
      this.setData({ creating: false });
      if (!res.ok) {
        this.setData({ createError: res.message });
        return;
      }
      this.setData({
        name: '',
        shown: {
          title: `${name.trim()}的密钥`,
          value: res.data.key,
          warning:
            '密钥只显示这一次，系统只保存它的摘要，之后无法再查看。请立即复制并通过安全渠道交给对接方；遗失后只能吊销并新建。'
        }
      });
      await this.reloadKeys();
    },
    onCopy() {
      const shown = this.data.shown;
      if (shown) void wx.setClipboardData({ data: shown.value });
    },
    onDismiss() {
      this.setData({ shown: null });
    },
    async onRevoke(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const row = this.data.keys.find((k) => k.keyId === e.currentTarget.dataset.id);
      if (!row) return;
      const { confirm } = await wx.showModal({
        title: '吊销密钥',
        content: `确定吊销“${row.name}”的密钥吗？吊销后该平台的所有请求都将被拒绝，回调也不再推送，且不能恢复。`,
        confirmText: '吊销',
        confirmColor: '#b3261e'
      });
      if (!confirm) return;
      const res = await revokePartnerKey(row.keyId);
      if (!res.ok) {
        this.setData({ notice: res.message, noticeBad: true });
        return;
      }
      this.setData({ notice: `已吊销：${row.name}`, noticeBad: false });
      void wx.showToast({ title: '已吊销', icon: 'success' });
      await this.reloadKeys();
    },
    onEditHook(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const row = this.data.keys.find((k) => k.keyId === e.currentTarget.dataset.id);
      if (row) this.setData({ editing: row.keyId, hookUrl: row.webhookUrl, hookError: '' });
    },
    onCancelHook() {
      this.setData({ editing: '', hookError: '' });
    },
    onHookUrl(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ hookUrl: e.detail.value });
    },
    onSaveHook() {
      const url = this.data.hookUrl.trim();
      if (!url) {
        this.setData({ hookError: '请填写回调地址' });
        return;
      }
      void this.saveHook(url);
    },
    async onRemoveHook() {
      const { confirm } = await wx.showModal({
        title: '删除回调地址',
        content: '删除后该平台将不再收到诉求的状态变化。'
      });
      if (confirm) await this.saveHook(null);
    },
    async saveHook(url: string | null) {
      const keyId = this.data.editing;
      const row = this.data.keys.find((k) => k.keyId === keyId);
      if (!row) return;
      this.setData({ saving: true, hookError: '' });
      const res = await setPartnerWebhook(keyId, url);
      this.setData({ saving: false });
      if (!res.ok) {
        this.setData({ hookError: res.message });
        return;
      }
      this.setData({ editing: '', notice: '', noticeBad: false });
      if (res.data.secret)
        this.setData({
          shown: {
            title: `${row.name}的回调签名密钥`,
            value: res.data.secret,
            warning:
              '签名密钥只显示这一次。每次推送都带有 HMAC-SHA256 签名（请求头 x-shajie-signature，对“时间戳.正文”签名），对接方须用它验证。更换回调地址会生成新的签名密钥，旧的随即失效。'
          }
        });
      else void wx.showToast({ title: '已删除', icon: 'success' });
      await this.reloadKeys();
    }
  }
});
