import { LOCAL_CLOUD_STORAGE_KEY, localCloud, type LocalCloudConfig } from '../config';

/** The local cloud that cloud calls go to, or null when they go to CloudBase. */
export function activeLocalCloud(): LocalCloudConfig | null {
  // config.ts is the switch: a stale storage entry can never divert a trial or release build.
  if (!localCloud || !isDevelopVersion()) return null;
  const stored = readOverride();
  return { url: (stored.url ?? localCloud.url).replace(/\/+$/, ''), openid: stored.openid ?? localCloud.openid };
}

/** Remembers a different demo identity or local-cloud URL on this device (develop only). */
export function setLocalCloudOverride(patch: Partial<LocalCloudConfig>): void {
  wx.setStorageSync(LOCAL_CLOUD_STORAGE_KEY, { ...readOverride(), ...patch });
}

function isDevelopVersion(): boolean {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion === 'develop';
  } catch {
    return false;
  }
}

function readOverride(): Partial<LocalCloudConfig> {
  let raw: unknown;
  try {
    raw = wx.getStorageSync(LOCAL_CLOUD_STORAGE_KEY);
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object') return {};
  const { url, openid } = raw as Record<string, unknown>;
  return {
    ...(typeof url === 'string' && url ? { url } : {}),
    ...(typeof openid === 'string' && openid ? { openid } : {})
  };
}
