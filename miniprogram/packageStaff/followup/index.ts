// 回访: resolved cases the reporter did not rate within 7 days, the most overdue first (the 待办 queue's
// resolved cases: their follow-up is the unit's open duty). A visit's satisfaction counts as the rating.
import type { Satisfaction } from '../../../domain/enums';
import type { CaseSummary } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { getQueue } from '../../services/cases/queue';
import { recordFollowUp } from '../../services/ratings/followUp';
import { toCaseRow, type CaseRow } from '../../utils/caseView';
import { formatTime } from '../../utils/format';
import { SATISFACTION_OPTIONS } from '../../utils/labels';

interface Row extends CaseRow {
  dueText: string;
}

const toRow = (c: CaseSummary): Row => ({
  ...toCaseRow(c),
  dueText: c.resolveOverdue ? '回访已逾期' : `办结于时限 ${formatTime(c.resolveDueAt)} 前`
});

Component({
  behaviors: [
    pagedList({
      fetchPage: (cursor) => getQueue({ followUp: true }, cursor),
      toRow,
      refreshOnShow: true
    })
  ],
  data: {
    options: SATISFACTION_OPTIONS,
    /** The case being visited, its answer and note. */
    openId: '',
    satisfaction: '' as Satisfaction | '',
    note: '',
    busy: false,
    formError: ''
  },
  methods: {
    onPick(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id ?? '';
      this.setData({ openId: id === this.data.openId ? '' : id, satisfaction: '', note: '', formError: '' });
    },
    onOpenCase(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      if (id) void wx.navigateTo({ url: `/packageStaff/case/index?caseId=${encodeURIComponent(id)}` });
    },
    onSatisfaction(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value?: Satisfaction }>) {
      this.setData({ satisfaction: e.currentTarget.dataset.value ?? '', formError: '' });
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: String(e.detail.value ?? '') });
    },
    async onSubmit() {
      const { openId, satisfaction, note, busy } = this.data;
      if (busy || !openId) return;
      if (!satisfaction) return this.setData({ formError: '请选择群众的满意度' });
      if (!note.trim()) return this.setData({ formError: '请填写回访情况' });
      this.setData({ busy: true, formError: '' });
      const res = await recordFollowUp(openId, satisfaction, note.trim());
      this.setData({ busy: false });
      if (!res.ok) return this.setData({ formError: res.message });
      void wx.showToast({ title: '已回访', icon: 'success' });
      this.setData({ openId: '' });
      void this.refresh();
    }
  }
});
