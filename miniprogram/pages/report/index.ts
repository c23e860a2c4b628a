// 我要吹哨: the report form. Renders and calls services; rules live on the server.
import type { OrgCatalog } from '../../../typings';
import { caseSubscribeTemplates, LAST_COMMUNITY_STORAGE_KEY } from '../../config';
import { submitCase } from '../../services/cases/submit';
import { getCatalog } from '../../services/org/catalog';
import { uploadPhoto } from '../../services/storage/uploadPhoto';
import { newRequestId, shanghaiDay } from '../../utils/format';

const MAX_DESCRIPTION = 2000;
const MAX_PHOTOS = 9;

type PhotoState = 'uploading' | 'done' | 'failed';
interface Photo {
  key: string;
  path: string;
  progress: number;
  state: PhotoState;
  fileId: string;
}

type Input<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.CustomEvent<T>;
type Tap<D extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.BaseEvent<Record<string, never>, D>;

// Kept outside `data`: the catalog is only needed to map picker indexes to ids.
let catalog: OrgCatalog = { categories: [], district: { id: '', name: '' }, towns: [], departments: [] };
type PrivacyResolve = (r: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;
let privacyResolve: PrivacyResolve | null = null;

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    categoryNames: [] as string[],
    categoryIndex: -1,
    townNames: [] as string[],
    townIndex: -1,
    communityNames: [] as string[],
    communityIndex: -1,
    description: '',
    maxDescription: MAX_DESCRIPTION,
    photos: [] as Photo[],
    maxPhotos: MAX_PHOTOS,
    contactPhone: '',
    anonymous: false,
    submitting: false,
    submitError: '',
    /** The case number once filed. */
    resultCode: '',
    privacyVisible: false,
    /** One per form: a retry after a lost answer files the same case, not a second one. */
    requestId: ''
  },

  methods: {
    onLoad() {
      this.setData({ requestId: newRequestId() });
      void this.loadCatalog();
    },

    onShow() {
      // Privacy APIs (chooseMedia, requirePrivacyAuthorize) ask the page on top to show the guide.
      wx.onNeedPrivacyAuthorization?.((resolve) => {
        // api-typings declare resolve as a result object; it is the function WeChat documents.
        privacyResolve = resolve as unknown as PrivacyResolve;
        this.setData({ privacyVisible: true }, () => privacyResolve?.({ event: 'exposureAuthorization' }));
      });
    },

    async loadCatalog() {
      this.setData({ status: 'loading' });
      const res = await getCatalog();
      if (!res.ok) {
        this.setData({ status: 'error', errorMessage: res.message });
        return;
      }
      catalog = res.data;
      this.setData({
        status: 'ready',
        categoryNames: catalog.categories.map((c) => c.name),
        townNames: catalog.towns.map((t) => t.name)
      });
      this.selectLastCommunity();
    },

    onRetry() {
      void this.loadCatalog();
    },

    /** There are no coordinates for communities, so the default is the community of the last case. */
    selectLastCommunity() {
      const last = wx.getStorageSync(LAST_COMMUNITY_STORAGE_KEY) as unknown;
      if (typeof last !== 'string' || !last) return;
      const townIndex = catalog.towns.findIndex((t) => t.communities.some((c) => c.id === last));
      if (townIndex < 0) return;
      const communities = catalog.towns[townIndex].communities;
      this.setData({ townIndex, communityNames: communities.map((c) => c.name), communityIndex: communities.findIndex((c) => c.id === last) });
    },

    onCategoryChange(e: Input<{ value: string | number }>) {
      this.setData({ categoryIndex: Number(e.detail.value) });
    },

    onTownChange(e: Input<{ value: string | number }>) {
      const townIndex = Number(e.detail.value);
      const town = catalog.towns[townIndex];
      if (!town) return;
      this.setData({ townIndex, communityNames: town.communities.map((c) => c.name), communityIndex: -1 });
    },

    onCommunityChange(e: Input<{ value: string | number }>) {
      this.setData({ communityIndex: Number(e.detail.value) });
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

    onChoosePhotos() {
      const room = MAX_PHOTOS - this.data.photos.length;
      if (room <= 0) return;
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
        success: (res) => {
          const stamp = Date.now().toString(36);
          const added: Photo[] = res.tempFiles.slice(0, room).map((f, i) => ({ key: `${stamp}${i}`, path: f.tempFilePath, progress: 0, state: 'uploading', fileId: '' }));
          this.setData({ photos: [...this.data.photos, ...added] });
          added.forEach((p) => void this.upload(p));
        }
      });
    },

    async upload(photo: Photo) {
      const ext = /\.(\w{1,5})$/.exec(photo.path)?.[1] ?? 'jpg';
      const cloudPath = `cases/${shanghaiDay(Date.now())}/${this.data.requestId}-${photo.key}.${ext}`;
      const res = await uploadPhoto(photo.path, cloudPath, (progress) => this.patchPhoto(photo.key, { progress }));
      this.patchPhoto(photo.key, res.ok ? { state: 'done', progress: 100, fileId: res.data.fileId } : { state: 'failed' });
    },

    /** Updates one photo by key: the list may have changed while it uploaded. */
    patchPhoto(key: string, patch: Partial<Photo>) {
      const i = this.data.photos.findIndex((p) => p.key === key);
      if (i < 0) return;
      const update: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(patch)) update[`photos[${i}].${k}`] = v;
      this.setData(update);
    },

    onRemovePhoto(e: Tap<{ key?: string }>) {
      this.setData({ photos: this.data.photos.filter((p) => p.key !== e.currentTarget.dataset.key) });
    },

    onPreviewPhoto(e: Tap<{ key?: string }>) {
      const photo = this.data.photos.find((p) => p.key === e.currentTarget.dataset.key);
      if (photo) wx.previewImage({ urls: this.data.photos.map((p) => p.path), current: photo.path });
    },

    /** What is missing, in words, or '' when the form can be sent. */
    problem(): string {
      const d = this.data;
      if (d.categoryIndex < 0) return '请选择纠纷类别';
      if (d.communityIndex < 0) return '请选择所在村（社区）';
      if (!d.description.trim()) return '请填写问题描述';
      if (d.contactPhone && !/^1\d{10}$/.test(d.contactPhone.replace(/[\s-]/g, ''))) return '请填写11位手机号，或留空';
      if (d.photos.some((p) => p.state === 'uploading')) return '照片还在上传，请稍候';
      if (d.photos.some((p) => p.state === 'failed')) return '有照片上传失败，请删除后重试';
      return '';
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
        const community = catalog.towns[d.townIndex].communities[d.communityIndex];
        const phone = d.contactPhone.replace(/[\s-]/g, '');
        const res = await submitCase({
          category: catalog.categories[d.categoryIndex].id,
          communityId: community.id,
          description: d.description.trim(),
          ...(d.photos.length ? { photos: d.photos.map((p) => p.fileId) } : {}),
          ...(phone ? { contactPhone: phone } : {}),
          anonymous: d.anonymous,
          requestId: d.requestId
        });
        if (!res.ok) {
          this.setData({ submitError: res.message });
          return;
        }
        wx.setStorageSync(LAST_COMMUNITY_STORAGE_KEY, community.id);
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
    },

    onAgreePrivacy(e: WechatMiniprogram.BaseEvent) {
      privacyResolve?.({ event: 'agree', buttonId: (e.currentTarget as { id?: string }).id || 'privacy-agree' });
      privacyResolve = null;
      this.setData({ privacyVisible: false });
    },

    onDisagreePrivacy() {
      privacyResolve?.({ event: 'disagree' });
      privacyResolve = null;
      this.setData({ privacyVisible: false });
    },

    onOpenPrivacyContract() {
      wx.openPrivacyContract?.({});
    }
  }
});

/** Asks for the case notices; a refusal or an old client never blocks filing. */
function askSubscription(): Promise<void> {
  return new Promise((resolve) => {
    if (!wx.requestSubscribeMessage || caseSubscribeTemplates.length === 0) return resolve();
    wx.requestSubscribeMessage({ tmplIds: [...caseSubscribeTemplates], complete: () => resolve() } as WechatMiniprogram.RequestSubscribeMessageOption);
  });
}

/** Resolves true once the user has agreed to the privacy guide (asking through the page if needed). */
function requirePrivacy(): Promise<boolean> {
  return new Promise((resolve) => {
    if (!wx.requirePrivacyAuthorize) return resolve(true);
    wx.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) });
  });
}
