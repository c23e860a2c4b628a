// Legal services for residents: the community's adviser and the next visiting day, a question, legal aid.
import type { AidMatter } from '../../../typings';
import { adviser, applyAid, ask } from '../../services/mediation';
import { shanghaiDate } from '../dates';
import { elderMode } from '../../behaviors/elderMode';

const WEEK = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

Component({
  behaviors: [elderMode],
  data: {
    communityId: '',
    adviserText: '',
    nextVisit: '',
    question: '',
    aidName: '',
    aidPhone: '',
    aidSummary: '',
    hardship: false,
    matterIndex: 0,
    matters: ['追索劳动报酬', '工伤赔偿', '赡养抚养扶养', '其他赔偿', '其他'],
    notice: '',
    error: ''
  },
  methods: {
    async onCommunity(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
      const communityId = e.detail.id;
      this.setData({ communityId, adviserText: '', nextVisit: '' });
      if (!communityId) return;
      const res = await adviser(communityId);
      if (!res.ok) return this.setData({ error: res.message });
      const a = res.data.adviser;
      if (!a) return this.setData({ adviserText: '本社区暂未登记法律顾问' });
      this.setData({
        adviserText: `法律顾问：${a.name}（${a.weekdays.map((d) => WEEK[d]).join('、')}驻点）`,
        nextVisit: a.nextVisit ? `下次驻点：${shanghaiDate(a.nextVisit, false)}` : ''
      });
    },
    onQuestion(e: WechatMiniprogram.Input) {
      this.setData({ question: e.detail.value });
    },
    async onAsk() {
      if (!this.data.communityId) return this.setData({ error: '请先选择所在社区' });
      const res = await ask(this.data.communityId, this.data.question.trim());
      if (!res.ok) return this.setData({ error: res.message });
      this.setData({ question: '', error: '', notice: '已提交，法律顾问将在3日内答复' });
    },
    onAidName(e: WechatMiniprogram.Input) {
      this.setData({ aidName: e.detail.value });
    },
    onAidPhone(e: WechatMiniprogram.Input) {
      this.setData({ aidPhone: e.detail.value });
    },
    onAidSummary(e: WechatMiniprogram.Input) {
      this.setData({ aidSummary: e.detail.value });
    },
    onMatter(e: WechatMiniprogram.PickerChange) {
      this.setData({ matterIndex: Number(e.detail.value) });
    },
    onHardship(e: WechatMiniprogram.SwitchChange) {
      this.setData({ hardship: e.detail.value });
    },
    async onAid() {
      const keys: AidMatter[] = ['wages', 'injury', 'family-support', 'compensation', 'other'];
      const res = await applyAid({
        name: this.data.aidName.trim(),
        phone: this.data.aidPhone.trim(),
        matter: keys[this.data.matterIndex],
        hardship: this.data.hardship,
        hasLawyer: false,
        summary: this.data.aidSummary.trim()
      });
      if (!res.ok) return this.setData({ error: res.message });
      this.setData({ error: '', notice: `已提交至${res.data.routedTo}，审查结果将通知您` });
    }
  }
});
