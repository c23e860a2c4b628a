// 单位管理: the district, each town with its villages/communities, and the departments, inactive ones
// and `guess`ed facts marked; add a community under a town or a department. A unit opens its page.
import type { AddUnitRequest, AdminUnit } from '../../../typings';
import { addUnit, listUnits } from '../../services/admin';

type Town = AdminUnit & { communities: AdminUnit[] };

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    district: [] as AdminUnit[],
    towns: [] as Town[],
    departments: [] as AdminUnit[],
    townNames: [] as string[],
    townIndex: 0,
    addKind: 'community' as 'community' | 'department',
    addSubKind: 'community' as 'community' | 'village',
    addName: '',
    addCode: '',
    addError: '',
    adding: false
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      // Back from a unit's page, where it may have been renamed or deactivated.
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
      const res = await listUnits();
      if (!res.ok) {
        this.setData({ status: 'error', errorMessage: res.message });
        return;
      }
      const units = res.data;
      const towns: Town[] = units
        .filter((u) => u.kind === 'town')
        .map((t) => ({ ...t, communities: units.filter((u) => u.kind === 'community' && u.parentId === t.id) }));
      this.setData({
        status: 'ready',
        district: units.filter((u) => u.kind === 'district'),
        towns,
        departments: units.filter((u) => u.kind === 'department'),
        townNames: towns.map((t) => t.name)
      });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      if (id) void wx.navigateTo({ url: `/packageAdmin/unit/index?unitId=${encodeURIComponent(id)}` });
    },
    onAddKind(e: WechatMiniprogram.BaseEvent<Record<string, never>, { kind?: 'community' | 'department' }>) {
      this.setData({ addKind: e.currentTarget.dataset.kind ?? 'community', addError: '' });
    },
    onSubKind(e: WechatMiniprogram.BaseEvent<Record<string, never>, { sub?: 'community' | 'village' }>) {
      this.setData({ addSubKind: e.currentTarget.dataset.sub ?? 'community' });
    },
    onTown(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ townIndex: Number(e.detail.value) });
    },
    onAddName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ addName: e.detail.value });
    },
    onAddCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ addCode: e.detail.value });
    },
    async onAdd() {
      const { addKind, addName, addCode, addSubKind, towns, townIndex } = this.data;
      const name = addName.trim();
      if (!name) {
        this.setData({ addError: '请填写单位名称' });
        return;
      }
      const req: AddUnitRequest =
        addKind === 'department'
          ? { kind: 'department', name }
          : { kind: 'community', townId: towns[townIndex]?.id ?? '', name, code: addCode.trim(), subKind: addSubKind };
      this.setData({ adding: true, addError: '' });
      const res = await addUnit(req);
      this.setData({ adding: false });
      if (!res.ok) {
        this.setData({ addError: res.message });
        return;
      }
      this.setData({ addName: '', addCode: '' });
      void wx.showToast({ title: '已添加', icon: 'success' });
      await this.load();
    }
  }
});
