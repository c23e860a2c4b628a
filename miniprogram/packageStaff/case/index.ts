// 诉求办理 (staff): the case, and accept / reply / transfer / escalate / resolve / reject.
// The server checks role, scope and state; the buttons only offer what the status allows.
import type { CaseStatus } from '../../../domain/enums';
import type { CaseDetail, CatalogItem, Result } from '../../../typings';
import { acceptCase } from '../../services/cases/accept';
import { getCaseDetail } from '../../services/cases/detail';
import { escalateCase } from '../../services/cases/escalate';
import { rejectCase } from '../../services/cases/reject';
import { replyToCase } from '../../services/cases/reply';
import { resolveCase } from '../../services/cases/resolve';
import { transferCase } from '../../services/cases/transfer';
import { getCatalog } from '../../services/org/catalog';
import { toCaseDetailView, type CaseDetailView } from '../../utils/caseView';

type ActionKey = 'accept' | 'reply' | 'transfer' | 'escalate' | 'resolve' | 'reject';

const ACTIONS: Record<ActionKey, { label: string; done: string; prompt: string; required: boolean }> = {
  accept: { label: '受理', done: '已受理', prompt: '受理说明（选填，居民可见）', required: false },
  reply: { label: '回复', done: '已回复', prompt: '回复内容（居民可见）', required: true },
  transfer: { label: '转办', done: '已转办', prompt: '转办理由', required: true },
  escalate: { label: '上报', done: '已上报', prompt: '上报理由', required: true },
  resolve: { label: '办结', done: '已办结', prompt: '办理结果（居民可见）', required: true },
  reject: { label: '不予受理', done: '已不予受理', prompt: '不予受理的理由（居民可见）', required: true }
};

/** What each status allows (domain/caseState.ts TRANSITIONS, the staff part). */
const BY_STATUS: Record<CaseStatus, ActionKey[]> = {
  submitted: ['accept', 'reply', 'transfer', 'escalate', 'reject'],
  accepted: ['reply', 'transfer', 'escalate', 'resolve'],
  resolved: ['reply'],
  closed: [],
  rejected: []
};

const MAX_TEXT = 2000;

function run(key: ActionKey, caseId: string, text: string, toUnitId: string): Promise<Result<CaseDetail>> {
  switch (key) {
    case 'accept':
      return acceptCase(caseId, text || undefined);
    case 'reply':
      return replyToCase(caseId, text);
    case 'transfer':
      return transferCase(caseId, toUnitId, text);
    case 'escalate':
      return escalateCase(caseId, text);
    case 'resolve':
      return resolveCase(caseId, text);
    case 'reject':
      return rejectCase(caseId, text);
  }
}

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    caseId: '',
    view: null as CaseDetailView | null,
    unitId: '',
    level: '',
    actions: [] as Array<{ key: ActionKey; label: string }>,
    pending: '' as ActionKey | '',
    prompt: '',
    text: '',
    maxText: MAX_TEXT,
    /** Same-level units the case may be transferred to. */
    targets: [] as CatalogItem[],
    targetNames: [] as string[],
    targetIndex: -1,
    working: false,
    actionError: '',
    /** What the last action did, e.g. 已受理，当前状态：办理中. */
    outcome: ''
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ caseId: decodeURIComponent(query.caseId ?? '') });
      void this.load();
    },

    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },

    async load() {
      if (!this.data.caseId) {
        this.setData({ status: 'error', errorMessage: '没有找到这条诉求' });
        return;
      }
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const res = await getCaseDetail(this.data.caseId);
      if (!res.ok) {
        this.setData({ status: 'error', errorMessage: res.message });
        return;
      }
      this.show(res.data);
    },

    show(detail: CaseDetail) {
      const view = toCaseDetailView(detail);
      const keys = BY_STATUS[view.status].filter((k) => k !== 'escalate' || detail.case.level !== 'district');
      this.setData({
        status: 'ready',
        view,
        unitId: detail.case.unitId,
        level: detail.case.level,
        actions: keys.map((key) => ({ key, label: ACTIONS[key].label })),
        pending: ''
      });
    },

    onRetry() {
      void this.load();
    },

    onChooseAction(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key?: ActionKey }>) {
      const key = e.currentTarget.dataset.key;
      if (!key) return;
      this.setData({ pending: key, prompt: ACTIONS[key].prompt, text: '', actionError: '', outcome: '', targetIndex: -1 });
      if (key === 'transfer') void this.loadTargets();
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
      const spec = ACTIONS[pending];
      const trimmed = text.trim();
      if (spec.required && !trimmed) {
        this.setData({ actionError: `请填写${spec.prompt.replace(/（.*）$/, '')}` });
        return;
      }
      const target = targets[targetIndex];
      if (pending === 'transfer' && !target) {
        this.setData({ actionError: '请选择转办单位' });
        return;
      }
      this.setData({ working: true, actionError: '' });
      const res = await run(pending, caseId, trimmed, target?.id ?? '');
      this.setData({ working: false });
      if (!res.ok) {
        this.setData({ actionError: res.message });
        return;
      }
      this.show(res.data);
      const outcome = `${spec.done}，当前状态：${this.data.view?.statusLabel ?? ''}`;
      this.setData({ outcome });
      wx.showToast({ title: outcome, icon: 'none' });
    }
  }
});
