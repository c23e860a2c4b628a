// 申报善行: a resident reports a good deed to their community, with photos if they like; staff
// approve it into points.
import type { PointsClaimView } from '../../../typings';
import { photoPicker } from '../../behaviors/photoPicker';
import { getClaims } from '../../services/points/claims';
import { submitClaim } from '../../services/points/claim';
import { formatTime, newRequestId } from '../../utils/format';
import { CLAIM_LABELS, DEED_OPTIONS } from '../common';
import { elderMode } from '../../behaviors/elderMode';

const MAX_TEXT = 500;
/** points.claim takes at most 6. */
const MAX_PHOTOS = 6;

const toRow = (c: PointsClaimView) => ({
  claimId: c.claimId,
  title: `${c.deedLabel} · ${c.communityName}`,
  text: c.text,
  at: formatTime(c.createdAt),
  statusLabel: CLAIM_LABELS[c.status].label + (c.points ? ` ${c.points} 分` : ''),
  statusTheme: CLAIM_LABELS[c.status].theme,
  reason: c.reason ?? '',
  photoCount: c.photos.length
});

Component({
  behaviors: [elderMode, photoPicker({ max: MAX_PHOTOS, folder: 'points' })],

  data: {
    deedNames: DEED_OPTIONS.map((d) => `${d.label}（${d.min}–${d.max} 分）`),
    deedIndex: -1,
    communityId: '',
    text: '',
    maxText: MAX_TEXT,
    submitting: false,
    /** One per form: names the claim (a resubmission stores it once) and its photos' files. */
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
      const { deedIndex, communityId, text, requestId, photos, submitting } = this.data;
      if (submitting) return;
      const problem =
        deedIndex < 0
          ? '请选择善行类别'
          : !communityId
            ? '请选择村（社区）'
            : !text.trim()
              ? '请描述您做的好事'
              : this.photoProblem();
      if (problem) {
        void wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      this.setData({ submitting: true });
      const res = await submitClaim({
        deedType: DEED_OPTIONS[deedIndex].value,
        communityId,
        text: text.trim(),
        ...(photos.length ? { photos: this.photoFileIds() } : {}),
        requestId
      });
      this.setData({ submitting: false });
      if (!res.ok) {
        void wx.showToast({ title: res.message, icon: 'none', duration: 3000 });
        return;
      }
      void wx.showToast({ title: '已提交待审核', icon: 'success' });
      this.clearPhotos();
      this.setData({ text: '', deedIndex: -1, requestId: newRequestId() });
      void this.loadMine();
    }
  }
});
