/**
 * Sends manager-node's requests to the stand-in instead of https://<service>.tencentcloudapi.com.
 * Only the URL changes: manager-node still shapes, signs (for the real host) and parses every call.
 * Also counts requests in flight, so a test can move manager-node's status polling on only when
 * the previous poll has been answered.
 */
interface HttpRequestModule {
  fetch: (url: string, config: unknown, proxy: unknown) => Promise<unknown>;
}

export interface Route {
  inFlight: () => number;
  /** Resolves when the next request in flight is answered. */
  nextAnswer: () => Promise<void>;
  restore: () => void;
}

export function routeTencentApiTo(base: string): Route {
  // The transport module of the manager-node instance the deploy loads; its exports are read at call time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- no typings for manager-node's lib paths
  const mod = require('@cloudbase/manager-node/lib/utils/http-request') as HttpRequestModule;
  const original = mod.fetch;
  let inFlight = 0;
  let waiters: Array<() => void> = [];
  mod.fetch = async (url, config, proxy) => {
    const u = new URL(url);
    const m = /^(\w+)\.tencentcloudapi\.com$/.exec(u.hostname);
    // CloudBase's own API (storage.getUploadMetadata …): tcb-api.tencentcloudapi.com/admin, maybe per env and region.
    const tcbApi = /(^|\.)tcb-api\.tencentcloudapi\.com$/.test(u.hostname);
    if (!m && !tcbApi) throw new Error(`manager-node called ${u.hostname}, which the stand-in does not cover`);
    inFlight++;
    try {
      const to = m ? `${base}/tencent/${m[1]}/${u.search}` : `${base}/tcb-api${u.pathname}${u.search}`;
      return await original(to, config, proxy);
    } finally {
      inFlight--;
      const wake = waiters;
      waiters = [];
      for (const w of wake) w();
    }
  };
  return {
    inFlight: () => inFlight,
    nextAnswer: () => new Promise<void>((resolve) => waiters.push(resolve)),
    restore: () => {
      mod.fetch = original;
    }
  };
}
