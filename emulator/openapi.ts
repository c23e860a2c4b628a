import protobuf from 'protobufjs';
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

/** WeChat open APIs the project uses, answered locally: subscribe messages go to an outbox, content checks to a word list. */
export class LocalOpenApi {
  readonly outbox: OutboxMessage[] = [];

  constructor(private readonly opts: OpenApiOptions) {}

  /** Decodes the SDK's protobuf request, answers with a protobuf CommOpenApiResp. */
  handle(apiName: string, requestData: Buffer): Buffer {
    const params = decodeParams(requestData);
    const answer = this.answer(apiName, params);
    return Buffer.from(
      CommOpenApiResp.encode(
        CommOpenApiResp.create({
          respData: Buffer.from(JSON.stringify(answer)),
          contentType: 'application/json',
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
