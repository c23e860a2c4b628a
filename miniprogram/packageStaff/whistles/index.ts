// 部门吹哨待办: the whistles a department received, each with its check-in countdown; 报到 from the list.
import type { WhistleTask } from '../../../typings';
import { checkIn } from '../../services/cases/checkIn';
import { whistles } from '../../services/cases/whistles';

interface Row {
  caseId: string;
  code: string;
  title: string;
  role: string;
  reason: string;
  state: 'checkIn' | 'report' | 'done' | 'withdrawn';
  countdown: string;
  late: boolean;
}

const ROLE: Record<string, string> = { lead: '牵头', cooperate: '配合' };

/** "剩余12分钟" before the check-in is due, "已超时3分钟" after. */
export function countdownText(dueIso: string, now: number): { text: string; late: boolean } {
  const left = Math.ceil((new Date(dueIso).getTime() - now) / 60000);
  return left >= 0 ? { text: `报到剩余${left}分钟`, late: false } : { text: `报到已超时${-left}分钟`, late: true };
}

function lateByServer(c: { text: string; late: boolean }, overdue: boolean): { text: string; late: boolean } {
  return overdue && !c.late ? { text: '报到已超时', late: true } : c;
}

function toRow(t: WhistleTask, now: number): Row {
  const w = t.whistle;
  const state: Row['state'] = w.withdrawnAt ? 'withdrawn' : !w.checkedInAt ? 'checkIn' : !w.reportedAt ? 'report' : 'done';
  // The server's overdue mark wins over this phone's clock, which may run behind.
  const c = state === 'checkIn' ? lateByServer(countdownText(w.checkInDueAt, now), w.overdue.checkIn) : { text: state === 'report' ? '已报到，待反馈结果' : state === 'done' ? '已反馈' : '已撤回', late: false };
  return { caseId: t.caseId, code: t.code, title: `${t.categoryName} · ${t.communityName}`, role: ROLE[w.role] ?? w.role, reason: w.reason, state, countdown: c.text, late: c.late };
}

/** Each open queue's countdown timer (a page may be open twice in the page stack). */
const timers = new WeakMap<object, number>();

Component({
  data: { status: 'loading' as 'loading' | 'ready' | 'error', errorMessage: '', rows: [] as Row[], tasks: [] as WhistleTask[], pendingOnly: true },
  methods: {
    onLoad() {
      void this.load();
      // The countdown moves every 30 s without a new request.
      timers.set(this, setInterval(() => this.setData({ rows: this.data.tasks.map((t) => toRow(t, Date.now())) }), 30000) as unknown as number);
    },
    onUnload() {
      const timer = timers.get(this);
      if (timer !== undefined) clearInterval(timer);
    },
    onRetry() {
      this.setData({ status: 'loading' });
      void this.load();
    },
    async load() {
      const res = await whistles({ pending: this.data.pendingOnly });
      if (!res.ok) return this.setData({ status: 'error', errorMessage: res.message });
      this.setData({ status: 'ready', tasks: res.data.items, rows: res.data.items.map((t) => toRow(t, Date.now())) });
    },
    onToggle() {
      this.setData({ pendingOnly: !this.data.pendingOnly });
      void this.load();
    },
    async onCheckIn(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (!caseId) return;
      const res = await checkIn({ caseId });
      wx.showToast({ title: res.ok ? '已报到' : res.message, icon: res.ok ? 'success' : 'none' });
      if (res.ok) void this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId) wx.navigateTo({ url: `/packageStaff/evaluate/index?caseId=${encodeURIComponent(caseId)}&side=department` });
    }
  }
});
