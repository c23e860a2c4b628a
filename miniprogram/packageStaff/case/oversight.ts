// 督办 actions on the staff case page: 挂起/恢复, 延期 (ask, decide), 改派, 网下报到 (dispatch) and
// 撤回吹哨: their labels, form checks and calls. Which ones to offer is the server's `allowedActions`.
import type { CaseDetail, CatalogItem, OrgCatalog, Result, TextAction } from '../../../typings';
import { decideExtension } from '../../services/cases/decideExtension';
import { decidePause } from '../../services/cases/decidePause';
import { dispatch } from '../../services/cases/dispatch';
import { pause } from '../../services/cases/pause';
import { reassign } from '../../services/cases/reassign';
import { requestExtension } from '../../services/cases/requestExtension';
import { resume } from '../../services/cases/resume';
import { withdrawWhistle } from '../../services/cases/withdrawWhistle';

export type OversightKey =
  | 'pause'
  | 'resume'
  | 'approvePause'
  | 'refusePause'
  | 'extend'
  | 'grant'
  | 'refuse'
  | 'reassign'
  | 'dispatch'
  | 'withdraw';

/** A row of the 办理 table: what the button says, the text box asks and the toast says once done. */
export interface ActionSpec {
  label: string;
  done: string;
  prompt: string;
  required: boolean;
  /** The server's action whose text limit the box keeps to (none without a box). */
  text?: TextAction;
}

export const OVERSIGHT: Record<OversightKey, ActionSpec> = {
  pause: { label: '挂起', done: '已挂起', prompt: '挂起原因（等待群众补充的材料）', required: true, text: 'pause' },
  resume: { label: '恢复办理', done: '已恢复办理', prompt: '恢复说明（选填）', required: false, text: 'resume' },
  approvePause: {
    label: '同意挂起',
    done: '已同意挂起',
    prompt: '审批意见（选填）',
    required: false,
    text: 'decidePause'
  },
  refusePause: {
    label: '不同意挂起',
    done: '未同意挂起',
    prompt: '审批意见（选填）',
    required: false,
    text: 'decidePause'
  },
  extend: { label: '申请延期', done: '已申请延期', prompt: '延期理由', required: true, text: 'requestExtension' },
  grant: {
    label: '同意延期',
    done: '已同意延期',
    prompt: '审批意见（选填）',
    required: false,
    text: 'decideExtension'
  },
  refuse: {
    label: '不同意延期',
    done: '已不同意延期',
    prompt: '审批意见（选填）',
    required: false,
    text: 'decideExtension'
  },
  reassign: { label: '改派', done: '已改派', prompt: '改派理由', required: true, text: 'reassign' },
  dispatch: { label: '派员到场', done: '已派员到场', prompt: '', required: false },
  withdraw: {
    label: '撤回吹哨',
    done: '已撤回吹哨',
    prompt: '撤回原因（部门可见）',
    required: true,
    text: 'withdrawWhistle'
  }
};
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/**
 * The picker's choices for the unit ids the server allows (转办, 改派), in the catalog's order with the
 * case's own town first: the district as 区综治中心, towns by name, communities by name in the case's
 * town and as 「town · community」 elsewhere.
 */
export function unitChoices(catalog: OrgCatalog, ids: readonly string[], caseUnitId: string): CatalogItem[] {
  const allowed = new Set(ids);
  const home = catalog.towns.find((t) => t.id === caseUnitId || t.communities.some((c) => c.id === caseUnitId));
  const near: CatalogItem[] = [];
  const far: CatalogItem[] = [];
  if (allowed.has(catalog.district.id))
    near.push({ id: catalog.district.id, name: `${catalog.district.name}（区综治中心）` });
  if (home) for (const c of home.communities) if (allowed.has(c.id)) near.push({ id: c.id, name: c.name });
  for (const t of catalog.towns) {
    if (allowed.has(t.id)) far.push({ id: t.id, name: t.name });
    if (t !== home)
      for (const c of t.communities) if (allowed.has(c.id)) far.push({ id: c.id, name: `${t.name} · ${c.name}` });
  }
  return [...near, ...far];
}

/** Beijing date (YYYY-MM-DD) and time (HH:mm) two hours from `nowMs`: the default visit time. */
export function defaultVisitBy(nowMs: number): { date: string; time: string } {
  const iso = new Date(nowMs + 2 * 3600_000 + SHANGHAI_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** The picked Beijing date and time as the ISO string with offset the server expects, or '' if not valid. */
export function visitByIso(date: string, time: string): string {
  if (!/^\d{4}-\d\d-\d\d$/.test(date) || !/^\d\d:\d\d$/.test(time)) return '';
  const iso = `${date}T${time}:00+08:00`;
  return Number.isNaN(Date.parse(iso)) ? '' : iso;
}

/** Checks the form's own fields against the server's limit of days (null: not known, the server checks); '' when it may be sent. */
export function checkOversight(
  key: OversightKey,
  f: { daysText: string; toUnitId: string; staffId: string; visitBy: string },
  maxExtensionDays: number | null
): string {
  if (key === 'extend') {
    const days = Number(f.daysText);
    if (!(Number.isInteger(days) && days >= 1 && (maxExtensionDays === null || days <= maxExtensionDays)))
      return maxExtensionDays === null ? '请填写延期天数' : `延期天数应为1到${maxExtensionDays}个工作日`;
  }
  if (key === 'reassign' && !f.toUnitId) return '请选择改派单位';
  if (key === 'dispatch') {
    if (!f.staffId) return '请选择到场的工作人员';
    // The range (after now, within 30 days) is the server's to check, on its clock.
    if (!f.visitBy) return '请选择到场时限';
  }
  return '';
}

interface OversightInput {
  text: string;
  daysText: string;
  toUnitId: string;
  staffId: string;
  visitBy: string;
  departmentId: string;
}

export function runOversight(key: OversightKey, caseId: string, f: OversightInput): Promise<Result<CaseDetail>> {
  const note = f.text ? { note: f.text } : {};
  switch (key) {
    case 'pause':
      return pause({ caseId, reason: f.text });
    case 'resume':
      return resume({ caseId, ...note });
    case 'approvePause':
    case 'refusePause':
      return decidePause({ caseId, grant: key === 'approvePause', ...note });
    case 'extend':
      return requestExtension({ caseId, days: Number(f.daysText), reason: f.text });
    case 'grant':
    case 'refuse':
      return decideExtension({ caseId, grant: key === 'grant', ...note });
    case 'reassign':
      return reassign({ caseId, toUnitId: f.toUnitId, reason: f.text });
    case 'dispatch':
      return dispatch({ caseId, staffId: f.staffId, visitBy: f.visitBy });
    case 'withdraw':
      return withdrawWhistle({ caseId, departmentId: f.departmentId, reason: f.text });
  }
}

/** Lines for the 督办 card: the pause and the extensions. */
export function oversightLines(d: CaseDetail, fmt: (iso: string) => string): string[] {
  const lines: string[] = [];
  if (d.paused) lines.push(`已挂起（${fmt(d.paused.since)}起），等待群众补充材料：${d.paused.reason}`);
  const word = { pending: '待审批', granted: '已同意', refused: '未同意' } as const;
  for (const e of d.extensions)
    lines.push(`申请延期${e.days}个工作日（${word[e.status]}）：${e.reason}${e.note ? `；审批意见：${e.note}` : ''}`);
  return lines;
}
