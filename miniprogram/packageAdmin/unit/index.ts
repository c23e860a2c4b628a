// One unit: rename it, deactivate it (no new cases; then its open cases are listed, each opening the
// staff case page where the district reassigns it), reactivate it, confirm its guessed facts, and
// reach its staff list and invites.
import type { AdminUnit, OpenCase } from '../../../typings';
import { confirmUnitGuess, listUnits, openCases, renameUnit, setUnitActive } from '../../services/admin';
import { formatTime } from '../../utils/format';
import { LEVEL_LABELS, STATUS_LABELS } from '../../utils/labels';
import { UNIT_KIND_LABELS } from '../common';

const caseRow = (c: OpenCase) => ({
  caseId: c.caseId,
  code: c.code,
  categoryName: c.categoryName,
  statusLabel: STATUS_LABELS[c.status],
  reassignable: c.reassignable,
  meta: `${LEVEL_LABELS[c.level]} · ${formatTime(c.createdAt)} 提交${c.via === 'whistle' ? ' · 吹哨协办' : ''}${c.reassignable ? ' · 可改派' : ''}`
});

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    unitId: '',
    unit: null as AdminUnit | null,
    kindLabel: '',
    parentName: '',
    name: '',
    busy: '' as '' | 'rename' | 'active' | 'guess',
    notice: '',
    noticeBad: false,
    cases: [] as Array<ReturnType<typeof caseRow>>,
    casesCursor: '',
    casesLoaded: false,
    casesError: ''
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ unitId: decodeURIComponent(query.unitId ?? '') });
      void this.load();
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
      const unit = res.data.find((u) => u.id === this.data.unitId);
      if (!unit) {
        this.setData({ status: 'error', errorMessage: '没有找到该单位' });
        return;
      }
      this.show(unit, res.data.find((u) => u.id === unit.parentId)?.name ?? '');
    },
    show(unit: AdminUnit, parentName?: string) {
      this.setData({
        status: 'ready',
        unit,
        name: unit.name,
        kindLabel: UNIT_KIND_LABELS[unit.kind],
        parentName: parentName ?? this.data.parentName
      });
      if (!unit.active && !this.data.casesLoaded) void this.loadCases();
    },
    async loadCases(cursor?: string) {
      const res = await openCases(this.data.unitId, cursor);
      if (!res.ok) {
        this.setData({ casesError: res.message });
        return;
      }
      const rows = res.data.items.map(caseRow);
      this.setData({
        cases: cursor ? [...this.data.cases, ...rows] : rows,
        casesCursor: res.data.nextCursor ?? '',
        casesLoaded: true,
        casesError: ''
      });
    },
    onMoreCases() {
      if (this.data.casesCursor) void this.loadCases(this.data.casesCursor);
    },
    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ name: e.detail.value });
    },
    /** Runs one change; the unit as it is now comes back. */
    async change(busy: 'rename' | 'active' | 'guess', run: () => Promise<string | null>) {
      if (this.data.busy) return;
      this.setData({ busy, notice: '' });
      const failed = await run();
      this.setData({ busy: '', notice: failed ?? '已保存', noticeBad: failed !== null });
    },
    onRename() {
      const name = this.data.name.trim();
      if (!name) {
        this.setData({ notice: '请填写单位名称', noticeBad: true });
        return;
      }
      void this.change('rename', async () => {
        const res = await renameUnit(this.data.unitId, name);
        if (!res.ok) return res.message;
        this.show(res.data);
        return null;
      });
    },
    async onToggleActive() {
      const unit = this.data.unit;
      if (!unit) return;
      const active = !unit.active;
      if (!active) {
        const { confirm } = await wx.showModal({
          title: '停用单位',
          content: `停用后“${unit.name}”不再接收新的诉求，未办结的诉求需改派。确定停用吗？`
        });
        if (!confirm) return;
      }
      void this.change('active', async () => {
        const res = await setUnitActive(this.data.unitId, active);
        if (!res.ok) return res.message;
        this.setData({ casesLoaded: false, cases: [] });
        this.show(res.data);
        return null;
      });
    },
    onConfirmGuess() {
      void this.change('guess', async () => {
        const res = await confirmUnitGuess(this.data.unitId);
        if (!res.ok) return res.message;
        if (this.data.unit) this.show({ ...this.data.unit, guess: false });
        return null;
      });
    },
    onStaff() {
      const unit = this.data.unit;
      if (unit)
        void wx.navigateTo({
          url: `/packageAdmin/staff/index?unitId=${encodeURIComponent(unit.id)}&unitName=${encodeURIComponent(unit.name)}`
        });
    },
    onInvite() {
      const unit = this.data.unit;
      if (unit)
        void wx.navigateTo({
          url: `/packageAdmin/invite/index?unitId=${encodeURIComponent(unit.id)}&unitName=${encodeURIComponent(unit.name)}`
        });
    },
    onCase(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      if (id) void wx.navigateTo({ url: `/packageStaff/case/index?caseId=${encodeURIComponent(id)}` });
    }
  }
});
