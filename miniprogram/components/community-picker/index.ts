// Town, then village/community: two pickers that start at `value`, else at the last community used
// (there are no coordinates for communities). Emits change { id, name } on every choice, and
// { id: '', name: '' } when a new town clears the community. In the main package so that main-package
// pages (我要吹哨) can use it as well as the subpackages.
import type { OrgCatalog } from '../../../typings';
import { LAST_COMMUNITY_STORAGE_KEY } from '../../config';
import { getCatalog } from '../../services/org/catalog';

/** Each instance's catalog, kept outside `data`: it only maps picker indexes to ids. */
const catalogs = new WeakMap<object, OrgCatalog>();

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
      this.setData({ error: '' });
      const res = await getCatalog();
      if (!res.ok) {
        this.setData({ error: res.message });
        return;
      }
      catalogs.set(this, res.data);
      this.setData({ ready: true, townNames: res.data.towns.map((t) => t.name) });
      const last = wx.getStorageSync<unknown>(LAST_COMMUNITY_STORAGE_KEY);
      const start = (this.data as { value: string }).value || (typeof last === 'string' ? last : '');
      const townIndex = start ? res.data.towns.findIndex((t) => t.communities.some((c) => c.id === start)) : -1;
      if (townIndex >= 0)
        this.choose(
          townIndex,
          res.data.towns[townIndex].communities.findIndex((c) => c.id === start)
        );
    },
    choose(townIndex: number, communityIndex: number) {
      const town = catalogs.get(this)?.towns[townIndex];
      if (!town) return;
      this.setData({ townIndex, communityIndex, communityNames: town.communities.map((c) => c.name) });
      const community = town.communities[communityIndex];
      if (community) wx.setStorageSync(LAST_COMMUNITY_STORAGE_KEY, community.id);
      this.triggerEvent('change', community ? { id: community.id, name: community.name } : { id: '', name: '' });
    },
    onTownChange(e: WechatMiniprogram.PickerChange) {
      this.choose(Number(e.detail.value), -1);
    },
    onCommunityChange(e: WechatMiniprogram.PickerChange) {
      this.choose(this.data.townIndex, Number(e.detail.value));
    }
  }
});
