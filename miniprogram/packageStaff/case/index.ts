// 诉求办理 (staff): the case, and accept / reply / transfer / escalate / resolve / reject; a town or
// the district whistles departments (吹哨); whistles and on-site dispatches show with their links.
// The server checks role, scope and state; the buttons only offer what the status allows.
// 督办 actions (挂起, 延期, 改派, 派员到场, 撤回吹哨) come from ./oversight.
import { caseDetailPage } from '../../behaviors/caseDetailPage';
import type { CaseStatus } from '../../../domain/enums';
import type { CaseDetail, CatalogItem, OrgCatalog, Result } from '../../../typings';
import { getMe } from '../../services/account/me';
import { acceptCase } from '../../services/cases/accept';
import { escalateCase } from '../../services/cases/escalate';
import { rejectCase } from '../../services/cases/reject';
import { replyToCase } from '../../services/cases/reply';
import { resolveCase } from '../../services/cases/resolve';
import { transferCase } from '../../services/cases/transfer';
import { whistle } from '../../services/cases/whistle';
import { getCatalog } from '../../services/org/catalog';
import { toCaseDetailView, type CaseDetailView } from '../../utils/caseView';
import { formatTime } from '../../utils/format';
import { canWithdraw, checkOversight, defaultVisitBy, MAX_EXTENSION_DAYS, OVERSIGHT, oversightKeys, oversightLines, reassignTargets, runOversight, visitByIso, type OversightKey } from './oversight';
import { toDispatchRows, toWhistleRows, viewerKind, type DispatchRow, type ViewerKind, type WhistleRow } from './whistleView';

type ActionKey = 'accept' | 'reply' | 'transfer' | 'escalate' | 'whistle' | 'resolve' | 'reject';

const ACTIONS: Record<ActionKey, { label: string; done: string; prompt: string; required: boolean }> = {
  accept: { label: '受理', done: '已受理', prompt: '受理说明（选填，居民可见）', required: false },
  reply: { label: '回复', done: '已回复', prompt: '回复内容（居民可见）', required: true },
  transfer: { label: '转办', done: '已转办', prompt: '转办理由', required: true },
  escalate: { label: '上报', done: '已上报', prompt: '上报理由', required: true },
  whistle: { label: '吹哨', done: '已吹哨', prompt: '吹哨原因（部门可见）', required: true },
  resolve: { label: '办结', done: '已办结', prompt: '办理结果（居民可见）', required: true },
  reject: { label: '不予受理', done: '已不予受理', prompt: '不予受理的理由（居民可见）', required: true }
};

/** What each status allows (domain/caseState.ts TRANSITIONS, the staff part). */
const BY_STATUS: Record<CaseStatus, ActionKey[]> = {
  submitted: ['accept', 'reply', 'transfer', 'escalate', 'whistle', 'reject'],
  accepted: ['reply', 'transfer', 'escalate', 'whistle', 'resolve'],
  resolved: ['reply'],
  closed: [],
  rejected: []
};

type Key = ActionKey | OversightKey;
const specOf = (key: Key) => (key in ACTIONS ? ACTIONS[key as ActionKey] : OVERSIGHT[key as OversightKey]);
const isOversight = (key: Key): key is OversightKey => key in OVERSIGHT;

interface WhistleRowView extends WhistleRow {
  departmentId: string;
  /** The viewer may withdraw it (撤回吹哨): still in force, not yet reported. */
  withdrawable: boolean;
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
  }
}

