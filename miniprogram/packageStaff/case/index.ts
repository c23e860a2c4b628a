// 诉求办理 (staff): the case, and accept / reply / transfer / escalate / resolve / reject; a town or
// the district whistles departments (吹哨); whistles and on-site dispatches show with their links.
// Which buttons, links and picker choices appear is the case's `allowedActions`: the domain decides
// them on the server (domain/staffActions.ts), so the page never offers what the server refuses.
// 督办 actions (挂起, 延期, 改派, 派员到场, 撤回吹哨) come from ./oversight.
import { caseDetailPage } from '../../behaviors/caseDetailPage';
import type { AllowedAction, CaseDetail, CatalogItem, OrgCatalog, Result } from '../../../typings';
import { acceptCase } from '../../services/cases/accept';
import { checkIn } from '../../services/cases/checkIn';
import { escalateCase } from '../../services/cases/escalate';
import { rejectCase } from '../../services/cases/reject';
import { replyToCase } from '../../services/cases/reply';
import { resolveCase } from '../../services/cases/resolve';
import { transferCase } from '../../services/cases/transfer';
import { whistle } from '../../services/cases/whistle';
import { getCatalog } from '../../services/org/catalog';
import { toCaseDetailView, type CaseDetailView } from '../../utils/caseView';
import { formatTime } from '../../utils/format';
import {
  checkOversight,
  defaultVisitBy,
  MAX_EXTENSION_DAYS,
  OVERSIGHT,
  oversightLines,
  runOversight,
  unitChoices,
  visitByIso,
  type OversightKey
} from './oversight';
import { toDispatchRows, toWhistleRows, type DispatchRow, type WhistleRow } from './whistleView';

type ActionKey = 'accept' | 'reply' | 'transfer' | 'escalate' | 'whistle' | 'resolve' | 'reject' | 'checkIn';

const ACTIONS: Record<ActionKey, { label: string; done: string; prompt: string; required: boolean }> = {
  accept: { label: '受理', done: '已受理', prompt: '受理说明（选填，居民可见）', required: false },
  reply: { label: '回复', done: '已回复', prompt: '回复内容（居民可见）', required: true },
  transfer: { label: '转办', done: '已转办', prompt: '转办理由', required: true },
  escalate: { label: '上报', done: '已上报', prompt: '上报理由', required: true },
  whistle: { label: '吹哨', done: '已吹哨', prompt: '吹哨原因（部门可见）', required: true },
  resolve: { label: '办结', done: '已办结', prompt: '办理结果（居民可见）', required: true },
  reject: { label: '不予受理', done: '已不予受理', prompt: '不予受理的理由（居民可见）', required: true },
  checkIn: { label: '报到', done: '已报到', prompt: '', required: false }
};

type Key = ActionKey | OversightKey;
const specOf = (key: Key) => (key in ACTIONS ? ACTIONS[key as ActionKey] : OVERSIGHT[key as OversightKey]);
const isOversight = (key: Key): key is OversightKey => key in OVERSIGHT;

/** The 办理 buttons for the allowed actions, in the server's order (the rows' own actions show on the rows). */
const BUTTONS: Partial<Record<AllowedAction['type'], Key[]>> = {
  accept: ['accept'],
  reply: ['reply'],
  transfer: ['transfer'],
  escalate: ['escalate'],
  whistle: ['whistle'],
  resolve: ['resolve'],
  reject: ['reject'],
  checkIn: ['checkIn'],
  pause: ['pause'],
  resume: ['resume'],
  decidePause: ['approvePause', 'refusePause'],
  requestExtension: ['extend'],
  decideExtension: ['grant', 'refuse'],
  reassign: ['reassign'],
  dispatch: ['dispatch']
};

/** The unit ids the server allows for a transfer, a whistle or a reassignment. */
function targetsOf(allowed: readonly AllowedAction[], type: 'transfer' | 'whistle' | 'reassign'): string[] {
  for (const a of allowed) if (a.type === type && 'targets' in a) return a.targets;
  return [];
}

/** What the page keeps per instance without rendering it: the org catalog, the shown case's allowed actions, the picker's unit ids. */
interface Kept {
  catalog?: OrgCatalog;
  caseUnitId: string;
  allowed: AllowedAction[];
  targetIds: string[];
  withdrawId: string;
}
const keptOf = new WeakMap<object, Kept>();
function kept(page: object): Kept {
  let k = keptOf.get(page);
  if (!k) {
    k = { caseUnitId: '', allowed: [], targetIds: [], withdrawId: '' };
    keptOf.set(page, k);
  }
  return k;
}

const MAX_TEXT = 2000;
/** 吹哨: the server's bounds (domain/whistles.ts); Pinggu's 30 minutes by default. */
const MAX_DEPARTMENTS = 5;
const DEFAULT_CHECK_IN_MINUTES = 30;

interface DepartmentChip extends CatalogItem {
  /** 0 when not picked; else the order picked in (the first leads). */
  order: number;
  /** Hidden by the search box (a picked one never is). */
  hidden: boolean;
}

/** Chips filtered by a search text (the name contains it; picked ones always stay in view), and how many more can be picked. */
function filterChips(list: DepartmentChip[], query: string): { departments: DepartmentChip[]; choosable: number } {
  const q = query.trim();
  const departments = list.map((d) => ({ ...d, hidden: q !== '' && d.order === 0 && !d.name.includes(q) }));
  return { departments, choosable: departments.filter((d) => !d.hidden && d.order === 0).length };
}

interface Extra {
  toUnitId: string;
  departmentIds: string[];
  minutes: number;
}

