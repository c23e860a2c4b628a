// 长辈模式 (适老化): a switch kept on this phone (我的 page). A page with this behavior gets `elder` and
// puts the `elder` class on its root, which enlarges its text (main text ≥ 18 pt, line spacing ≥ 1.3).

/** Where 长辈模式 is kept on this phone. */
export const ELDER_MODE_KEY = 'elderMode';

export const elderMode = Behavior({
  data: { elder: false },
  methods: {
    /** Reads the switch again: it may have changed on another page. */
    readElderMode() {
      const elder = wx.getStorageSync(ELDER_MODE_KEY) === true;
      if (elder !== this.data.elder) this.setData({ elder });
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
