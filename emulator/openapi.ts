import protobuf from 'protobufjs';
import QRCode from 'qrcode';
import type { MediaCheckRequest } from './mediaChecks';

// The messages wx-server-sdk exchanges for `cloud.openapi.*` (its own generated code names them).
const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: {
        key: { type: 'string', id: 1 },
        value: { type: 'bytes', id: 2 },
        contenttype: { type: 'string', id: 3 },
        filename: { type: 'string', id: 4 }
      }
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'int32', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        appid: { type: 'string', id: 6 }
      }
    },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 }
      }
    }
  }
});
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

export interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string | null;
  data: unknown;
  at: string;
}

export interface OpenApiOptions {
  now: () => number;
  riskyWords: () => string[];
  /** Records a media check and queues its verdict; answers the trace_id. */
  mediaCheck: (req: MediaCheckRequest) => { traceId: string };
}

/**
 * What the local 小程序码 (wxacode.getUnlimited) holds, as a plain QR code any reader decodes: the page
 * and the scene WeChat would open it with, e.g. `wxacode://packageAdmin/redeem/index?scene=ABCD2345&env_version=release`.
 */
export const LOCAL_WXACODE_PREFIX = 'wxacode://';

/** A 小程序码's scene: 1–32 characters of these (WeChat's rule for wxacode.getUnlimited). */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

/** An answer that is an image, as WeChat sends buffers (not JSON). */
interface ImageAnswer {
  image: Buffer;
  contentType: string;
}

/** WeChat open APIs the project uses, answered locally: subscribe messages go to an outbox, content checks to a word list, 小程序码 as real QR codes. */
export class LocalOpenApi {
  readonly outbox: OutboxMessage[] = [];

  constructor(private readonly opts: OpenApiOptions) {}

  /** Decodes the SDK's protobuf request, answers with a protobuf CommOpenApiResp (JSON, or an image's bytes). */
  async handle(apiName: string, requestData: Buffer): Promise<Buffer> {
    const params = decodeParams(requestData);
    const answer = isDown(apiName)
      ? { errcode: -1, errmsg: 'system error (LOCALCLOUD_OPENAPI_DOWN)' }
      : apiName === 'wxacode.getUnlimited'
        ? await wxacodeUnlimited(params)
        : this.answer(apiName, params);
    const image = 'image' in answer ? (answer as unknown as ImageAnswer) : null;
    return Buffer.from(
      CommOpenApiResp.encode(
        CommOpenApiResp.create({
          respData: image ? image.image : Buffer.from(JSON.stringify(answer)),
          contentType: image ? image.contentType : 'application/json',
          errorCode: 0,
          httpCode: 200
        })
      ).finish()
    );
  }

  private answer(apiName: string, p: Record<string, unknown>): Record<string, unknown> {
    switch (apiName) {
      case 'subscribeMessage.send': {
        if (typeof p.touser !== 'string' || !p.touser) return { errcode: 40003, errmsg: 'invalid openid' };
        if (typeof p.template_id !== 'string' || !p.template_id)
          return { errcode: 40037, errmsg: 'invalid template_id' };
        this.outbox.push({
          touser: p.touser,
          templateId: p.template_id,
          page: typeof p.page === 'string' ? p.page : null,
          data: p.data ?? {},
          at: new Date(this.opts.now()).toISOString()
        });
        return { errcode: 0, errmsg: 'ok', msgid: this.outbox.length };
      }
      case 'security.msgSecCheck': {
        const content = typeof p.content === 'string' ? p.content : '';
        const hit = this.opts.riskyWords().find((w) => w && content.includes(w));
        if (Number(p.version) === 2) {
          return {
            errcode: 0,
            errmsg: 'ok',
            result: { suggest: hit ? 'risky' : 'pass', label: hit ? 20001 : 100 },
            detail: hit ? [{ strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20001, keyword: hit }] : [],
            trace_id: `local-${Date.now()}`
          };
        }
        // Version 1 of the API refuses risky text with errcode 87014.
        return hit ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' };
      }
      case 'security.mediaCheckAsync':
        return this.mediaCheckAsync(p);
      default:
        return { errcode: -604101, errmsg: `openapi ${apiName} is not emulated by the local cloud` };
    }
  }

  /** Version 2, the one the project calls: the answer is a trace_id, the verdict comes later as a message push. */
  private mediaCheckAsync(p: Record<string, unknown>): Record<string, unknown> {
    const bad = (what: string): Record<string, unknown> => ({ errcode: 47001, errmsg: `data format error: ${what}` });
    if (typeof p.media_url !== 'string' || !isHttpUrl(p.media_url)) return bad('media_url must be an http(s) URL');
    if (p.media_type !== 1 && p.media_type !== 2) return bad('media_type must be 1 (audio) or 2 (image)');
    if (p.version !== 2) return bad('version must be 2');
    if (typeof p.scene !== 'number' || ![1, 2, 3, 4].includes(p.scene)) return bad('scene must be 1, 2, 3 or 4');
    if (typeof p.openid !== 'string' || p.openid.length === 0 || p.openid.length > 128)
      return { errcode: 40003, errmsg: 'invalid openid' };
    const { traceId } = this.opts.mediaCheck({
      mediaUrl: p.media_url,
      mediaType: p.media_type,
      scene: p.scene,
      openid: p.openid
    });
    return { errcode: 0, errmsg: 'ok', trace_id: traceId };
  }
}

/**
 * wxacode.getUnlimited: a PNG QR code of LOCAL_WXACODE_PREFIX + page + scene, `width` px wide (WeChat's
 * default 430), after WeChat's checks: scene 1–32 allowed characters (40169), page without a leading `/`
 * or a query (41030), env_version release/trial/develop (40097). Pages are not checked against a release
 * (as with check_path false).
 */
async function wxacodeUnlimited(p: Record<string, unknown>): Promise<Record<string, unknown> | ImageAnswer> {
  const scene = typeof p.scene === 'string' ? p.scene : typeof p.scene === 'number' ? String(p.scene) : '';
  if (!SCENE.test(scene)) return { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' };
  const page = p.page === undefined ? '' : p.page;
  if (typeof page !== 'string' || page.startsWith('/') || /[?#\s]/.test(page))
    return { errcode: 41030, errmsg: 'invalid page rid: local' };
  const env = p.env_version ?? 'release';
  if (env !== 'release' && env !== 'trial' && env !== 'develop')
    return { errcode: 40097, errmsg: 'invalid args: env_version' };
  const width = typeof p.width === 'number' ? Math.min(1280, Math.max(280, Math.round(p.width))) : 430;
  const text = `${LOCAL_WXACODE_PREFIX}${page}?scene=${encodeURIComponent(scene)}&env_version=${env}`;
  const image = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width });
  return { image, contentType: 'image/png' };
}

/** LOCALCLOUD_OPENAPI_DOWN: API names (comma-separated) that answer WeChat's "system error", to test fallbacks. */
function isDown(apiName: string): boolean {
  return (process.env.LOCALCLOUD_OPENAPI_DOWN ?? '').split(',').some((n) => n.trim() === apiName);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function decodeParams(requestData: Buffer): Record<string, unknown> {
  const message = CommApiData.decode(requestData) as unknown as {
    openapiData?: { pairs?: Array<{ key: string; value?: Uint8Array }> };
  };
  const params: Record<string, unknown> = {};
  for (const pair of message.openapiData?.pairs ?? []) {
    const text = pair.value ? Buffer.from(pair.value).toString('utf8') : '';
    try {
      params[pair.key] = JSON.parse(text);
    } catch {
      params[pair.key] = text;
    }
  }
  return params;
}
