/**
 * The 云调用 permissions of a function live with WeChat, not with Tencent Cloud: DevTools sets them
 * from config.json `permissions.openapi` on upload, and neither manager-node nor miniprogram-ci does.
 * WeChat's HTTP API reads and writes them (tcb/getfuncconfig, tcb/uploadfuncconfig, type 1 = 云调用配置)
 * with the mini-program's access token, which needs the AppSecret. Without one, the deploy reports
 * the permissions as a manual step.
 */
export const WECHAT_API = 'https://api.weixin.qq.com';

/** Type 1 of getfuncconfig / uploadfuncconfig: the cloud-call configuration `{ permissions: { openapi } }`. */
const CLOUD_CALL_CONFIG = 1;
/** getfuncconfig: this function has no cloud-call configuration yet. */
const NO_CONFIG = 85089;

export interface WeChatApi {
  getOpenApi(env: string, fn: string): Promise<string[]>;
  setOpenApi(env: string, fn: string, openapi: string[]): Promise<void>;
}

interface WxAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  config?: string;
}

export function weChatApi(appId: string, appSecret: string, base = WECHAT_API): WeChatApi {
  let token: Promise<string> | null = null;
  const post = async (path: string, body: unknown): Promise<WxAnswer> => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    });
    return (await res.json()) as WxAnswer;
  };
  const accessToken = (): Promise<string> =>
    (token ??= post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: appId, secret: appSecret }).then(
      (r) => {
        if (!r.access_token) throw new Error(`WeChat access token refused: ${r.errcode} ${r.errmsg}`);
        return r.access_token;
      }
    ));
  const call = async (path: string, body: Record<string, unknown>): Promise<WxAnswer> => {
    const r = await post(`${path}?access_token=${encodeURIComponent(await accessToken())}`, body);
    if (r.errcode && r.errcode !== 0 && r.errcode !== NO_CONFIG) throw new Error(`${path}: ${r.errcode} ${r.errmsg}`);
    return r;
  };
  return {
    async getOpenApi(env, fn) {
      const r = await call('/tcb/getfuncconfig', { type: CLOUD_CALL_CONFIG, env, function_name: fn });
      if (r.errcode === NO_CONFIG || !r.config) return [];
      const parsed = JSON.parse(r.config) as { permissions?: { openapi?: string[] } };
      return [...(parsed.permissions?.openapi ?? [])].sort();
    },
    async setOpenApi(env, fn, openapi) {
      await call('/tcb/uploadfuncconfig', {
        type: CLOUD_CALL_CONFIG,
        env,
        function_name: fn,
        config: JSON.stringify({ permissions: { openapi } })
      });
    }
  };
}
