// Photos on a form (我要吹哨, 申报善行): choose, upload each with progress, remove, preview, and say
// what still blocks sending. A page names the storage folder and how many the backend takes, here or,
// once it knows the server's number (org.catalog's limits), with setData({ maxPhotos }):
//
//   Component({ behaviors: [photoPicker({ folder: 'cases' })], ... })
//
// Photos go to `uploads/<openid>/<folder>/<Shanghai day>/<requestId>-<key>.<ext>` (the only place the
// functions accept photos from: the caller's own upload folder), requestId being the form's own
// (`data.requestId`), so a form's files sit together. The wxml shows them with the photoGrid template
// of templates/photo-picker.wxml (photos, maxPhotos; binds onChoosePhotos, onPreviewPicked, onRemovePhoto: names apart from the case page's onPreviewPhoto).
//
// Choosing photos is a privacy API: the behavior brings the page its guide (behaviors/privacyGuide),
// shown with the privacySheet template of the same file.
import { getMe } from '../services/account/me';
import { uploadPathOf, uploadPhoto } from '../services/storage/uploadPhoto';
import { shanghaiDay } from '../utils/format';
import { privacyGuide } from './privacyGuide';

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

export function photoPicker(opts: PhotoPickerOptions) {
  return Behavior({
    // Its privacy guide (chooseMedia is a privacy API): privacyVisible and the sheet's handlers.
    behaviors: [privacyGuide],
    data: {
      photos: [] as Photo[],
      maxPhotos: opts.max ?? 0
    },

    methods: {
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

      onPreviewPicked(e: Tap) {
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
      }
    }
  });
}
