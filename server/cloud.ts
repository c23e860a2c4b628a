import cloud from 'wx-server-sdk';

let ready = false;

/** The SDK, initialised once per function instance for the environment it runs in. */
export function sdk(): typeof cloud {
  if (!ready) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    ready = true;
  }
  return cloud;
}

export type Database = ReturnType<typeof cloud.database>;

export function database(): Database {
  return sdk().database();
}

/**
 * wx-server-sdk declares its calls as `Promise<T> | void | string` (callback style);
 * without a callback they always return a promise.
 */
export function settle<T>(call: Promise<T> | void | string): Promise<T> {
  return call as Promise<T>;
}

export interface WxContext {
  openid: string | null;
  appid: string | null;
  source: string;
}

export function wxContext(): WxContext {
  const ctx = sdk().getWXContext() as { OPENID?: string; APPID?: string; SOURCE?: string };
  return { openid: ctx.OPENID || null, appid: ctx.APPID || null, source: ctx.SOURCE ?? '' };
}
