// 一上: a resident proposes a matter for their community. The requestId is made once per form, so a
// resubmission (a retry after a lost answer) stores one proposal.
import { propose } from '../../services/deliberation';
import { elderMode } from '../../behaviors/elderMode';

const newRequestId = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

Component({
  behaviors: [elderMode],
  data: {
    communityId: '',
    title: '',
    text: '',
    error: '',
    submitting: false,
    requestId: newRequestId()
  },
  methods: {
    onLoad(query: { communityId?: string }) {
      this.setData({ communityId: query.communityId ?? '' });
    },
    onTitle(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ title: e.detail.value });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value });
    },
    async onSubmit() {
      const title = this.data.title.trim();
      const text = this.data.text.trim();
      if (!title || !text) {
        this.setData({ error: !title ? '请填写议题标题' : '请说明议题内容' });
        return;
      }
      if (this.data.submitting) return;
      this.setData({ submitting: true, error: '' });
      const res = await propose({ communityId: this.data.communityId, title, text, requestId: this.data.requestId });
      this.setData({ submitting: false });
      if (!res.ok) {
        this.setData({ error: res.message });
        return;
      }
      void wx.redirectTo({ url: `/packageDeliberation/topic/index?topicId=${res.data.topicId}` });
    }
  }
});
