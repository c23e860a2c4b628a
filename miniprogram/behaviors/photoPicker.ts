// Photos on a form (我要吹哨, 申报善行): choose, upload each with progress, remove, preview, and say
// what still blocks sending. A page names the storage folder and how many the backend takes, here or,
// once it knows the server's number (org.catalog's limits), with setData({ maxPhotos }):
//
//   Component({ behaviors: [photoPicker({ folder: 'cases' })], ... })
//
// Photos go to `uploads/<openid>/<folder>/<Shanghai day>/<requestId>-<key>.<ext>` (the only place the
// functions accept photos from: the caller's own upload folder), requestId being the form's own
// (`data.requestId`), so a form's files sit together. The wxml shows them with the photoGrid template
// of templates/photo-picker.wxml (photos, maxPhotos; binds onChoosePhotos, onPreviewPhoto, onRemovePhoto).
//
// Choosing photos is a privacy API: WeChat asks the page on top to show its privacy guide, so the
// behavior also listens for that (onShow) and answers it (privacyVisible, onAgreePrivacy,
// onDisagreePrivacy), shown with the privacySheet template of the same file.
// A page with its own onShow calls listenForPrivacy() from it.
import { getMe } from '../services/account/me';
import { uploadPathOf, uploadPhoto } from '../services/storage/uploadPhoto';
import { shanghaiDay } from '../utils/format';

type PhotoState = 'uploading' | 'done' | 'failed';

interface Photo {
  key: string;
  /** The local temp file: shown and previewed before (and after) it is uploaded. */
  path: string;
  progress: number;
  state: PhotoState;
  /** cloud:// once uploaded. */
  fileId: string;
}

interface PhotoPickerOptions {
  /** The most the backend takes for this form (0 until the page sets `maxPhotos`). */
  max?: number;
  /** The folder inside the caller's upload folder, e.g. 'cases' or 'points'. */
  folder: string;
}

type Tap = WechatMiniprogram.BaseEvent<Record<string, never>, { key?: string }>;
type PrivacyResolve = (r: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;

// WeChat keeps one pending privacy request for the whole app, not one per page.
let privacyResolve: PrivacyResolve | null = null;

export function photoPicker(opts: PhotoPickerOptions) {
  return Behavior({
    data: {
      photos: [] as Photo[],
      maxPhotos: opts.max ?? 0,
      privacyVisible: false
    },

    methods: {
      onShow() {
        this.listenForPrivacy();
      },

      /** Privacy APIs (chooseMedia, requirePrivacyAuthorize) ask the page on top to show the guide. */
      listenForPrivacy() {
        wx.onNeedPrivacyAuthorization?.((resolve) => {
          // api-typings declare resolve as a result object; it is the function WeChat documents.
          privacyResolve = resolve as unknown as PrivacyResolve;
          this.setData({ privacyVisible: true }, () => privacyResolve?.({ event: 'exposureAuthorization' }));
        });
      },

      onChoosePhotos() {
        const room = this.data.maxPhotos - this.data.photos.length;
        if (room <= 0) return;
        wx.chooseMedia({
          count: room,
          mediaType: ['image'],
          sizeType: ['compressed'],
          sourceType: ['album', 'camera'],
          success: (res) => {
            const stamp = Date.now().toString(36);
            const added: Photo[] = res.tempFiles.slice(0, room).map((f, i) => ({
              key: `${stamp}${i}`,
              path: f.tempFilePath,
              progress: 0,
              state: 'uploading',
              fileId: ''
            }));
            this.setData({ photos: [...this.data.photos, ...added] });
            added.forEach((p) => void this.startUpload(p));
          }
        });
      },

      async startUpload(photo: Photo) {
        const ext = /\.(\w{1,5})$/.exec(photo.path)?.[1] ?? 'jpg';
        const requestId = (this.data as unknown as { requestId?: string }).requestId ?? '';
        // Who am I: asked once per visit (services/remember), it names the upload folder.
        const me = await getMe();
        if (!me.ok) return this.patchPhoto(photo.key, { state: 'failed' });
        const cloudPath = uploadPathOf(
          me.data.openid,
          opts.folder,
          shanghaiDay(Date.now()),
          `${requestId}-${photo.key}.${ext}`
        );
        const res = await uploadPhoto(photo.path, cloudPath, (progress) => this.patchPhoto(photo.key, { progress }));
        this.patchPhoto(
          photo.key,
          res.ok ? { state: 'done', progress: 100, fileId: res.data.fileId } : { state: 'failed' }
        );
      },

      /** Updates one photo by key: the list may have changed (or been cleared) while it uploaded. */
      patchPhoto(key: string, patch: Partial<Photo>) {
        const i = this.data.photos.findIndex((p) => p.key === key);
        if (i < 0) return;
        const update: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(patch)) update[`photos[${i}].${k}`] = v;
        this.setData(update);
      },

      onRemovePhoto(e: Tap) {
        this.setData({ photos: this.data.photos.filter((p) => p.key !== e.currentTarget.dataset.key) });
      },

      onPreviewPhoto(e: Tap) {
        const photo = this.data.photos.find((p) => p.key === e.currentTarget.dataset.key);
        if (photo) void wx.previewImage({ urls: this.data.photos.map((p) => p.path), current: photo.path });
      },

      /** Why the form cannot be sent yet because of its photos, in words, or ''. */
      photoProblem(): string {
        if (this.data.photos.some((p) => p.state === 'uploading')) return '照片还在上传，请稍候';
        if (this.data.photos.some((p) => p.state === 'failed')) return '有照片上传失败，请删除后重试';
        return '';
      },

      /** The uploaded photos' fileIDs, in the order shown. */
      photoFileIds(): string[] {
        return this.data.photos.map((p) => p.fileId);
      },

      /** A fresh form: uploads still under way land on no photo. */
      clearPhotos() {
        this.setData({ photos: [] });
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
}