function run(key: ActionKey, caseId: string, text: string, extra: Extra): Promise<Result<CaseDetail>> {
  switch (key) {
    case 'accept':
      return acceptCase(caseId, text || undefined);
    case 'reply':
      return replyToCase(caseId, text);
    case 'transfer':
      return transferCase(caseId, extra.toUnitId, text);
    case 'escalate':
      return escalateCase(caseId, text);
    case 'whistle':
      return whistle({ caseId, departmentIds: extra.departmentIds, reason: text, reportWithinMinutes: extra.minutes });
    case 'resolve':
      return resolveCase(caseId, text);
    case 'reject':
      return rejectCase(caseId, text);
    case 'checkIn':
      return checkIn({ caseId });
  }
}

Component({
  behaviors: [caseDetailPage],
  data: {
    view: null as CaseDetailView | null,
    actions: [] as Array<{ key: Key; label: string }>,
    pending: '' as Key | '',
    prompt: '',
    text: '',
    maxText: MAX_TEXT,
    /** The picker's units (转办, 改派); their ids are kept out of `data`. */
    targetNames: [] as string[],
    targetIndex: -1,
    departments: [] as DepartmentChip[],
    deptQuery: '',
    choosable: 0,
    leadName: '',
    minutesText: String(DEFAULT_CHECK_IN_MINUTES),
    whistleRows: [] as WhistleRow[],
    /** 督办 card lines: the pause, the extensions. */
    oversightLines: [] as string[],
    maxDays: MAX_EXTENSION_DAYS,
    daysText: '5',
    staffOpenid: '',
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
      const keys: Key[] = [];
      for (const a of detail.allowedActions) keys.push(...(BUTTONS[a.type] ?? []));
      this.setData({
        status: 'ready',
        view: toCaseDetailView(detail),
        actions: keys.map((key) => ({ key, label: specOf(key).label })),
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
      this.setData({ pending: key, prompt, text: '', actionError: '', outcome: '', targetIndex: -1 });
      if (key === 'transfer' || key === 'reassign') void this.loadTargets(key);
      if (key === 'whistle') void this.openWhistleSheet();
      if (key === 'extend') this.setData({ daysText: '5' });
      if (key === 'dispatch') {
        const at = defaultVisitBy(Date.now());
        this.setData({ staffOpenid: '', visitDate: at.date, visitTime: at.time });
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

    onStaffOpenidChange(e: WechatMiniprogram.Input) {
      this.setData({ staffOpenid: String(e.detail.value ?? '').slice(0, 64) });
    },

    onVisitDateChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ visitDate: String(e.detail.value) });
    },

    onVisitTimeChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ visitTime: String(e.detail.value) });
    },

    /** The whistle sheet: the departments the server allows, none picked, the default check-in time. */
    async openWhistleSheet() {
      const k = kept(this);
      // Loaded with the case, so the sheet opens at once.
      const catalog = k.catalog ?? (await this.catalog());
      const allowed = new Set(targetsOf(k.allowed, 'whistle'));
      const departments = (catalog?.departments ?? [])
        .filter((d) => allowed.has(d.id))
        .map((d) => ({ ...d, order: 0, hidden: false }));
      if (this.data.pending !== 'whistle') return;
      this.setData({
        departments,
        choosable: departments.length,
        deptQuery: '',
        leadName: '',
        minutesText: String(DEFAULT_CHECK_IN_MINUTES),
        actionError: departments.length ? '' : '部门名录加载失败，请返回重试'
      });
    },

    /** 37 departments are many chips: the search box narrows them by name. */
    onDeptQuery(e: WechatMiniprogram.Input) {
      const deptQuery = String(e.detail.value ?? '');
      this.setData({ deptQuery, ...filterChips(this.data.departments, deptQuery) });
    },

    onToggleDepartment(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      const list = this.data.departments;
      const hit = list.find((d) => d.id === id);
      if (!hit) return;
      const picked = list.filter((d) => d.order > 0).length;
      if (!hit.order && picked >= MAX_DEPARTMENTS) {
        this.setData({ actionError: `一次最多吹哨${MAX_DEPARTMENTS}个部门` });
        return;
      }
      // Unpicking renumbers the rest, so the order stays 1..n and the first picked leads.
      const was = hit.order;
      const reordered = list.map((d) => ({
        ...d,
        order: d.id === id ? (was ? 0 : picked + 1) : was && d.order > was ? d.order - 1 : d.order
      }));
      const chips = filterChips(reordered, this.data.deptQuery);
      const lead = chips.departments.find((d) => d.order === 1);
      this.setData({ ...chips, leadName: lead ? lead.name : '', actionError: '' });
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
      if (url) wx.navigateTo({ url });
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

    onTextChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: String(e.detail.value ?? '').slice(0, MAX_TEXT) });
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
          staffOpenid: d.staffOpenid,
          visitBy: visitByIso(d.visitDate, d.visitTime),
          departmentId: k.withdrawId
        };
        const problem = checkOversight(pending, f);
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
      const departmentIds = this.data.departments
        .filter((d) => d.order > 0)
        .sort((a, b) => a.order - b.order)
        .map((d) => d.id);
      const minutes = Number(this.data.minutesText);
      if (pending === 'whistle' && !departmentIds.length) {
        this.setData({ actionError: '请选择要吹哨的部门' });
        return;
      }
      if (pending === 'whistle' && !(Number.isInteger(minutes) && minutes >= 5 && minutes <= 24 * 60)) {
        this.setData({ actionError: '报到时限应为5到1440分钟' });
        return;
      }
      await this.finish(spec.done, () => run(pending, caseId, trimmed, { toUnitId, departmentIds, minutes }));
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
      wx.showToast({ title: outcome, icon: 'none' });
    }
  }
});
