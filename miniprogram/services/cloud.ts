/**
 * The one door to the backend: every cloud call of every page goes through callFunction.
 * Only types come from ../../typings (DevTools compiles miniprogram/ alone).
 */
import type { ClientErrorCode, Fail, Functions, Result } from '../../typings';
import { activeLocalCloud } from './local-cloud';

export type FunctionName = keyof Functions;
export type ActionName<F extends FunctionName> = Extract<keyof Functions[F], string>;
export type RequestFields<F extends FunctionName, A extends ActionName<F>> = Functions[F][A] extends { req: infer R }
  ? R
  : never;
type ResponseData<F extends FunctionName, A extends ActionName<F>> = Functions[F][A] extends { res: infer R }
  ? R
  : never;

/** Actions without required fields can be called without a fields argument. */
type FieldsArg<F extends FunctionName, A extends ActionName<F>> =
  Record<string, never> extends RequestFields<F, A> ? [fields?: RequestFields<F, A>] : [fields: RequestFields<F, A>];

/** Codes the door itself produces; everything else comes from the cloud function. */
type TransportCode = Extract<ClientErrorCode, 'NETWORK' | 'CLOUD_FUNCTION_FAILED'>;

const TRANSPORT_MESSAGES: Record<TransportCode, string> = {
  NETWORK: '网络连接不畅，请检查网络后重试',
  CLOUD_FUNCTION_FAILED: '服务暂时出了点问题，请稍后重试'
};

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Calls `name` with `{ action, ...fields }`. Never rejects: transport failures arrive as
 * `{ ok: false, code: 'NETWORK' | 'CLOUD_FUNCTION_FAILED' }` so pages handle one shape.
 */
export async function callFunction<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  ...[fields]: FieldsArg<F, A>
): Promise<Result<ResponseData<F, A>>> {
  const data: Record<string, unknown> = { ...(fields as object | undefined), action };
  const local = activeLocalCloud();
  const result = local ? await viaLocalCloud(local.url, local.openid, name, data) : await viaCloudBase(name, data);
  if ('transportFailure' in result) {
    console.warn(`[cloud] ${name}.${action}: ${result.transportFailure}`, result.detail);
    return transportFail(result.transportFailure);
  }
  if (!isResult(result.body)) {
    console.warn(`[cloud] ${name}.${action}: not a Result`, result.body);
    return transportFail('CLOUD_FUNCTION_FAILED');
  }
  return result.body as Result<ResponseData<F, A>>;
}

function transportFail(code: TransportCode): Fail {
  return { ok: false, code, message: TRANSPORT_MESSAGES[code] };
}

type Delivery = { body: unknown } | { transportFailure: TransportCode; detail: unknown };

function viaCloudBase(name: string, data: Record<string, unknown>): Promise<Delivery> {
  if (!wx.cloud)
    return Promise.resolve({
      transportFailure: 'CLOUD_FUNCTION_FAILED',
      detail: 'wx.cloud is unavailable (基础库 < 2.2.3 or a tourist appid)'
    });
  return wx.cloud.callFunction({ name, data }).then(
    (res): Delivery => ({ body: res.result }),
    (err: unknown): Delivery => ({ transportFailure: classifyCloudError(err), detail: err })
  );
}

/** wx.cloud reports both a lost network and a failing function as a rejected call. */
function classifyCloudError(err: unknown): TransportCode {
  const { errCode, errMsg } = (err ?? {}) as { errCode?: unknown; errMsg?: unknown };
  // -501xxx to -504xxx: the function was refused, failed or timed out on the server side.
  if (typeof errCode === 'number' && errCode <= -501000 && errCode > -505000) return 'CLOUD_FUNCTION_FAILED';
  return typeof errMsg === 'string' && /request:fail|network|timeout|offline/i.test(errMsg)
    ? 'NETWORK'
    : 'CLOUD_FUNCTION_FAILED';
}

function viaLocalCloud(url: string, openid: string, name: string, data: Record<string, unknown>): Promise<Delivery> {
  return new Promise((resolve) => {
    wx.request({
      url: `${url}/functions/${encodeURIComponent(name)}`,
      method: 'POST',
      data,
      header: { 'content-type': 'application/json', 'x-wx-openid': openid },
      timeout: REQUEST_TIMEOUT_MS,
      success: (res) =>
        resolve(
          res.statusCode === 200
            ? { body: res.data }
            : { transportFailure: 'CLOUD_FUNCTION_FAILED', detail: { statusCode: res.statusCode, body: res.data } }
        ),
      fail: (err) => resolve({ transportFailure: 'NETWORK', detail: err })
    });
  });
}

function isResult(body: unknown): body is Result<unknown> {
  if (!body || typeof body !== 'object') return false;
  const r = body as Record<string, unknown>;
  return r.ok === true ? 'data' in r : r.ok === false && typeof r.code === 'string' && typeof r.message === 'string';
}
