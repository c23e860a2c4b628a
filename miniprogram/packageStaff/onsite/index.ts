// 网下报到: the dispatched cadre checks in on site with WeChat location, then records the visit. The
// page opens on the dispatch as it stands (checked in already, visit recorded) and links to the case.
import type { CaseDetail } from '../../../typings';
import { privacyGuide } from '../../behaviors/privacyGuide';
import { getCaseDetail } from '../../services/cases/detail';
import { onsiteCheckIn } from '../../services/cases/onsiteCheckIn';
import { recordVisit } from '../../services/cases/recordVisit';
import { getLimits } from '../../services/org/limits';

type Stage = 'loading' | 'error' | 'checkIn' | 'visit' | 'done';

const distanceTextOf = (m: number | null | undefined): string =>
  m === null || m === undefined ? '诉求未标注位置' : `距诉求地点约${m}米`;

Component({
  // wx.getLocation is a privacy API: the page shows its guide when the app's listener asks.
  behaviors: [privacyGuide],
  data: {
    caseId: '',
    dispatchId: '',
    stage: 'loading' as Stage,
    errorMessage: '',
    /** The case, in one line, and the place it was pinned (if it was). */
    caseLine: '',
    address: '',
    distanceText: '',
    visitNote: '',
    note: '',
    // maxNote: the server's limit (org.catalog); none (-1) until known, the server still checks.
    maxNote: -1,
    busy: false
  },
  methods: {
    onLoad(query: { caseId?: string; dispatchId?: string }) {
      this.setData({
        caseId: decodeURIComponent(query.caseId ?? ''),
        dispatchId: decodeURIComponent(query.dispatchId ?? '')
      });
      void getLimits().then((res) => res.ok && this.setData({ maxNote: res.data.texts.recordVisit }));
      void this.load();
    },
    onRetry() {
      void this.load();
    },
    /** The dispatch as it stands: a second visit to the page continues where the cadre left off. */
    async load() {
      this.setData({ stage: 'loading' });
      const res = await getCaseDetail(this.data.caseId);
      if (!res.ok) {
        this.setData({ stage: 'error', errorMessage: res.message });
        return;
      }
      this.show(res.data);
    },
    show(detail: CaseDetail) {
      const d = detail.dispatches.find((x) => x.dispatchId === this.data.dispatchId);
      const c = detail.case;
      const base = {
        caseLine: `${c.code} · ${c.categoryName} · ${c.communityName}`,
        address: c.location?.address ?? ''
      };
      if (!d) {
        this.setData({ ...base, stage: 'error', errorMessage: '没有找到这次派遣' });
        return;
      }
      const stage: Stage = d.visit ? 'done' : d.checkIn ? 'visit' : 'checkIn';
      this.setData({
        ...base,
        stage,
        distanceText: d.checkIn ? distanceTextOf(d.checkIn.distanceM) : '',
        visitNote: d.visit?.note ?? ''
      });
    },
    onOpenCase() {
      void wx.navigateTo({ url: `/packageStaff/case/index?caseId=${encodeURIComponent(this.data.caseId)}` });
    },
    onCheckIn() {
      if (this.data.busy) return;
      this.setData({ busy: true });
      // gcj02: the system the case location was picked in, so the distance compares like with like.
      wx.getLocation({
        type: 'gcj02',
        success: async (loc) => {
          const res = await onsiteCheckIn({
            caseId: this.data.caseId,
            dispatchId: this.data.dispatchId,
            latitude: loc.latitude,
            longitude: loc.longitude
          });
          this.setData({ busy: false });
          if (!res.ok) {
            void wx.showToast({ title: res.message, icon: 'none' });
            return;
          }
          this.show(res.data);
        },
        fail: () => {
          this.setData({ busy: false });
          void wx.showToast({ title: '需要位置授权才能现场签到', icon: 'none' });
        }
      });
    },
    // t-textarea's change event: detail { value, cursor }.
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: String(e.detail.value ?? '') });
    },
    async onRecord() {
      // A second tap while the first is on its way would record the visit twice.
      if (this.data.busy) return;
      this.setData({ busy: true });
      const res = await recordVisit({
        caseId: this.data.caseId,
        dispatchId: this.data.dispatchId,
        note: this.data.note
      });
      this.setData({ busy: false });
      void wx.showToast({ title: res.ok ? '已记录' : res.message, icon: res.ok ? 'success' : 'none' });
      if (res.ok) this.show(res.data);
    }
  }
});
