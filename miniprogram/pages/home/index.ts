import { demoIdentities } from '../../config';
import { elderMode } from '../../behaviors/elderMode';
import { getMe } from '../../services/account/me';
import { activeLocalCloud, setLocalCloudOverride } from '../../services/local-cloud';
import { ROLE_LABELS } from '../../utils/roles';
import { refreshTodoBadge } from '../../utils/todoBadge';

interface Entry {
  key: 'report' | 'my-requests' | 'merit' | 'deliberation' | 'legal' | 'workbench' | 'admin' | 'unit-staff' | 'join';
  title: string;
  description: string;
  /** Page to open. */
  url: string;
  /** Shown to staff and admins only. */
  staffOnly?: boolean;
  /** Shown only to admins, to a unit's head (staff), or to residents (who may hold an invite code). */
  only?: 'admin' | 'head' | 'resident';
}

const ENTRIES: Entry[] = [
  { key: 'report', title: '我要吹哨', description: '身边的矛盾纠纷、安全隐患，随手上报', url: '/pages/report/index' },
  { key: 'my-requests', title: '我的诉求', description: '查看办理进度和结果', url: '/pages/cases/index' },
  { key: 'merit', title: '德分宝', description: '参与志愿服务，积累德分', url: '/pages/points/index' },
  {
    key: 'deliberation',
    title: '议事协商',
    description: '三上三下三公开：本村（社区）的事大家议',
    url: '/packageDeliberation/topics/index'
  },
  {
    key: 'legal',
    title: '法律服务',
    description: '社区法律顾问、法律咨询、法律援助申请',
    url: '/packageMediation/legal/index'
  },
  {
    key: 'workbench',
    title: '工作台',
    description: '受理、回复、办结本单位的诉求',
    url: '/packageStaff/workbench/index',
    staffOnly: true
  },
  {
    key: 'admin',
    title: '管理后台',
    description: '单位与工作人员、办理规则、审计日志',
    url: '/packageAdmin/home/index',
    only: 'admin'
  },
  {
    key: 'unit-staff',
    title: '本单位工作人员',
    description: '查看名单，邀请同事加入',
    url: '/packageAdmin/staff/index',
    only: 'head'
  },
  {
    key: 'join',
    title: '输入邀请码',
    description: '受邀成为工作人员，在此加入单位',
    url: '/packageAdmin/redeem/index',
    only: 'resident'
  }
];

/** 长辈模式's home: the three main actions only. */
const MAIN_ENTRIES = ENTRIES.filter((x) => x.key === 'report' || x.key === 'my-requests' || x.key === 'merit');

/** The tabBar's pages (app.json). */
const TAB_PAGES = ['/pages/home/index', '/pages/cases/index', '/pages/points/index', '/pages/me/index'];

type Who = { role: string; head?: boolean; unitId?: string | null; unitName?: string | null } | null;

const entriesFor = (me: Who): Entry[] =>
  ENTRIES.filter(
    (x) =>
      (!x.staffOnly || me?.role === 'staff' || me?.role === 'admin') &&
      (!x.only || (x.only === 'head' ? me?.role === 'staff' && me.head === true : me?.role === x.only))
  ).map((x) =>
    x.only === 'head' && me?.unitId
      ? { ...x, url: `${x.url}?unitId=${me.unitId}&unitName=${encodeURIComponent(me.unitName ?? '')}` }
      : x
  );

type Status = 'loading' | 'ready' | 'error';

Component({
  behaviors: [elderMode],
  data: {
    mainEntries: MAIN_ENTRIES,
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

    // The 我的诉求 tab shows what waits for the resident (待补充, 待评价) from the first screen on.
    onShow() {
      void refreshTodoBadge();
    },

    /** The share card: the home page, with what it is for (a forwarded card opens it). */
    onShareAppMessage() {
      return { title: '莎姐 · 有纠纷找莎姐，群众吹哨、部门报到', path: '/pages/home/index' };
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
        entries: entriesFor(me)
      });
    },

    onRetry() {
      void this.loadMe();
    },

    onEntryTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key?: string }>) {
      const key = e.currentTarget.dataset.key;
      const entry = this.data.entries.find((x) => x.key === key) ?? MAIN_ENTRIES.find((x) => x.key === key);
      if (!entry) return;
      // A tabBar page opens only by switchTab.
      if (TAB_PAGES.includes(entry.url)) void wx.switchTab({ url: entry.url });
      else void wx.navigateTo({ url: entry.url });
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
