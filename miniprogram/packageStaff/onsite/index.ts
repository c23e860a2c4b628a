// 网下报到: the dispatched cadre checks in on site with WeChat location, then records the visit.
import { onsiteCheckIn } from '../../services/cases/onsiteCheckIn';
import { recordVisit } from '../../services/cases/recordVisit';
import { getLimits } from '../../services/org/limits';

Component({
  // maxNote: the server's limit (org.catalog); none (-1) until known, the server still checks.
  data: { caseId: '', dispatchId: '', distanceText: '', checkedIn: false, note: '', maxNote: -1, busy: false },
  methods: {
    onLoad(query: { caseId?: string; dispatchId?: string }) {
      this.setData({
        caseId: decodeURIComponent(query.caseId ?? ''),
        dispatchId: decodeURIComponent(query.dispatchId ?? '')
      });
      void getLimits().then((res) => res.ok && this.setData({ maxNote: res.data.texts.recordVisit }));
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
          if (!res.ok) {
            this.setData({ busy: false });
            void wx.showToast({ title: res.message, icon: 'none' });
            return;
          }
          const d = res.data.dispatches.find((x) => x.dispatchId === this.data.dispatchId);
          const m = d?.checkIn?.distanceM;
          this.setData({
            busy: false,
            checkedIn: true,
            distanceText: m === null || m === undefined ? '诉求未标注位置' : `距诉求地点约${m}米`
          });
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
      if (res.ok) void wx.navigateBack();
    }
  }
});
