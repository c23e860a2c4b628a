// What the resident's and the staff's case pages share: load the case named by `?caseId=` (pull down
// to refresh, 重试 after a failure) and its photos, resolved once through the storage door so they
// load in the local cloud too, tap to enlarge. A page gives
//
//   show(detail)        puts a loaded case on screen (and its CaseDetailView in `view`, whose
//                       `photos` the shared case-detail template shows from `casePhotos`, apart from a photo
//                       picker's own `photos`);
//   loadAlongside()     optional: what else to load with the first case, e.g. who is looking.
//
// and its wxml reads status ('loading' | 'ready' | 'error') and errorMessage.
import type { CaseDetail } from '../../typings';
import { getCaseDetail } from '../services/cases/detail';
import { casePhotoUrls } from '../services/storage/photoUrls';

interface Host {
  show(detail: CaseDetail): void;
  loadAlongside?(): Promise<void>;
}

export const caseDetailPage = Behavior({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    caseId: '',
    /** The case's photos as the image component can load them. */
    casePhotos: [] as string[],
    /** The fileIDs those came from: a case's photos never change, so a refresh asks nothing again. */
    photoIds: '',
    /** Whether loadAlongside ran (once per page). */
    alongsideLoaded: false
  },
  observers: {
    async 'view.photos'(fileIds: string[] | undefined) {
      const key = (fileIds ?? []).join('\n');
      if (key === this.data.photoIds) return;
      this.setData({ photoIds: key });
      // Storage is private: the function checks this viewer may read the case, and hides risky photos.
      const res = key ? await casePhotoUrls(this.data.caseId) : null;
      if (res && !res.ok) console.warn('[photos] case photos', res.code);
      const urls = res?.ok ? res.data.map((p) => p.url).filter(Boolean) : [];
      // A newer case may have been shown meanwhile.
      if (key === this.data.photoIds) this.setData({ casePhotos: urls });
    }
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ caseId: decodeURIComponent(query.caseId ?? '') });
      void this.load();
    },

    /** Back from another page (a sub-form, a message, the on-site page): show the case as it is now. */
    onShow() {
      if (this.data.status === 'ready') void this.load();
    },

    async onPullDownRefresh() {
      await this.load();
      void wx.stopPullDownRefresh();
    },

    onRetry() {
      void this.load();
    },

    async load() {
      const host = this as unknown as Host;
      if (!this.data.caseId) {
        this.setData({ status: 'error', errorMessage: '没有找到这条诉求' });
        return;
      }
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const alongside = !this.data.alongsideLoaded && host.loadAlongside ? host.loadAlongside() : null;
      const [res] = await Promise.all([getCaseDetail(this.data.caseId), alongside]);
      if (alongside) this.setData({ alongsideLoaded: true });
      if (!res.ok) {
        this.setData({ status: 'error', errorMessage: res.message });
        return;
      }
      host.show(res.data);
    },

    /** The case's map pin in WeChat's map (the on-site check-in measures from the same point). */
    onOpenLocation() {
      const at = (
        this.data as { view?: { location?: { latitude: number; longitude: number; address: string } | null } }
      ).view?.location;
      if (at) void wx.openLocation({ latitude: at.latitude, longitude: at.longitude, address: at.address, scale: 16 });
    },

    /** 拨打: the reporter's phone, where the viewer may see it in clear. */
    onCallPhone() {
      const view = (this.data as { view?: { contactPhone: string; phoneCallable: boolean } | null }).view;
      if (view?.phoneCallable) void wx.makePhoneCall({ phoneNumber: view.contactPhone });
    },

    onPreviewPhoto(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url?: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) void wx.previewImage({ urls: this.data.casePhotos, current: url });
    }
  }
});
