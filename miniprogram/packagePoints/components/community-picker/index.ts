// Town, then community; starts at the resident's last community. Emits change { id, name }.
import type { OrgCatalog } from '../../../../typings';
import { LAST_COMMUNITY_STORAGE_KEY } from '../../../config';
import { getCatalog } from '../../../services/org/catalog';

Component({
  properties: {
    /** A community id to start at (else the last one used). */
    value: { type: String, value: '' }
  },
  data: {
    ready: false,
    error: '',
    townNames: [] as string[],
    communityNames: [] as string[],
    townIndex: -1,
    communityIndex: -1
  },
  lifetimes: {
    attached() {
      void this.load();
    }
  },
  methods: {
    async load() {
      const res = await getCatalog();
      if (!res.ok) {
        this.setData({ error: res.message });
        return;
      }
      (this as unknown as { loaded: OrgCatalog }).loaded = res.data;
      this.setData({ ready: true, error: '', townNames: res.data.towns.map((t) => t.name) });
      const start = (this.data as { value: string }).value || (wx.getStorageSync(LAST_COMMUNITY_STORAGE_KEY) as string);
      const townIndex = start ? res.data.towns.findIndex((t) => t.communities.some((c) => c.id === start)) : -1;
      if (townIndex >= 0) this.choose(townIndex, res.data.towns[townIndex].communities.findIndex((c) => c.id === start));
    },
    catalog(): OrgCatalog {
      return (this as unknown as { loaded: OrgCatalog }).loaded;
    },
    choose(townIndex: number, communityIndex: number) {
      const town = this.catalog().towns[townIndex];
      this.setData({ townIndex, communityIndex, communityNames: town.communities.map((c) => c.name) });
      const community = town.communities[communityIndex];
      if (community) {
        wx.setStorageSync(LAST_COMMUNITY_STORAGE_KEY, community.id);
        this.triggerEvent('change', { id: community.id, name: community.name });
      }
    },
    onTownChange(e: WechatMiniprogram.PickerChange) {
      this.choose(Number(e.detail.value), -1);
    },
    onCommunityChange(e: WechatMiniprogram.PickerChange) {
      this.choose(this.data.townIndex, Number(e.detail.value));
    }
  }
});
