// 审计日志: every admin action, newest first — who (by name), when, what, and the values before and
// after — paged to the end (account.auditLog).
import type { AuditView } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { auditLog } from '../../services/admin';
import { formatTime } from '../../utils/format';

const ACTION_LABELS: Readonly<Record<string, string>> = {
  'account.createInvite': '创建邀请码',
  'account.redeemInvite': '使用邀请码加入',
  'account.setRole': '更改角色',
  'account.setHead': '设置单位负责人',
  'account.setName': '修改姓名',
  'account.unbind': '解除绑定',
  'org.renameUnit': '单位改名',
  'org.addUnit': '新增单位',
  'org.setUnitActive': '停用或启用单位',
  'org.confirmGuess': '核实单位或类别信息',
  'org.deleteUnit': '删除单位',
  'setup.setRules': '修改规则',
  'setup.seed': '初始化组织和规则',
  'setup.seedDemo': '载入演示数据',
  'setup.bootstrap': '首次部署',
  'stats.reconcile': '核对统计',
  'deadlines.sweep': '期限巡检',
  'partners.createKey': '创建对接密钥',
  'partners.revokeKey': '吊销对接密钥',
  'partners.setWebhook': '设置回调地址',
  'webhooks.deliver': '推送回调'
};

const SHORT = 160;
const show = (v: unknown): string => (v === undefined || v === null ? '' : JSON.stringify(v));
const cut = (s: string): string => (s.length > SHORT ? `${s.slice(0, SHORT)}…` : s);

const toRow = (e: AuditView) => {
  const before = show(e.before);
  const after = show(e.after);
  return {
    id: e.id,
    at: formatTime(e.at),
    who: e.by === null ? '系统' : (e.by.name ?? '（未填写姓名）'),
    what: ACTION_LABELS[e.action] ?? e.action,
    // People and units by name, as the server resolved them; a staffId or id only when it has none.
    target: e.targetName ?? e.targetUnitName ?? e.target,
    before,
    after,
    beforeShort: cut(before),
    afterShort: cut(after),
    long: before.length > SHORT || after.length > SHORT,
    open: false
  };
};

Component({
  behaviors: [
    pagedList({
      fetchPage: (cursor) => auditLog(cursor),
      toRow
    })
  ],
  methods: {
    onToggle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index?: number }>) {
      const i = Number(e.currentTarget.dataset.index);
      const row = this.data.items[i];
      if (row) this.setData({ [`items[${i}].open`]: !row.open });
    }
  }
});
