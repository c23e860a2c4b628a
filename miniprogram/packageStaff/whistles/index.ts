// 部门吹哨待办: the whistles a department received, each with its check-in countdown; 报到 from the list.
// Paged like the other lists (20 a page, 加载更多), pending only or all.
import type { WhistleTask } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { checkIn } from '../../services/cases/checkIn';
import { whistles } from '../../services/cases/whistles';
import { WHISTLE_ROLE_LABELS } from '../../utils/labels';

interface Row {
  caseId: string;
  code: string;
  title: string;
  role: string;
  reason: string;
  state: 'checkIn' | 'report' | 'done' | 'withdrawn';
  /** The check-in deadline and the server's overdue mark: what the countdown is made from. */
  checkInDueAt: string;
  checkInOverdue: boolean;
  countdown: string;
  late: boolean;
}

/** "剩余12分钟" before the check-in is due, "已超时3分钟" after. */
function countdownText(dueIso: string, now: number): { text: string; late: boolean } {
  const left = Math.ceil((new Date(dueIso).getTime() - now) / 60000);
  return left >= 0 ? { text: `报到剩余${left}分钟`, late: false } : { text: `报到已超时${-left}分钟`, late: true };
}

/** The countdown line at `now`. The server's overdue mark wins over this phone's clock, which may run behind. */
function countdownOf(
  r: Pick<Row, 'state' | 'checkInDueAt' | 'checkInOverdue'>,
  now: number
): Pick<Row, 'countdown' | 'late'> {
  if (r.state !== 'checkIn')
    return {
      countdown: r.state === 'report' ? '已报到，待反馈结果' : r.state === 'done' ? '已反馈' : '已撤回',
      late: false
    };
  const c = countdownText(r.checkInDueAt, now);
  return r.checkInOverdue && !c.late ? { countdown: '报到已超时', late: true } : { countdown: c.text, late: c.late };
}

function toRow(t: WhistleTask): Row {
  const w = t.whistle;
  const state: Row['state'] = w.withdrawnAt
    ? 'withdrawn'
    : !w.checkedInAt
      ? 'checkIn'
      : !w.reportedAt
        ? 'report'
        : 'done';
  const row = {
    caseId: t.caseId,
    code: t.code,
    title: `${t.categoryName} · ${t.communityName}`,
    role: WHISTLE_ROLE_LABELS[w.role],
    reason: w.reason,
    state,
    checkInDueAt: w.checkInDueAt,
    checkInOverdue: w.overdue.checkIn
  };
  return { ...row, ...countdownOf(row, Date.now()) };
}

interface Filter {
  data: { pendingOnly: boolean };
}

/** Each open queue's countdown timer (a page may be open twice in the page stack). */
const timers = new WeakMap<object, number>();

Component({
  behaviors: [
    pagedList({
      fetchPage: (cursor, page: Filter) => whistles({ pending: page.data.pendingOnly, ...(cursor ? { cursor } : {}) }),
      toRow,
      // 只看待办 was toggled while an answer travelled: drop that answer.
      queryKey: (page) => String(page.data.pendingOnly)
    })
  ],
  data: { pendingOnly: true },
  methods: {
    onLoad() {
      void this.refresh();
      // The countdown moves every 30 s without a new request.
      timers.set(
        this,
        setInterval(() => this.tick(Date.now()), 30000)
      );
    },
    /** Moves the countdowns to `now`, sending only the lines that changed (never the whole list). */
    tick(now: number) {
      const patch: Record<string, unknown> = {};
      this.data.items.forEach((r: Row, i: number) => {
        const c = countdownOf(r, now);
        if (c.countdown !== r.countdown) patch[`items[${i}].countdown`] = c.countdown;
        if (c.late !== r.late) patch[`items[${i}].late`] = c.late;
      });
      if (Object.keys(patch).length) this.setData(patch);
    },
    onUnload() {
      const timer = timers.get(this);
      if (timer !== undefined) clearInterval(timer);
    },
    onToggle() {
      this.setData({ pendingOnly: !this.data.pendingOnly });
      void this.refresh();
    },
    async onCheckIn(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (!caseId) return;
      const res = await checkIn({ caseId });
      void wx.showToast({ title: res.ok ? '已报到' : res.message, icon: res.ok ? 'success' : 'none' });
      if (res.ok) void this.refresh();
    },
    /** The complaint itself (the case page a whistled department may read), before reporting on it. */
    onView(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId) void wx.navigateTo({ url: `/packageStaff/case/index?caseId=${encodeURIComponent(caseId)}` });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const caseId = e.currentTarget.dataset.id;
      if (caseId)
        void wx.navigateTo({
          url: `/packageStaff/evaluate/index?caseId=${encodeURIComponent(caseId)}&side=department`
        });
    }
  }
});
