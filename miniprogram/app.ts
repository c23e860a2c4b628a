import { cloudEnv } from './config';
import { activeLocalCloud } from './services/local-cloud';
import { listenForPrivacy } from './utils/privacy';

App<IAppOption>({
  globalData: {},
  onLaunch() {
    // One privacy listener for every page: the page on top shows its guide (utils/privacy.ts).
    listenForPrivacy();
    const local = activeLocalCloud();
    if (local) {
      // Development against `npm start`: calls go over wx.request, CloudBase is not needed.
      console.info(`[cloud] 本地云 ${local.url}，演示身份 ${local.openid}`);
      return;
    }
    if (!wx.cloud) {
      console.error('请使用 2.2.3 或以上的基础库以使用云能力');
      return;
    }
    wx.cloud.init({ env: cloudEnv, traceUser: true });
  }
});
