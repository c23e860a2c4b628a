// 我要吹哨: the report form. Renders and calls services; rules live on the server, and so do the limits
// the form keeps to (org.catalog's limits: description, photos, the phone rule).
import type { ClientLimits, OrgCatalog } from '../../../typings';
import { caseSubscribeTemplates } from '../../config';
import { photoPicker } from '../../behaviors/photoPicker';
import { submitCase } from '../../services/cases/submit';
import { getCatalog } from '../../services/org/catalog';
import { newRequestId } from '../../utils/format';
import { normalizeMobileBy } from '../../utils/phone';

type Input<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.CustomEvent<T>;

// Kept outside `data`: only needed to map the category picker's index to an id, and to check the form.
let categories: OrgCatalog['categories'] = [];
let limits: ClientLimits | null = null;

Component({
  // Photos and the privacy guide (which chooseMedia and the submit's requirePrivacyAuthorize both need).
  // How many photos: the server's number, set with the catalog.
  behaviors: [photoPicker({ folder: 'cases' })],

  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    categoryNames: [] as string[],
    categoryIndex: -1,
    /** From the community picker, which starts at the last community chosen. */
    communityId: '',
    description: '',
    maxDescription: 0,
    maxContactPhone: 0,
    contactPhone: '',
    anonymous: false,
    submitting: false,
    submitError: '',
    /** The case number once filed. */
    resultCode: '',
    /** One per form: a retry after a lost answer files the same case, not a second one. */
    requestId: ''
  },

  methods: {
    onLoad() {
      this.setData({ requestId: newRequestId() });
      void this.loadCatalog();
    },

    async loadCatalog() {
      this.setData({ status: 'loading' });
      const res = await getCatalog();
      if (!res.ok) {
        this.setData({ status: 'error', errorMessage: res.message });
        return;
      }
      categories = res.data.categories;
      limits = res.data.limits;
      this.setData({
        status: 'ready',
        categoryNames: categories.map((c) => c.name),
        maxDescription: limits.maxDescription,
        maxPhotos: limits.maxPhotos,
        maxContactPhone: limits.maxContactPhone
      });
    },

    onRetry() {
      void this.loadCatalog();
    },

    onCategoryChange(e: Input<{ value: string | number }>) {
      this.setData({ categoryIndex: Number(e.detail.value) });
    },

    onCommunity(e: Input<{ id: string }>) {
      this.setData({ communityId: e.detail.id });
    },

    onDescriptionChange(e: Input<{ value: string }>) {
      this.setData({ description: String(e.detail.value ?? '') });
    },

    onPhoneChange(e: Input<{ value: string }>) {
      this.setData({ contactPhone: String(e.detail.value ?? '') });
    },

    onAnonymousChange(e: Input<{ value: boolean }>) {
      this.setData({ anonymous: Boolean(e.detail.value) });
    },

    /** What is missing, in words, or '' when the form can be sent. */
    problem(): string {
      const d = this.data;
      if (d.categoryIndex < 0) return '请选择纠纷类别';
      if (!d.communityId) return '请选择所在村（社区）';
      if (!d.description.trim()) return '请填写问题描述';
      if (d.description.trim().length > d.maxDescription) return `问题描述最多${d.maxDescription}字，请精简后再提交`;
      if (d.contactPhone && !this.phone()) return '请填写11位手机号，或留空';
      return this.photoProblem();
    },

    /** The contact phone as the server keeps it (its own rule: 13x–19x, +86 and separators removed), or null. */
    phone(): string | null {
      return limits ? normalizeMobileBy(limits.mobileRule, this.data.contactPhone) : null;
    },

    async onSubmit() {
      if (this.data.submitting) return;
      const problem = this.problem();
      if (problem) {
        void wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      this.setData({ submitting: true, submitError: '' });
      // Must run inside the tap, before any await: WeChat only asks on a user gesture.
      const subscribed = askSubscription();
      try {
        if (!(await requirePrivacy())) {
          this.setData({ submitError: '需要您同意《用户隐私保护指引》后才能提交' });
          return;
        }
        await subscribed;
        const d = this.data;
        const phone = d.contactPhone ? this.phone() : null;
        const res = await submitCase({
          category: categories[d.categoryIndex].id,
          communityId: d.communityId,
          description: d.description.trim(),
          ...(d.photos.length ? { photos: this.photoFileIds() } : {}),
          ...(phone ? { contactPhone: phone } : {}),
          anonymous: d.anonymous,
          requestId: d.requestId
        });
        if (!res.ok) {
          this.setData({ submitError: res.message });
          return;
        }
        const { caseId, code } = res.data;
        this.setData({ resultCode: code });
        wx.showModal({
          title: '提交成功',
          content: `诉求编号 ${code}。办理进度可在“我的诉求”中查看。`,
          showCancel: false,
          confirmText: '查看详情',
          complete: () => wx.redirectTo({ url: `/pages/case/index?caseId=${encodeURIComponent(caseId)}` })
        });
      } finally {
        this.setData({ submitting: false });
      }
    }
  }
});

/** Asks for the case notices; a refusal or an old client never blocks filing. */
function askSubscription(): Promise<void> {
  return new Promise((resolve) => {
    if (!wx.requestSubscribeMessage || caseSubscribeTemplates.length === 0) return resolve();
    wx.requestSubscribeMessage({
      tmplIds: [...caseSubscribeTemplates],
      complete: () => resolve()
    });
  });
}

/** Resolves true once the user has agreed to the privacy guide (asking through the page if needed). */
function requirePrivacy(): Promise<boolean> {
  return new Promise((resolve) => {
    if (!wx.requirePrivacyAuthorize) return resolve(true);
    wx.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) });
  });
}