Component({
  behaviors: [caseDetailPage],
  data: {
    view: null as CaseDetailView | null,
    unitId: '',
    level: '',
    actions: [] as Array<{ key: Key; label: string }>,
    pending: '' as Key | '',
    prompt: '',
    text: '',
    maxText: MAX_TEXT,
    /** Same-level units the case may be transferred to. */
    targets: [] as CatalogItem[],
    targetNames: [] as string[],
    targetIndex: -1,
    /** The viewer's unit, and its kind: only a town or the district may whistle. */
    viewerUnitId: '',
    viewerKind: '' as ViewerKind,
    allDepartments: [] as CatalogItem[],
    departments: [] as DepartmentChip[],
    deptQuery: '',
    choosable: 0,
    leadName: '',
    minutesText: String(DEFAULT_CHECK_IN_MINUTES),
    whistleRows: [] as WhistleRowView[],
    catalog: null as OrgCatalog | null,
    /** 督办 card lines: the pause, the extensions. */
    oversightLines: [] as string[],
    maxDays: MAX_EXTENSION_DAYS,
    daysText: '5',
    staffOpenid: '',
    visitDate: '',
    visitTime: '',
    /** 撤回吹哨: the department whose whistle is withdrawn. */
    withdrawId: '',
    withdrawName: '',
    dispatchRows: [] as DispatchRow[],
    working: false,
    actionError: '',
    /** What the last action did, e.g. 已受理，当前状态：办理中. */
    outcome: ''
  },

  methods: {
    /** Who is looking, loaded with the first case: the 吹哨 action and the evaluation links depend on it. */
    async loadAlongside() {
      const [me, catalog] = await Promise.all([getMe(), getCatalog()]);
      if (!me.ok || !catalog.ok) return;
      this.setData({ catalog: catalog.data, allDepartments: catalog.data.departments, viewerUnitId: me.data.unitId ?? '', viewerKind: viewerKind(me.data.unitId, catalog.data) });
    },

    show(detail: CaseDetail) {
      const view = toCaseDetailView(detail);
      const canWhistle = this.data.viewerKind === 'town' || this.data.viewerKind === 'district';
      const keys: Key[] = BY_STATUS[view.status].filter((k) => (k !== 'escalate' || detail.case.level !== 'district') && (k !== 'whistle' || canWhistle));
      const { viewerUnitId, catalog } = this.data;
      keys.push(...oversightKeys(detail, viewerUnitId, catalog));
      const whistleRows: WhistleRowView[] = toWhistleRows(detail, viewerUnitId).map((r, i) => {
        const w = detail.whistles[i];
        return { ...r, departmentId: w.departmentId, withdrawable: !w.withdrawnAt && !w.reportedAt && canWithdraw(w.byUnitId, viewerUnitId, catalog) };
      });
      this.setData({
        status: 'ready',
        view,
        unitId: detail.case.unitId,
        level: detail.case.level,
        actions: keys.map((key) => ({ key, label: specOf(key).label })),
        whistleRows,
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
      if (key === 'transfer') void this.loadTargets();
      if (key === 'whistle') this.openWhistleSheet();
      if (key === 'reassign' && this.data.catalog) {
        const targets = reassignTargets(this.data.catalog, this.data.unitId);
        this.setData({ targets, targetNames: targets.map((u) => u.name) });
      }
      if (key === 'extend') this.setData({ daysText: '5' });
      if (key === 'dispatch') {
        const at = defaultVisitBy(Date.now());
        this.setData({ staffOpenid: '', visitDate: at.date, visitTime: at.time });
      }
      if (key === 'withdraw') {
        const row = this.data.whistleRows.find((r) => r.departmentId === dept);
        this.setData({ withdrawId: row?.departmentId ?? '', withdrawName: row?.departmentName ?? '' });
      }
    },

    onDaysChange(e: WechatMiniprogram.Input) {
      this.setData({ daysText: String(e.detail.value ?? '').replace(/[^0-9]/g, '').slice(0, 2) });
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

    /** The whistle sheet: every district department, none picked, the default check-in time. */
    openWhistleSheet() {
      const departments = this.data.allDepartments.map((d) => ({ ...d, order: 0, hidden: false }));
      this.setData({ departments, choosable: departments.length, deptQuery: '', leadName: '', minutesText: String(DEFAULT_CHECK_IN_MINUTES), actionError: departments.length ? '' : '部门名录加载失败，请返回重试' });
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
      const reordered = list.map((d) => ({ ...d, order: d.id === id ? (was ? 0 : picked + 1) : was && d.order > was ? d.order - 1 : d.order }));
      const chips = filterChips(reordered, this.data.deptQuery);
      const lead = chips.departments.find((d) => d.order === 1);
      this.setData({ ...chips, leadName: lead ? lead.name : '', actionError: '' });
    },

    onMinutesChange(e: WechatMiniprogram.Input) {
      this.setData({ minutesText: String(e.detail.value ?? '').replace(/[^0-9]/g, '').slice(0, 4) });
    },

    onOpenLink(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url?: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) wx.navigateTo({ url });
    },

    /** Units at the case's level: for a community the other communities of its town; for a town the other towns. */
    async loadTargets() {
      const res = await getCatalog();
      if (!res.ok) {
        this.setData({ actionError: res.message });
        return;
      }
      const { unitId, level } = this.data;
      let targets: CatalogItem[] = [];
      if (level === 'community') targets = res.data.towns.find((t) => t.communities.some((c) => c.id === unitId))?.communities ?? [];
      else if (level === 'town') targets = res.data.towns.map(({ id, name }) => ({ id, name }));
      targets = targets.filter((u) => u.id !== unitId);
      this.setData({ targets, targetNames: targets.map((u) => u.name), actionError: targets.length ? '' : '没有可以转办的同级单位' });
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
      const { pending, text, working, caseId, targets, targetIndex } = this.data;
      if (!pending || working) return;
      const spec = specOf(pending);
      const trimmed = text.trim();
      if (spec.required && !trimmed) {
        this.setData({ actionError: `请填写${spec.prompt.replace(/（.*）$/, '')}` });
        return;
      }
      if (isOversight(pending)) {
        const d = this.data;
        const f = { text: trimmed, daysText: d.daysText, toUnitId: targets[targetIndex]?.id ?? '', staffOpenid: d.staffOpenid, visitBy: visitByIso(d.visitDate, d.visitTime), departmentId: d.withdrawId };
        const problem = checkOversight(pending, f);
        if (problem) {
          this.setData({ actionError: problem });
          return;
        }
        await this.finish(spec.done, () => runOversight(pending, caseId, f));
        return;
      }
      const target = targets[targetIndex];
      if (pending === 'transfer' && !target) {
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
      await this.finish(spec.done, () => run(pending, caseId, trimmed, { toUnitId: target?.id ?? '', departmentIds, minutes }));
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
