import { demoIdentities } from '../../config';
import { getMe } from '../../services/account/me';
import { activeLocalCloud, setLocalCloudOverride } from '../../services/local-cloud';
import { ROLE_LABELS } from '../../utils/roles';

interface Entry {
  key: 'report' | 'my-requests' | 'merit' | 'workbench';
  title: string;
  description: string;
  /** Page to open. */
  url: string;
  /** Shown to staff and admins only. */
  staffOnly?: boolean;
}

const ENTRIES: Entry[] = [
  { key: 'report', title: '我要吹哨', description: '身边的矛盾纠纷、安全隐患，随手上报', url: '/pages/report/index' },
  { key: 'my-requests', title: '我的诉求', description: '查看办理进度和结果', url: '/pages/cases/index' },
  { key: 'merit', title: '德分宝', description: '参与志愿服务，积累德分', url: '/packagePoints/home/index' },
  {
    key: 'workbench',
    title: '工作台',
    description: '受理、回复、办结本单位的诉求',
    url: '/packageStaff/workbench/index',
    staffOnly: true
  }
];

const entriesFor = (role: string | null): Entry[] =>
  ENTRIES.filter((x) => !x.staffOnly || role === 'staff' || role === 'admin');

type Status = 'loading' | 'ready' | 'error';

Component({
  data: {
    status: 'loading' as Status,
    roleLabel: '',
    unitName: '',
    errorMessage: '',
    entries: entriesFor(null),
    /** The demo identity when talking to the local cloud; empty otherwise. */
    devOpenid: ''
  },

  methods: {
    onLoad() {
      void this.loadMe();
    },

    async loadMe() {
      this.setData({ status: 'loading', devOpenid: activeLocalCloud()?.openid ?? '' });
      const res = await getMe();
      if (!res.ok) {
        this.setData({ status: 'error', errorMessage: res.message });
        return;
      }
      const me = res.data;
      this.setData({
        status: 'ready',
        roleLabel: ROLE_LABELS[me.role],
        unitName: me.unitName ?? '无',
        entries: entriesFor(me.role)
      });
    },

    onRetry() {
      void this.loadMe();
    },

    onEntryTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key?: string }>) {
      const entry = ENTRIES.find((x) => x.key === e.currentTarget.dataset.key);
      if (entry) void wx.navigateTo({ url: entry.url });
    },

    /** Development only: act as another seeded user of the local cloud. */
    onSwitchIdentity() {
      wx.showActionSheet({
        itemList: demoIdentities.map((x) => x.label),
        success: ({ tapIndex }) => {
          const chosen = demoIdentities[tapIndex];
          if (!chosen) return;
          setLocalCloudOverride({ openid: chosen.openid });
          void this.loadMe();
        }
      });
    }
  }
});
