// 督办清单: cases with open supervision items raised to this unit (the district's holds every one).
import type { SupervisedCase } from '../../../typings';
import { supervision } from '../../services/cases/supervision';

interface Row {
  caseId: string;
  code: string;
  title: string;
  items: Array<{ key: string; text: string }>;
}

/** Shanghai "MM-DD HH:mm" of an ISO time. */
function shortTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600000).toISOString().slice(5, 16).replace('T', ' ');
}

function toRow(c: SupervisedCase): Row {
  return {
    caseId: c.caseId,
    code: c.code,
    title: `${c.categoryName} · ${c.communityName}`,
    items: c.supervision.map((s, i) => ({ key: `${i}`, text: `${s.ownerUnitName}「${s.kindLabel}」超期（时限 ${shortTime(s.dueAt)}）` }))
  };
}

Component({
  data: { status: 'loading' as 'loading' | 'ready' | 'error', errorMessage: '', rows: [] as Row[], nextCursor: null as string | null },
  methods: {
    onLoad() {
      void this.load(false);
    },
    async load(more: boolean) {
      const res = await supervision(more && this.data.nextCursor ? { cursor: this.data.nextCursor } : {});
      if (!res.ok) return this.setData({ status: 'error', errorMessage: res.message });
      const rows = res.data.items.map(toRow);
      this.setData({ status: 'ready', rows: more ? [...this.data.rows, ...rows] : rows, nextCursor: res.data.nextCursor });
    },
    onPullDownRefresh() {
      void this.load(false).then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (this.data.nextCursor) void this.load(true);
    }
  }
});
