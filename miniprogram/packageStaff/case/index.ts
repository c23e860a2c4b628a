// 诉求办理 (staff): the case, and accept / reply / transfer / escalate / resolve / reject; a town or
// the district whistles departments (吹哨); whistles and on-site dispatches show with their links.
// Which buttons, links and picker choices appear is the case's `allowedActions`: the domain decides
// them on the server (domain/staffActions.ts), so the page never offers what the server refuses.
// The 办理 table is ./actions (督办 ones ./oversight); the departments are picked with the
// department-picker component; every limit (text, departments, minutes, days) is the server's, from org.catalog.
import { caseDetailPage } from '../../behaviors/caseDetailPage';
import { photoPicker } from '../../behaviors/photoPicker';
import type { AllowedAction, CaseDetail, CatalogItem, ClientLimits, OrgCatalog, Result } from '../../../typings';
import { dispatchCandidates } from '../../services/cases/dispatchCandidates';
import { getCatalog } from '../../services/org/catalog';
import { toCaseDetailView, type CaseDetailView } from '../../utils/caseView';
import { formatTime, newRequestId } from '../../utils/format';
import { buttonsOf, isOversight, QUICK_PHRASES, runAction, specOf, targetsOf, textLimitOf, type Key } from './actions';
import { checkOversight, defaultVisitBy, oversightLines, runOversight, unitChoices, visitByIso } from './oversight';
import { toDispatchRows, toWhistleRows, type DispatchRow, type WhistleRow } from './whistleView';

/** What the page keeps per instance without rendering it: the org catalog, the shown case's allowed actions, the pickers' ids. */
interface Kept {
  catalog?: OrgCatalog;
  caseUnitId: string;
  allowed: AllowedAction[];
  targetIds: string[];
  departmentIds: string[];
  withdrawId: string;
  /** 派员到场: the colleagues' opaque ids, in the picker's order. */
  cadreIds: string[];
}
const keptOf = new WeakMap<object, Kept>();
function kept(page: object): Kept {
  let k = keptOf.get(page);
  if (!k) {
    k = { caseUnitId: '', allowed: [], targetIds: [], departmentIds: [], withdrawId: '', cadreIds: [] };
    keptOf.set(page, k);
  }
  return k;
}

/** The server's limits, once the catalog is in (undefined before, or after a failure: the server still checks). */
const limitsOf = (page: object): ClientLimits | undefined => kept(page).catalog?.limits;

