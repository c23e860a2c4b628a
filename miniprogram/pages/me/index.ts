// 我的: who I am, my things, 长辈模式 and the privacy policy; staff also get their workbench.
import { elderMode } from '../../behaviors/elderMode';
import { ELDER_MODE_KEY } from '../../utils/elderFont';
import { getMe } from '../../services/account/me';
import { ROLE_LABELS } from '../../utils/roles';
import { refreshTodoBadge } from '../../utils/todoBadge';

type Status = 'loading' | 'ready' | 'error';

Component({
  behaviors: [elderMode],
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    name: '',
    roleLabel: '',
    unitName: '',
    staff: false,
    /** 消息中心's count, as the cell's note: '2 条待办', or nothing. */
    todoNote: ''
  },

  methods: {
    onLoad() {
      void this.loadMe();
    },

    onShow() {
      void this.loadTodo();
    },

    async loadTodo() {
      const todo = await refreshTodoBadge();
      if (!todo) return;
      const n = todo.awaitingMaterial + todo.awaitingRating;
      this.setData({ todoNote: n > 0 ? `${n} 条待办` : '' });
    },

    onMessages() {
      void wx.navigateTo({ url: '/pages/messages/index' });
    },

    async loadMe() {
      this.setData({ status: 'loading' });
      const res = await getMe();
      if (!res.ok) {
        this.setData({ status: 'error', errorMessage: res.message });
        return;
      }
      const me = res.data;
      this.setData({
        status: 'ready',
        name: me.name ?? '微信用户',
        roleLabel: ROLE_LABELS[me.role],
        unitName: me.unitName ?? '',
        staff: me.role === 'staff' || me.role === 'admin'
      });
    },

    onRetry() {
      void this.loadMe();
    },

    onMyCases() {
      void wx.switchTab({ url: '/pages/cases/index' });
    },

    onMyPoints() {
      void wx.switchTab({ url: '/pages/points/index' });
    },

    /** 我的关注: the 议事 topics I follow live in the deliberation list. */
    onMyFollows() {
      void wx.navigateTo({ url: '/packageDeliberation/topics/index' });
    },

    onWorkbench() {
      void wx.navigateTo({ url: '/packageStaff/workbench/index' });
    },

    onElderChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const elder = e.detail.value === true;
      wx.setStorageSync(ELDER_MODE_KEY, elder);
      this.readElderMode();
    },

    onPrivacy() {
      wx.openPrivacyContract({});
    }
  }
});
