// 申报善行: a resident reports a good deed to their community; staff approve it into points.
import type { PointsClaimView } from '../../../typings';
import { getClaims } from '../../services/points/claims';
import { submitClaim } from '../../services/points/claim';
import { formatTime, newRequestId } from '../../utils/format';
import { CLAIM_LABELS, DEED_OPTIONS } from '../common';

const MAX_TEXT = 500;

const toRow = (c: PointsClaimView) => ({
  claimId: c.claimId,
  title: `${c.deedLabel} · ${c.communityName}`,
  text: c.text,
  at: formatTime(c.createdAt),
  statusLabel: CLAIM_LABELS[c.status].label + (c.points ? ` ${c.points} 分` : ''),
  statusTheme: CLAIM_LABELS[c.status].theme,
  reason: c.reason ?? ''
});

Component({
  data: {
    deedNames: DEED_OPTIONS.map((d) => `${d.label}（${d.min}–${d.max} 分）`),
    deedIndex: -1,
    communityId: '',
    text: '',
    maxText: MAX_TEXT,
    submitting: false,
    requestId: '',
    mine: [] as Array<ReturnType<typeof toRow>>
  },
  methods: {
    onLoad() {
      this.setData({ requestId: newRequestId() });
      void this.loadMine();
    },
    async loadMine() {
      const res = await getClaims('mine');
      if (res.ok) this.setData({ mine: res.data.items.map(toRow) });
    },
    onDeedChange(e: WechatMiniprogram.PickerChange) {
      this.setData({ deedIndex: Number(e.detail.value) });
    },
    onCommunity(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
      this.setData({ communityId: e.detail.id });
    },
    onTextChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value });
    },
    async onSubmit() {
      const { deedIndex, communityId, text, requestId } = this.data;
      const problem = deedIndex < 0 ? '请选择善行类别' : !communityId ? '请选择村（社区）' : !text.trim() ? '请描述您做的好事' : '';
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      this.setData({ submitting: true });
      const res = await submitClaim({ deedType: DEED_OPTIONS[deedIndex].value, communityId, text: text.trim(), requestId });
      this.setData({ submitting: false });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none', duration: 3000 });
        return;
      }
      wx.showToast({ title: '已提交，等待审核', icon: 'success' });
      this.setData({ text: '', deedIndex: -1, requestId: newRequestId() });
      void this.loadMine();
    }
  }
});
