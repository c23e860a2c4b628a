// 我要吹哨: the report form. Renders and calls services; rules live on the server, and so do the limits
// the form keeps to (org.catalog's limits: description, photos, the phone rule).
import type { ClientLimits, OrgCatalog } from '../../../typings';
import { photoPicker } from '../../behaviors/photoPicker';
import { elderMode } from '../../behaviors/elderMode';
import { followCase, similarCases, unfollowCase, type SimilarCase } from '../../services/cases/similar';
import { submitCase } from '../../services/cases/submit';
import { getCatalog } from '../../services/org/catalog';
import { newRequestId } from '../../utils/format';
import { normalizeMobileBy } from '../../utils/phone';

type Input<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.CustomEvent<T>;

/** 相似诉求 wait for the typing to pause, so a sentence costs one request, not one a keystroke. */
const SIMILAR_DEBOUNCE_MS = 600;
let similarTimer: ReturnType<typeof setTimeout> | null = null;

/** The unsent form on this phone: description, phone, anonymity and the pin, kept as typed (photos are not). */
const DRAFT_KEY = 'shajie:reportDraft';
interface Draft {
  description: string;
  contactPhone: string;
  anonymous: boolean;
  location: { latitude: number; longitude: number; address: string } | null;
}

function readDraft(): Draft | null {
  const d = wx.getStorageSync<Partial<Draft> | ''>(DRAFT_KEY);
  return d && typeof d.description === 'string'
    ? {
        description: d.description,
        contactPhone: String(d.contactPhone ?? ''),
        anonymous: d.anonymous === true,
        location: d.location ?? null
      }
    : null;
}

// Kept outside `data`: only needed to map the category picker's index to an id, and to check the form.
let categories: OrgCatalog['categories'] = [];
let limits: ClientLimits | null = null;
// The case notices' template ids, as admins stored them (setup.setRules notify, sent with org.catalog).
let subscribeIds: string[] = [];

Component({
  // Photos and the privacy guide (which chooseMedia and the submit's requirePrivacyAuthorize both need).
  // How many photos: the server's number, set with the catalog.
  behaviors: [photoPicker({ folder: 'cases' }), elderMode],

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
    /** The map pin (wx.chooseLocation, GCJ-02) and its address, or null: the on-site check-in measures from it. */
    location: null as { latitude: number; longitude: number; address: string } | null,
    /** Open cases like this one nearby (相似诉求): the resident may follow one instead of filing. */
    similar: [] as SimilarCase[],
    submitting: false,
    submitError: '',
    /** The case number once filed. */
    resultCode: '',
    /** One per form: a retry after a lost answer files the same case, not a second one. */
    requestId: ''
  },

  methods: {
    onLoad() {
      const draft = readDraft();
      this.setData({ requestId: newRequestId(), ...(draft ?? {}) });
      if (draft) this.guardLeaving();
      void this.loadCatalog();
    },

    /** Keeps what was typed, and asks before leaving a form with text in it unsent. */
    saveDraft() {
      const d = this.data;
      const draft: Draft = {
        description: d.description,
        contactPhone: d.contactPhone,
        anonymous: d.anonymous,
        location: d.location
      };
      if (draft.description.trim() || draft.contactPhone || draft.location) {
        wx.setStorageSync(DRAFT_KEY, draft);
        this.guardLeaving();
      } else this.dropDraft();
    },

    guardLeaving() {
      wx.enableAlertBeforeUnload?.({ message: '您填写的诉求还没有提交，草稿已保存。确定离开吗？' });
    },

    dropDraft() {
      wx.removeStorageSync(DRAFT_KEY);
      wx.disableAlertBeforeUnload?.();
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
      subscribeIds = res.data.subscribe?.resident ?? [];
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
      this.lookSimilar();
    },

    onCommunity(e: Input<{ id: string }>) {
      this.setData({ communityId: e.detail.id });
      this.lookSimilar();
    },

    onDescriptionChange(e: Input<{ value: string }>) {
      this.setData({ description: String(e.detail.value ?? '') });
      this.saveDraft();
      this.lookSimilar();
    },

    onPhoneChange(e: Input<{ value: string }>) {
      this.setData({ contactPhone: String(e.detail.value ?? '') });
      this.saveDraft();
    },

    onAnonymousChange(e: Input<{ value: boolean }>) {
      this.setData({ anonymous: Boolean(e.detail.value) });
      this.saveDraft();
    },

    /** 选择位置: a pin on WeChat's map (a privacy API: the guide may show first). Cancelling keeps the old pin. */
    onChooseLocation() {
      const was = this.data.location;
      wx.chooseLocation({
        ...(was ? { latitude: was.latitude, longitude: was.longitude } : {}),
        success: (res) => {
          const address = [res.address, res.name].filter(Boolean).join(' ').slice(0, 200);
          this.setData({ location: { latitude: res.latitude, longitude: res.longitude, address } });
          this.saveDraft();
        },
        fail: (err: { errMsg?: string }) => {
          if (!/cancel/.test(err.errMsg ?? '')) void wx.showToast({ title: '未能选择位置', icon: 'none' });
        }
      });
    },

    onClearLocation() {
      this.setData({ location: null });
      this.saveDraft();
    },

    /** Asks for similar open cases once the category, community and some text are there (debounced). */
    lookSimilar() {
      if (similarTimer) clearTimeout(similarTimer);
      similarTimer = setTimeout(() => {
        similarTimer = null;
        const d = this.data;
        const category = categories[d.categoryIndex]?.id;
        const text = d.description.trim();
        if (!category || !d.communityId || text.length < 4) {
          if (d.similar.length) this.setData({ similar: [] });
          return;
        }
        const at = d.location ? { latitude: d.location.latitude, longitude: d.location.longitude } : null;
        void similarCases({ communityId: d.communityId, category, location: at, text }).then((res) => {
          if (res.ok) this.setData({ similar: res.data.items });
        });
      }, SIMILAR_DEBOUNCE_MS);
    },

    /** 关注 (or 取消关注) a similar case: its notices reach this resident, and it weighs more in the queue. */
    async onFollowSimilar(e: WechatMiniprogram.BaseEvent) {
      const caseId = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      const following = this.data.similar.find((c) => c.caseId === caseId)?.following === true;
      const res = await (following ? unfollowCase(caseId) : followCase(caseId));
      if (!res.ok) {
        void wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      this.setData({
        similar: this.data.similar.map((c) => (c.caseId === caseId ? { ...c, ...res.data } : c))
      });
      void wx.showToast({ title: following ? '已取消关注' : '已关注，办理进展会通知您', icon: 'none' });
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
          ...(d.location ? { location: d.location } : {}),
          anonymous: d.anonymous,
          requestId: d.requestId
        });
        if (!res.ok) {
          this.setData({ submitError: res.message });
          return;
        }
        const { caseId, code } = res.data;
        this.setData({ resultCode: code });
        this.dropDraft(); // filed: nothing left to lose
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
    // wx.requestSubscribeMessage takes at most 3 ids.
    const tmplIds = subscribeIds.slice(0, 3);
    if (!wx.requestSubscribeMessage || tmplIds.length === 0) return resolve();
    wx.requestSubscribeMessage({
      tmplIds,
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
