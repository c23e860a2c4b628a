// 长辈模式 (适老化): a switch kept on this phone (我的 page). A page with this behavior gets `elder` and
// `elderFont`, puts the `elder` class on its root and sets its page-meta's font sizes to `elderFont`
// while on: every rem-sized text grows with it, beyond the phone's own setting (main text ≥ 24 px,
// that is 18 pt; line spacing ≥ 1.3 from app.wxss).
import { ELDER_MODE_KEY, elderFontPx } from '../utils/elderFont';

/** The phone's font size (WeChat's setting), 16 px when it cannot tell. */
function systemFontPx(): number {
  try {
    const px = wx.getAppBaseInfo().fontSizeSetting;
    return typeof px === 'number' && px > 0 ? px : 16;
  } catch {
    return 16;
  }
}

export const elderMode = Behavior({
  data: { elder: false, elderFont: 'system' },
  methods: {
    /** Reads the switch again: it may have changed on another page. */
    readElderMode() {
      const elder = wx.getStorageSync(ELDER_MODE_KEY) === true;
      if (elder === this.data.elder) return;
      this.setData({ elder, elderFont: elder ? `${elderFontPx(systemFontPx())}px` : 'system' });
    }
  },
  lifetimes: {
    attached() {
      this.readElderMode();
    }
  },
  pageLifetimes: {
    show() {
      this.readElderMode();
    }
  }
});
