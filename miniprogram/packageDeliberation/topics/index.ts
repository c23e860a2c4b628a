// 议事协商: my community's topics by stage. A resident without a community chooses theirs first; the
// council (the community's staff) also registers household voters and invites representatives and the
// supervisory committee here; a resident redeems a household code.
import type { TopicStage, TopicSummary } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { getMe } from '../../services/account/me';
import {
  getHome,
  getTopics,
  inviteToRoster,
  joinHousehold,
  registerHousehold,
  setHome
} from '../../services/deliberation';
import { beijing, STAGE_FILTERS, STAGE_LABELS } from '../common';
import { elderMode } from '../../behaviors/elderMode';

const toRow = (t: TopicSummary) => ({
  topicId: t.topicId,
  title: t.title,
  stageLabel: STAGE_LABELS[t.stage],
  meta: `${beijing(t.createdAt).slice(0, 10)} 提出${t.dueAt ? ` · ${beijing(t.dueAt)} 截止` : ''}`
});

interface Host {
  data: { communityId: string; stage: TopicStage | '' };
}

type Issued = { title: string; code: string; expiresAt: string };

Component({
  behaviors: [
    elderMode,
    pagedList({
      fetchPage: (cursor, page: Host) =>
        page.data.communityId
          ? getTopics(page.data.communityId, page.data.stage || undefined, cursor)
          : Promise.resolve({ ok: true as const, data: { items: [], nextCursor: null } }),
      toRow,
      queryKey: (page) => `${page.data.communityId}|${page.data.stage}`,
      refreshOnShow: true
    })
  ],
  data: {
    homeStatus: 'loading' as 'loading' | 'ready' | 'error',
    homeError: '',
    communityId: '',
    communityName: '',
    /** A resident may propose; staff read (and the council acts on each topic). */
    resident: false,
    council: false,
    roles: '',
    stage: '' as TopicStage | '',
    filters: STAGE_FILTERS,
    picked: '',
    household: '',
    householdCode: '',
    issued: [] as Issued[],
    notice: ''
  },
  methods: {
    onLoad() {
      void this.loadHome();
    },
    /** The caller's community and roles; then the list, unless only the roles changed. */
    async loadHome(list = true) {
      this.setData({ homeStatus: 'loading' });
      const [home, me] = await Promise.all([getHome(), getMe()]);
      if (!home.ok) {
        this.setData({ homeStatus: 'error', homeError: home.message });
        return;
      }
      const h = home.data;
      const roles = [
        ...h.roles.map((r) => (r === 'representative' ? '村（居）民代表' : '监督委员会成员')),
        ...(h.household !== null ? ['户代表'] : [])
      ];
      this.setData({
        homeStatus: 'ready',
        communityId: h.communityId ?? '',
        communityName: h.communityName ?? '',
        council: h.council,
        resident: me.ok ? me.data.role === 'resident' : false,
        roles: roles.join('、')
      });
      if (list) void this.refresh();
    },
    onRetryHome() {
      void this.loadHome();
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
      this.setData({ picked: e.detail.id });
    },
    async onChooseHome() {
      const id = this.data.picked;
      if (!id) return;
      if (!this.data.resident) {
        // Staff above the community read its topics without making it theirs.
        this.setData({ communityId: id, status: 'loading', items: [] });
        void this.refresh();
        return;
      }
      const res = await setHome(id);
      if (!res.ok) {
        this.setData({ homeError: res.message });
        return;
      }
      void this.loadHome();
    },
    onStage(e: WechatMiniprogram.BaseEvent<Record<string, never>, { stage?: TopicStage | '' }>) {
      this.setData({ stage: e.currentTarget.dataset.stage ?? '', status: 'loading', items: [] });
      void this.refresh();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      if (id) void wx.navigateTo({ url: `/packageDeliberation/topic/index?topicId=${id}` });
    },
    onPropose() {
      void wx.navigateTo({ url: `/packageDeliberation/propose/index?communityId=${this.data.communityId}` });
    },
    onHousehold(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ household: e.detail.value });
    },
    onHouseholdCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ householdCode: e.detail.value });
    },
    async onRegisterHousehold() {
      const name = this.data.household.trim();
      if (!name) {
        this.setData({ notice: '请填写户名（如 3栋2单元501）' });
        return;
      }
      const res = await registerHousehold(this.data.communityId, name);
      if (!res.ok) return this.setData({ notice: res.message });
      this.issue(`${res.data.household} 户代表登记码`, res.data.code, res.data.expiresAt);
    },
    async onInvite(e: WechatMiniprogram.BaseEvent<Record<string, never>, { role?: 'representative' | 'supervisor' }>) {
      const role = e.currentTarget.dataset.role ?? 'representative';
      const res = await inviteToRoster(this.data.communityId, role);
      if (!res.ok) return this.setData({ notice: res.message });
      this.issue(
        role === 'representative' ? '村（居）民代表邀请码' : '监督委员会成员邀请码',
        res.data.code,
        res.data.expiresAt
      );
    },
    issue(title: string, code: string, expiresAt: string) {
      this.setData({ notice: '', issued: [{ title, code, expiresAt: beijing(expiresAt) }, ...this.data.issued] });
    },
    async onJoinHousehold() {
      const res = await joinHousehold(this.data.householdCode);
      if (!res.ok) return this.setData({ notice: res.message });
      this.setData({ householdCode: '', notice: '登记成功：您是本户的投票代表' });
      await this.loadHome(false);
    }
  }
});
