// A page's privacy guide (用户隐私保护提示): app.ts's one listener (utils/privacy.ts) asks the page on
// top to show it through showPrivacy; the privacySheet template (templates/photo-picker.wxml) shows it
// with privacyVisible and answers through onAgreePrivacy / onDisagreePrivacy.
import type { PrivacyResolve } from '../utils/privacy';

// WeChat keeps one pending privacy request for the whole app, not one per page.
let privacyResolve: PrivacyResolve | null = null;

export const privacyGuide = Behavior({
  data: { privacyVisible: false },
  methods: {
    showPrivacy(resolve: PrivacyResolve) {
      privacyResolve = resolve;
      this.setData({ privacyVisible: true }, () => privacyResolve?.({ event: 'exposureAuthorization' }));
    },

    onAgreePrivacy(e: WechatMiniprogram.BaseEvent) {
      privacyResolve?.({ event: 'agree', buttonId: (e.currentTarget as { id?: string }).id || 'privacy-agree' });
      privacyResolve = null;
      this.setData({ privacyVisible: false });
    },

    onDisagreePrivacy() {
      privacyResolve?.({ event: 'disagree' });
      privacyResolve = null;
      this.setData({ privacyVisible: false });
    },

    onOpenPrivacyContract() {
      wx.openPrivacyContract?.({});
    }
  }
});
