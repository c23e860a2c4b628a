import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, parseJsonObject, readBody, sendJson } from './body';
import { requireJson } from './guard';
import type { LocalCloud } from '../localcloud';

type Cloud = Pick<LocalCloud, 'runtime'>;
const CALL_BODY_LIMIT = 100 * 1024;
const MAX_ID_LENGTH = 128;
/** Sources a gateway caller may claim; timers, message pushes and function-to-function calls come only from the platform. */
const CLIENT_SOURCES = new Set(['wx_client', 'wx_devtools']);

/**
 * `POST /functions/<name>`: calls a function as a mini-program user would, for callers outside WeChat
 * (DevTools against the local cloud, tests, the demo). The openid comes from `x-wx-openid`; without
 * one the caller is a server-side one (`wx_http`, as WeChat's invokecloudfunction API).
 */
export async function handleGateway(
  cloud: Cloud,
  req: IncomingMessage,
  res: ServerResponse,
  name: string
): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { errCode: -1, errMsg: '只支持 POST' });
  requireJson(req);
  const openid = identityHeader(req, 'x-wx-openid');
  const appid = identityHeader(req, 'x-wx-appid');
  const unionid = identityHeader(req, 'x-wx-unionid');
  const source = sourceOf(req, openid);
  if (!cloud.runtime.info(name)) return sendJson(res, 404, { errCode: -501000, errMsg: `云函数 ${name} 不存在` });
  const event = parseJsonObject(await readBody(req, CALL_BODY_LIMIT));
  const outcome = await cloud.runtime.invoke(name, event, {
    openid,
    appid,
    unionid,
    source,
    clientIp: req.socket.remoteAddress ?? undefined
  });
  if (outcome.ok) return sendJson(res, 200, outcome.result ?? null);
  sendJson(res, outcome.errCode === -504003 ? 504 : 502, { errCode: outcome.errCode, errMsg: outcome.errMsg });
}

/**
 * An identity header, exactly as sent: absent, or one non-empty value of at most 128 printable ASCII
 * characters (header bytes beyond ASCII would not come back as the same string). Anything else is a 400,
 * never a silent "no identity".
 */
function identityHeader(req: IncomingMessage, name: string): string | undefined {
  const values = req.headersDistinct[name];
  if (values === undefined) return undefined;
  const [value] = values;
  if (values.length !== 1 || value.length === 0 || value.length > MAX_ID_LENGTH || !/^[\x20-\x7e]+$/.test(value)) {
    throw new HttpError(400, `${name} must be sent once, as 1 to ${MAX_ID_LENGTH} printable ASCII characters`);
  }
  return value;
}

function sourceOf(req: IncomingMessage, openid: string | undefined): string {
  const claimed = identityHeader(req, 'x-wx-source');
  if (claimed === undefined) return openid ? 'wx_client' : 'wx_http';
  if (openid ? !CLIENT_SOURCES.has(claimed) : claimed !== 'wx_http') {
    throw new HttpError(400, 'x-wx-source may only be wx_client or wx_devtools (with an openid) or wx_http (without)');
  }
  return claimed;
}
