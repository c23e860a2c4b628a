// A case's photos on a detail page (resident's and staff's): resolved once through the storage door,
// so they load in the local cloud too, and tap to enlarge. The page keeps its CaseDetailView in
// `view`; the shared case-detail template shows `photos` and binds onPreviewPhoto.
import { photoUrls } from '../services/storage/photoUrls';

export const casePhotos = Behavior({
  data: {
    /** The case's photos as the image component can load them. */
    photos: [] as string[],
    /** The fileIDs those came from: a case's photos never change, so a refresh asks nothing again. */
    photoIds: ''
  },
  observers: {
    async 'view.photos'(fileIds: string[] | undefined) {
      const key = (fileIds ?? []).join('\n');
      if (key === this.data.photoIds) return;
      this.setData({ photoIds: key });
      const urls = key ? (await photoUrls(fileIds ?? [])).filter(Boolean) : [];
      // A newer case may have been shown meanwhile.
      if (key === this.data.photoIds) this.setData({ photos: urls });
    }
  },
  methods: {
    onPreviewPhoto(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url?: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) wx.previewImage({ urls: this.data.photos, current: url });
    }
  }
});
