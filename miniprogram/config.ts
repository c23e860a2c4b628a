/**
 * Build-time settings of the mini-program. Runtime overrides for development live in
 * services/local-cloud.ts (stored with wx.setStorageSync, so no rebuild is needed).
 */

/** CloudBase environment id (云开发控制台 → 环境 ID); undefined uses the account's default environment. */
export const cloudEnv: string | undefined = undefined;

export interface LocalCloudConfig {
  /** Base URL of the local cloud started by `npm start`. */
  url: string;
  /** The openid the local cloud will treat as the caller. */
  openid: string;
}

/**
 * Development: send cloud calls to the local cloud instead of CloudBase. Honoured only when
 * the running version is `develop` (DevTools, 预览, 真机调试), never in 体验版 or the release.
 * Set to null to use CloudBase during development too.
 */
export const localCloud: LocalCloudConfig | null = {
  url: 'http://127.0.0.1:8787',
  openid: 'resident-1'
};

/**
 * Storage key (wx.setStorageSync) of a developer's overrides of localCloud on one device:
 * `{ url?, openid? }`. 切换身份 on the home page writes the openid here.
 */
export const LOCAL_CLOUD_STORAGE_KEY = 'shajie:localCloud';

/**
 * Identities offered by 切换身份 on the home page (local cloud only): the demo users that
 * `npm start` seeds (server/orgSeed.ts). At most 6, the limit of wx.showActionSheet.
 */
export const demoIdentities: ReadonlyArray<{ openid: string; label: string }> = [
  { openid: 'resident-1', label: '居民' },
  { openid: 'staff-500104001001', label: '工作人员 · 平安社区' },
  { openid: 'staff-500104001000', label: '工作人员 · 新山村街道' },
  { openid: 'staff-dept-justice', label: '工作人员 · 区司法局' },
  { openid: 'admin-1', label: '管理员 · 大渡口区' }
];

/** Storage key of the community the resident filed their last case in (the form's default). */
export const LAST_COMMUNITY_STORAGE_KEY = 'shajie:lastCommunity';