Component({
  // 办结 photos: the staff's own uploads, like a report's (checked by the server as report photos are).
  behaviors: [caseDetailPage, photoPicker({ folder: 'cases' })],
  data: {
    /** Names the 办结 photos' files (photoPicker). */
    requestId: '',
    view: null as CaseDetailView | null,
    actions: [] as Array<{ key: Key; label: string }>,
    pending: '' as Key | '',
    prompt: '',
    text: '',
    /** The pending action's text limit (-1: none known). */
    maxText: -1,
    /** 常用语 of the pending action. */
    phrases: [] as readonly string[],
    /** The picker's units (转办, 改派); their ids are kept out of `data`. */
    targetNames: [] as string[],
    targetIndex: -1,
    /** 吹哨: the departments the server allows, named, for the department picker, and how many at most. */
    whistleDepartments: [] as CatalogItem[],
    maxDepartments: 0,
    minutesText: '',
    whistleRows: [] as WhistleRow[],
    /** 督办 card lines: the pause, the extensions. */
    oversightLines: [] as string[],
    maxDays: 0,
    daysText: '5',
    /** 派员到场: colleagues by name and unit (their ids are kept out of `data`). */
    cadreNames: [] as string[],
    cadreIndex: -1,
    visitDate: '',
    visitTime: '',
    /** 撤回吹哨: the department whose whistle is withdrawn. */
    withdrawName: '',
    dispatchRows: [] as DispatchRow[],
    working: false,
    actionError: '',
    /** What the last action did, e.g. 已受理，当前状态：办理中. */
    outcome: ''
  },

  methods: {
    /** The org catalog, loaded with the first case: it names the units of the pickers and the whistle sheet. */
    async loadAlongside() {
      await this.catalog();
    },

    /** The catalog this page loaded, or (after a failure) another try. */
    async catalog(): Promise<OrgCatalog | null> {
      const k = kept(this);
      if (k.catalog) return k.catalog;
      const res = await getCatalog();
      if (!res.ok) return null;
      k.catalog = res.data;
      return res.data;
    },

    show(detail: CaseDetail) {
      const k = kept(this);
      k.allowed = detail.allowedActions;
      k.caseUnitId = detail.case.unitId;
      this.setData({
        status: 'ready',
        view: toCaseDetailView(detail),
        actions: buttonsOf(detail.allowedActions),
        whistleRows: toWhistleRows(detail),
        oversightLines: oversightLines(detail, formatTime),
        dispatchRows: toDispatchRows(detail),
        pending: ''
      });
    },

    onChooseAction(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key?: Key; dept?: string }>) {
      const { key, dept } = e.currentTarget.dataset;
      if (!key) return;
      const prompt = specOf(key).prompt;
      const maxText = textLimitOf(key, limitsOf(this)?.texts);
      this.setData({
        pending: key,
        prompt,
        maxText,
        phrases: QUICK_PHRASES[key] ?? [],
        text: '',
        actionError: '',
        outcome: '',
        targetIndex: -1
      });
      if (key === 'transfer' || key === 'reassign') void this.loadTargets(key);
      if (key === 'whistle') void this.openWhistleSheet();
      if (key === 'resolve') {
        this.clearPhotos();
        this.setData({ requestId: newRequestId(), maxPhotos: limitsOf(this)?.maxPhotos ?? 0 });
      }
      if (key === 'extend') this.setData({ daysText: '5', maxDays: limitsOf(this)?.maxExtensionDays ?? 0 });
      if (key === 'dispatch') {
        const at = defaultVisitBy(Date.now());
        this.setData({ cadreNames: [], cadreIndex: -1, visitDate: at.date, visitTime: at.time });
        void this.loadCadres();
      }
      if (key === 'withdraw') {
        const row = this.data.whistleRows.find((r) => r.departmentId === dept && r.withdrawable);
        kept(this).withdrawId = row?.departmentId ?? '';
        this.setData({ withdrawName: row?.departmentName ?? '' });
      }
    },

    onDaysChange(e: WechatMiniprogram.Input) {
      this.setData({
        daysText: String(e.detail.value ?? '')
          .replace(/[^0-9]/g, '')
          .slice(0, 2)
      });
    },

    /** Whom this caller may send: their unit's and the community's staff, by name (cases.dispatchCandidates). */
    async loadCadres() {
      const res = await dispatchCandidates(this.data.caseId);
      if (this.data.pending !== 'dispatch') return;
      if (!res.ok) {
        this.setData({ actionError: res.message });
        return;
      }
      kept(this).cadreIds = res.data.map((c) => c.staffId);
      const names = res.data.map((c) => `${c.name ?? '未留姓名'}${c.self ? '（本人）' : ''} · ${c.unitName}`);
      this.setData({ cadreNames: names, actionError: names.length ? '' : '没有可派的工作人员' });
    },

    onCadreChange(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ cadreIndex: Number(e.detail.value), actionError: '' });
    },

    onVisitDateChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ visitDate: String(e.detail.value) });
    },

    onVisitTimeChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ visitTime: String(e.detail.value) });
    },

    /** The whistle sheet: the departments the server allows, none picked, the server's default check-in time. */
    async openWhistleSheet() {
      const k = kept(this);
      k.departmentIds = [];
      // Loaded with the case, so the sheet opens at once.
      const catalog = k.catalog ?? (await this.catalog());
      const allowed = new Set(targetsOf(k.allowed, 'whistle'));
      const departments = (catalog?.departments ?? []).filter((d) => allowed.has(d.id));
      if (this.data.pending !== 'whistle') return;
      this.setData({
        whistleDepartments: departments,
        maxDepartments: catalog?.limits.maxDepartments ?? 0,
        minutesText: catalog ? String(catalog.limits.checkInMinutes.default) : '',
        maxText: textLimitOf('whistle', catalog?.limits.texts),
        actionError: departments.length ? '' : '部门名录加载失败，请返回重试'
      });
    },

    /** The department picker's choice, in the order picked (the first leads). */
    onDepartments(e: WechatMiniprogram.CustomEvent<{ ids: string[] }>) {
      kept(this).departmentIds = e.detail.ids;
      this.setData({ actionError: '' });
    },

    onMinutesChange(e: WechatMiniprogram.Input) {
      this.setData({
        minutesText: String(e.detail.value ?? '')
          .replace(/[^0-9]/g, '')
          .slice(0, 4)
      });
    },

    onOpenLink(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url?: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) void wx.navigateTo({ url });
    },

    /** The picker's units: those the server allows for this transfer or reassignment, named from the catalog. */
    async loadTargets(key: 'transfer' | 'reassign') {
      const k = kept(this);
      // Loaded with the case, so the picker fills at once.
      const catalog = k.catalog ?? (await this.catalog());
      const targets = catalog ? unitChoices(catalog, targetsOf(k.allowed, key), k.caseUnitId) : [];
      if (this.data.pending !== key) return;
      k.targetIds = targets.map((u) => u.id);
      const empty = catalog
        ? key === 'transfer'
          ? '没有可以转办的同级单位'
          : '没有可以改派的单位'
        : '单位名录加载失败，请返回重试';
      this.setData({ targetNames: targets.map((u) => u.name), actionError: targets.length ? '' : empty });
    },

    onTargetChange(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ targetIndex: Number(e.detail.value) });
    },

    onPhrase(e: WechatMiniprogram.BaseEvent<Record<string, never>, { text?: string }>) {
      const phrase = e.currentTarget.dataset.text ?? '';
      this.setData({ text: this.data.text ? `${this.data.text}${phrase}` : phrase, actionError: '' });
    },

    onTextChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: String(e.detail.value ?? '') });
    },

    onCancel() {
      this.setData({ pending: '', actionError: '' });
    },

    async onConfirm() {
      const { pending, text, working, caseId, targetIndex } = this.data;
      const k = kept(this);
      const toUnitId = k.targetIds[targetIndex] ?? '';
      if (!pending || working) return;
      const spec = specOf(pending);
      const trimmed = text.trim();
      if (spec.required && !trimmed) {
        this.setData({ actionError: `请填写${spec.prompt.replace(/（.*）$/, '')}` });
        return;
      }
      if (isOversight(pending)) {
        const d = this.data;
        const f = {
          text: trimmed,
          daysText: d.daysText,
          toUnitId,
          staffId: k.cadreIds[d.cadreIndex] ?? '',
          visitBy: visitByIso(d.visitDate, d.visitTime),
          departmentId: k.withdrawId
        };
        const problem = checkOversight(pending, f, limitsOf(this)?.maxExtensionDays ?? null);
        if (problem) {
          this.setData({ actionError: problem });
          return;
        }
        await this.finish(spec.done, () => runOversight(pending, caseId, f));
        return;
      }
      if (pending === 'transfer' && !toUnitId) {
        this.setData({ actionError: '请选择转办单位' });
        return;
      }
      const departmentIds = k.departmentIds;
      const minutes = Number(this.data.minutesText);
      if (pending === 'whistle') {
        const problem = whistleProblem(departmentIds, minutes, limitsOf(this));
        if (problem) {
          this.setData({ actionError: problem });
          return;
        }
      }
      const photoProblem = pending === 'resolve' ? this.photoProblem() : '';
      if (photoProblem) {
        this.setData({ actionError: photoProblem });
        return;
      }
      const photos = pending === 'resolve' ? this.photoFileIds() : [];
      await this.finish(spec.done, () =>
        runAction(pending, caseId, trimmed, { toUnitId, departmentIds, minutes, photos })
      );
    },

    /** Sends the action; shows the case it returns, or the server's message. */
    async finish(done: string, send: () => Promise<Result<CaseDetail>>) {
      this.setData({ working: true, actionError: '' });
      const res = await send();
      this.setData({ working: false });
      if (!res.ok) {
        this.setData({ actionError: res.message });
        return;
      }
      this.show(res.data);
      const outcome = `${done}，当前状态：${this.data.view?.statusLabel ?? ''}`;
      this.setData({ outcome });
      // The toast says what was done in ≤ 7 characters; the outcome line on the page says the rest.
      void wx.showToast({ title: done, icon: 'success' });
    }
  }
});

/** What stops a whistle being sent, in words, or '': departments picked, minutes within the server's bounds. */
function whistleProblem(departmentIds: string[], minutes: number, limits: ClientLimits | undefined): string {
  if (!departmentIds.length) return '请选择要吹哨的部门';
  const bounds = limits?.checkInMinutes;
  if (!Number.isInteger(minutes) || (bounds && (minutes < bounds.min || minutes > bounds.max)))
    return bounds ? `报到时限应为${bounds.min}到${bounds.max}分钟` : '请填写报到时限';
  return '';
}
