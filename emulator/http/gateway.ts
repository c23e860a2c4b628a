import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonObject, readBody, sendJson } from './body';
import type { LocalCloud } from '../localcloud';

type Cloud = Pick<LocalCloud, 'runtime'>;
const CALL_BODY_LIMIT = 100 * 1024;

/**
 * `POST /functions/<name>`: calls a function as a mini-program user would, for callers outside WeChat
 * (DevTools against the local cloud, tests, the demo). The openid comes from `x-wx-openid`.
 */
export async function handleGateway(cloud: Cloud, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { errCode: -1, errMsg: '只支持 POST' });
  if (!cloud.runtime.info(name)) return sendJson(res, 404, { errCode: -501000, errMsg: `云函数 ${name} 不存在` });
  const event = parseJsonObject(await readBody(req, CALL_BODY_LIMIT));
  const openid = header(req, 'x-wx-openid');
  const outcome = await cloud.runtime.invoke(name, event, {
    openid,
    appid: header(req, 'x-wx-appid'),
    unionid: header(req, 'x-wx-unionid'),
    source: header(req, 'x-wx-source') ?? (openid ? 'wx_client' : 'wx_http'),
    clientIp: req.socket.remoteAddress ?? undefined
  });
  if (outcome.ok) return sendJson(res, 200, outcome.result ?? null);
  sendJson(res, outcome.errCode === -504003 ? 504 : 502, { errCode: outcome.errCode, errMsg: outcome.errMsg });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= 128 ? s : undefined;
}
