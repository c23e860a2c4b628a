// A unit's staff list: name as given, role, head, joined date. Admins unbind, change the role and make
// a unit's head here; an admin or the unit's head invites. Nobody is shown by openid.
import type { StaffMember } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { getMe } from '../../services/account/me';
import { setHead, setRole, staffList, unbind } from '../../services/admin';
import { formatTime } from '../../utils/format';
import { STAFF_ROLE_LABELS } from '../common';

const toRow = (m: StaffMember) => ({
  staffId: m.staffId,
  name: m.name ?? '（未填写姓名）',
  role: m.role,
  roleLabel: STAFF_ROLE_LABELS[m.role],
  head: m.head,
  joined: formatTime(m.joinedAt).slice(0, 10)
});
type Row = ReturnType<typeof toRow>;

interface Host {
  data: { unitId: string };
}

/** What the 管理 sheet offers for one person. */
function choicesFor(
  row: Row
): Array<{ label: string; run: () => ReturnType<typeof setRole> | ReturnType<typeof unbind> }> {
  const list = [];
  if (row.role === 'staff')
    list.push({ label: row.head ? '取消负责人' : '设为负责人', run: () => setHead(row.staffId, !row.head) });
  list.push(
    row.role === 'staff'
      ? { label: '设为管理员', run: () => setRole(row.staffId, 'admin') }
      : { label: '改为工作人员', run: () => setRole(row.staffId, 'staff') }
  );
  list.push({ label: '解除绑定', run: () => unbind(row.staffId) });
  return list;
}

Component({
  behaviors: [
    pagedList({
      fetchPage: (cursor, page: Host) => staffList(page.data.unitId, cursor),
      toRow,
      queryKey: (page) => page.data.unitId
    })
  ],
  data: { unitId: '', unitName: '', admin: false, notice: '', noticeBad: false },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        unitId: decodeURIComponent(query.unitId ?? ''),
        unitName: decodeURIComponent(query.unitName ?? '')
      });
      void this.refresh();
      void getMe().then((me) => this.setData({ admin: me.ok && me.data.role === 'admin' }));
    },
    onInvite() {
      const { unitId, unitName } = this.data;
      void wx.navigateTo({
        url: `/packageAdmin/invite/index?unitId=${encodeURIComponent(unitId)}&unitName=${encodeURIComponent(unitName)}`
      });
    },
    async onManage(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const items = this.data.items;
      const index = items.findIndex((r) => r.staffId === e.currentTarget.dataset.id);
      if (index < 0) return;
      const row = items[index];
      const choices = choicesFor(row);
      let tapIndex: number;
      try {
        ({ tapIndex } = await wx.showActionSheet({ itemList: choices.map((c) => c.label) }));
      } catch {
        return; // cancelled
      }
      const choice = choices[tapIndex];
      if (!choice) return;
      const { confirm } = await wx.showModal({
        title: choice.label,
        content: `确定对“${row.name}”${choice.label}吗？${choice.label === '解除绑定' ? '解除后此人将不能再办理本单位的诉求。' : ''}`
      });
      if (!confirm) return;
      const res = await choice.run();
      if (!res.ok) {
        this.setData({ notice: res.message, noticeBad: true });
        return;
      }
      if ('removed' in res.data) {
        this.setData({
          items: items.filter((_, i) => i !== index),
          notice: `已解除${row.name}的绑定`,
          noticeBad: false
        });
      } else {
        this.setData({
          [`items[${index}]`]: toRow(res.data),
          notice: `已${choice.label}：${row.name}`,
          noticeBad: false
        });
      }
    }
  }
});
