// 我要吹哨: the report form. Renders and calls services; rules live on the server.
import type { OrgCatalog } from '../../../typings';
import { caseSubscribeTemplates } from '../../config';
import { photoPicker } from '../../behaviors/photoPicker';
import { submitCase } from '../../services/cases/submit';
import { getCatalog } from '../../services/org/catalog';
import { newRequestId } from '../../utils/format';

const MAX_DESCRIPTION = 2000;
/** cases.submit takes at most 9. */
const MAX_PHOTOS = 9;

type Input<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.CustomEvent<T>;

// Kept outside `data`: only needed to map the category picker's index to an id.
let categories: OrgCatalog['categories'] = [];

Component({
  // Photos and the privacy guide (which chooseMedia and the submit's requirePrivacyAuthorize both need).
  behaviors: [photoPicker({ max: MAX_PHOTOS, folder: 'cases' })],

  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    categoryNames: [] as string[],
    categoryIndex: -1,
    /** From the community picker, which starts at the last community chosen. */
    communityId: '',
    description: '',
    maxDescription: MAX_DESCRIPTION,
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
      this.setData({ status: 'ready', categoryNames: categories.map((c) => c.name) });
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
      this.setData({ description: String(e.detail.value ?? '').slice(0, MAX_DESCRIPTION) });
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
      if (d.contactPhone && !/^1\d{10}$/.test(d.contactPhone.replace(/[\s-]/g, ''))) return '请填写11位手机号，或留空';
      return this.photoProblem();
    },

    async onSubmit() {
      if (this.data.submitting) return;
      const problem = this.problem();
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
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
        const phone = d.contactPhone.replace(/[\s-]/g, '');
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
    } as WechatMiniprogram.RequestSubscribeMessageOption);
  });
}

/** Resolves true once the user has agreed to the privacy guide (asking through the page if needed). */
function requirePrivacy(): Promise<boolean> {
  return new Promise((resolve) => {
    if (!wx.requirePrivacyAuthorize) return resolve(true);
    wx.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) });
  });
}
