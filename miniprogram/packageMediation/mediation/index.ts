// One mediation for its parties, mediator and the unit's staff: stage, mediator, sessions, the draft to
// sign, the agreement PDF, the 30-day judicial confirmation deadline, and the join link to share.
import type { MediationView } from '../../../typings';
import { agreementUrl, applyConfirmation, getMediation, recuse } from '../../services/mediation';
import { shanghaiDate } from '../dates';
import { elderMode } from '../../behaviors/elderMode';

const STAGES: Record<string, string> = {
  inviting: '等待对方同意',
  choosing: '选择调解员',
  mediating: '调解中',
  effective: '协议已生效',
  ended: '已结束'
};

Component({
  behaviors: [elderMode],
  data: { mediationId: '', m: null as MediationView | null, stageText: '', dueText: '', error: '', reason: '' },
  methods: {
    onLoad(query: { mediationId?: string }) {
      this.setData({ mediationId: query.mediationId ?? '' });
      void this.load();
    },
    onShow() {
      // Back from the signature page: show the new signature (the first show is onLoad's).
      if (this.data.m) void this.load();
    },
    async load() {
      const res = await getMediation(this.data.mediationId);
      if (!res.ok) return this.setData({ error: res.message });
      const due = res.data.confirmationDueAt;
      this.setData({
        m: res.data,
        stageText: STAGES[res.data.stage] ?? '',
        dueText: due ? `${shanghaiDate(due)}前可共同申请司法确认` : ''
      });
    },
    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value });
    },
    async onRecuse() {
      const reason = this.data.reason.trim();
      if (!reason) return this.setData({ error: '请说明申请回避的理由' });
      const res = await recuse(this.data.mediationId, reason);
      if (!res.ok) return this.setData({ error: res.message });
      this.setData({ m: res.data, error: '' });
    },
    onSign() {
      const v = this.data.m?.draft?.version ?? 0;
      void wx.navigateTo({
        url: `/packageMediation/sign/index?mediationId=${this.data.mediationId}&draftVersion=${v}`
      });
    },
    async onAgreement() {
      const res = await agreementUrl(this.data.mediationId);
      if (!res.ok) return this.setData({ error: res.message });
      wx.downloadFile({
        url: res.data.url,
        success: (f) => void wx.openDocument({ filePath: f.tempFilePath, fileType: 'pdf' }),
        fail: () => this.setData({ error: '协议下载失败，请稍后再试' })
      });
    },
    async onConfirmation() {
      const res = await applyConfirmation(this.data.mediationId);
      if (!res.ok) return this.setData({ error: res.message });
      this.setData({ m: res.data });
      if (res.data.applicationUrl)
        wx.downloadFile({
          url: res.data.applicationUrl,
          success: (f) => void wx.openDocument({ filePath: f.tempFilePath, fileType: 'pdf' })
        });
    }
  }
});
