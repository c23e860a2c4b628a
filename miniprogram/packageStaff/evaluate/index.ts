// The evaluation forms of 三吹哨三报到. side=town: the whistler scores a department (谁吹哨谁评价);
// side=department: the department reports its result, then says whether the whistle was reasonable.
import { evaluate } from '../../services/cases/evaluate';
import { evaluateWhistle } from '../../services/cases/evaluateWhistle';
import { report } from '../../services/cases/report';
import { getLimits } from '../../services/org/limits';

const SCORES = [1, 2, 3, 4, 5];

Component({
  data: {
    caseId: '',
    departmentId: '',
    side: 'town' as 'town' | 'department',
    scores: SCORES,
    responseScore: 0,
    resultScore: 0,
    result: '',
    reasonable: true,
    comment: '',
    /** The server's text limits (org.catalog); none (-1) until known, the server still checks. */
    maxResult: -1,
    maxComment: -1,
    busy: false,
    reporting: false
  },
  methods: {
    onLoad(query: { caseId?: string; departmentId?: string; side?: string }) {
      this.setData({
        caseId: decodeURIComponent(query.caseId ?? ''),
        departmentId: decodeURIComponent(query.departmentId ?? ''),
        side: query.side === 'department' ? 'department' : 'town'
      });
      void this.loadLimits();
    },
    async loadLimits() {
      const res = await getLimits();
      if (!res.ok) return;
      const { texts } = res.data;
      this.setData({
        maxResult: texts.report,
        maxComment: this.data.side === 'town' ? texts.evaluate : texts.evaluateWhistle
      });
    },
    onScore(
      e: WechatMiniprogram.BaseEvent<Record<string, never>, { field?: 'responseScore' | 'resultScore'; n?: number }>
    ) {
      const { field, n } = e.currentTarget.dataset;
      if (field && n) this.setData({ [field]: Number(n) });
    },
    onReasonable(e: WechatMiniprogram.BaseEvent<Record<string, never>, { v?: string }>) {
      this.setData({ reasonable: e.currentTarget.dataset.v === 'yes' });
    },
    // t-textarea's change event: detail { value, cursor }.
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field?: string }>) {
      const field = e.currentTarget.dataset.field;
      if (field === 'result' || field === 'comment') this.setData({ [field]: String(e.detail.value ?? '') });
    },
    async onReport() {
      if (this.data.reporting) return;
      this.setData({ reporting: true });
      const res = await report({ caseId: this.data.caseId, result: this.data.result });
      this.setData({ reporting: false });
      void wx.showToast({ title: res.ok ? '已反馈' : res.message, icon: res.ok ? 'success' : 'none' });
    },
    async onSubmit() {
      if (this.data.busy) return;
      if (this.data.side === 'town' && (!this.data.responseScore || !this.data.resultScore)) {
        void wx.showToast({ title: '请为响应速度和办理效果打分', icon: 'none' });
        return;
      }
      this.setData({ busy: true });
      const comment = this.data.comment.trim() || undefined;
      const res =
        this.data.side === 'town'
          ? await evaluate({
              caseId: this.data.caseId,
              departmentId: this.data.departmentId,
              responseScore: this.data.responseScore,
              resultScore: this.data.resultScore,
              comment
            })
          : await evaluateWhistle({ caseId: this.data.caseId, reasonable: this.data.reasonable, comment });
      this.setData({ busy: false });
      void wx.showToast({ title: res.ok ? '评价已提交' : res.message, icon: res.ok ? 'success' : 'none' });
      if (res.ok) void wx.navigateBack();
    }
  }
});
