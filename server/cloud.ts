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

let db: Database | null = null;

/**
 * One handle per function instance: wx-server-sdk builds a new class for every database() call, while
 * the environment and the caller's credentials are read again for each request anyway.
 */
export function database(): Database {
  return (db ??= sdk().database());
}

/**
 * wx-server-sdk declares its calls as `Promise<T> | void | string` (callback style);
 * without a callback they always return a promise.
 */
export function settle<T>(call: Promise<T> | void | string): Promise<T> {
  return call as Promise<T>;
}

/** The WeChat open APIs this project calls, as they answer (the SDK types `openapi` as `Record<string, any>`). */
export interface OpenApi {
  security: {
    msgSecCheck(params: {
      content: string;
      version?: 2;
      scene?: number;
      openid?: string;
    }): Promise<{ errCode?: number; result?: { suggest?: string; label?: number } }>;
    mediaCheckAsync(params: {
      mediaUrl: string;
      mediaType: number;
      version: 2;
      scene: number;
      openid: string;
    }): Promise<{ errCode?: number; errMsg?: string; traceId?: string }>;
  };
  subscribeMessage: {
    send(params: {
      touser: string;
      templateId: string;
      page?: string;
      data: Record<string, { value: string }>;
    }): Promise<{ errCode?: number; errMsg?: string }>;
  };
}

export function openapi(): OpenApi {
  return sdk().openapi as OpenApi;
}

export interface WxContext {
  openid: string | null;
  appid: string | null;
  source: string;
}

export function wxContext(): WxContext {
  const ctx = sdk().getWXContext() as { OPENID?: string | number; APPID?: string | number; SOURCE?: string };
  return { openid: exact(ctx.OPENID, 'WX_OPENID'), appid: exact(ctx.APPID, 'WX_APPID'), source: ctx.SOURCE ?? '' };
}

/**
 * getWXContext() turns an all-digit value into a number ("0" → 0, "007" → 7): take the string from the
 * environment variable it was read from, so a caller is exactly who the platform says.
 */
function exact(value: string | number | undefined, envKey: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  const raw = process.env[envKey];
  return typeof raw === 'string' && raw !== '' ? raw : String(value);
}
