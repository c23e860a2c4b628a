// 登记: a case told to staff through another channel (多网合一); the server routes it as a submit.
import type { ClientLimits, GeoPoint, OrgCatalog } from '../../../typings';
import { photoPicker } from '../../behaviors/photoPicker';
import { getCatalog } from '../../services/org/catalog';
import { registerCase } from '../../services/register/register';
import { newRequestId } from '../../utils/format';
import { normalizeMobileBy } from '../../utils/phone';
import { REGISTER_CHANNEL_OPTIONS } from '../../utils/labels';

type Input<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.CustomEvent<T>;

// Outside `data`: only to map picker indexes to ids and check the phone by the server's rule.
let categories: OrgCatalog['categories'] = [];
let limits: ClientLimits | null = null;

Component({
  behaviors: [photoPicker({ folder: 'cases' })],
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    channelNames: REGISTER_CHANNEL_OPTIONS.map((c) => c.label),
    channelIndex: 0,
    categoryNames: [] as string[],
    categoryIndex: -1,
    communityId: '',
    reporterName: '',
    reporterPhone: '',
    description: '',
    location: null as GeoPoint | null,
    maxPhotos: 0,
    submitting: false,
    formError: '',
    requestId: ''
  },
  lifetimes: {
    attached() {
      this.setData({ requestId: newRequestId() });
      void this.loadCatalog();
    }
  },
  methods: {
    async loadCatalog() {
      const res = await getCatalog();
      if (!res.ok) return this.setData({ status: 'error', errorMessage: res.message });
      categories = res.data.categories;
      limits = res.data.limits;
      this.setData({ status: 'ready', categoryNames: categories.map((c) => c.name), maxPhotos: limits.maxPhotos });
    },
    onChannel(e: Input<{ value: string | number }>) {
      this.setData({ channelIndex: Number(e.detail.value), formError: '' });
    },
    onCategory(e: Input<{ value: string | number }>) {
      this.setData({ categoryIndex: Number(e.detail.value), formError: '' });
    },
    onCommunity(e: Input<{ id: string }>) {
      this.setData({ communityId: e.detail.id, formError: '' });
    },
    onName(e: Input<{ value: string }>) {
      this.setData({ reporterName: String(e.detail.value ?? '') });
    },
    onPhone(e: Input<{ value: string }>) {
      this.setData({ reporterPhone: String(e.detail.value ?? ''), formError: '' });
    },
    onDescription(e: Input<{ value: string }>) {
      this.setData({ description: String(e.detail.value ?? ''), formError: '' });
    },
    onChooseLocation() {
      wx.chooseLocation({
        success: (res) => {
          const address = [res.address, res.name].filter(Boolean).join(' ').slice(0, 200);
          this.setData({ location: { latitude: res.latitude, longitude: res.longitude, address } });
        },
        fail: (err: { errMsg?: string }) => {
          if (!/cancel/.test(err.errMsg ?? '')) void wx.showToast({ title: '未能选择位置', icon: 'none' });
        }
      });
    },
    onClearLocation() {
      this.setData({ location: null });
    },
    /** The phone as the server keeps it (org.catalog's rule), '' when blank, or null when refused. */
    phone(): string | null {
      const raw = this.data.reporterPhone.trim();
      if (!raw) return '';
      return limits ? normalizeMobileBy(limits.mobileRule, raw) : null;
    },
    problem(): string {
      const d = this.data;
      if (d.categoryIndex < 0) return '请选择纠纷类别';
      if (!d.communityId) return '请选择所在村（社区）';
      if (!d.description.trim()) return '请填写问题描述';
      if (this.phone() === null) return '请填写11位手机号，或留空';
      return this.photoProblem();
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const problem = this.problem();
      if (problem) return this.setData({ formError: problem });
      const d = this.data;
      const phone = this.phone();
      this.setData({ submitting: true, formError: '' });
      const res = await registerCase({
        channel: REGISTER_CHANNEL_OPTIONS[d.channelIndex].value,
        category: categories[d.categoryIndex].id,
        communityId: d.communityId,
        description: d.description.trim(),
        ...(d.reporterName.trim() ? { reporterName: d.reporterName.trim() } : {}),
        ...(phone ? { reporterPhone: phone } : {}),
        ...(d.photos.length ? { photos: this.photoFileIds() } : {}),
        ...(d.location ? { location: d.location } : {}),
        requestId: d.requestId
      });
      this.setData({ submitting: false });
      if (!res.ok) return this.setData({ formError: res.message });
      void wx.redirectTo({ url: `/packageStaff/case/index?caseId=${encodeURIComponent(res.data.caseId)}` });
    }
  }
});
