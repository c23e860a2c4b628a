import { randomBytes } from 'node:crypto';
import type { FunctionInfo, InvokeResult } from './runtime/functions';

/** The message-push event WeChat sends with a `security.mediaCheckAsync` verdict. */
export const MEDIA_CHECK_EVENT = 'wxa_media_check';
/**
 * SOURCE a function sees for a message push. CloudBase documents no value for pushes to functions;
 * `wx_msg` is this emulator's choice, and no gateway caller can claim it.
 */
export const MESSAGE_PUSH_SOURCE = 'wx_msg';

export interface MediaCheckRequest {
  mediaUrl: string;
  mediaType: 1 | 2;
  scene: number;
  openid: string;
}

export interface MediaCheckRecord extends MediaCheckRequest {
  traceId: string;
  verdict: 'pass' | 'risky';
  label: number;
  requestedAt: string;
  /** The function that claims the event, or null: the verdict is kept and never delivered. */
  receiver: string | null;
  state: 'queued' | 'delivered' | 'failed' | 'undeliverable';
  deliveredAt: string | null;
  /** The receiver's answer, or why delivery failed. */
  outcome: unknown;
}

export interface MediaChecksOptions {
  now: () => number;
  appid: string;
  /** Words that make a file name risky (emulator/risky-media.txt or LOCALCLOUD_RISKY_MEDIA). */
  riskyNames: () => string[];
  receiver: string | null;
  deliver: (name: string, event: Record<string, unknown>) => Promise<InvokeResult>;
}

/** Which function receives each message-push event, from `"messagePush": [...]` in config.json; two claims to one event are an error. */
export function messagePushReceivers(functions: FunctionInfo[]): Map<string, string> {
  const receivers = new Map<string, string>();
  for (const fn of functions) {
    const events = fn.config.messagePush ?? [];
    if (!Array.isArray(events) || events.some((e) => typeof e !== 'string')) {
      throw new Error(`cloudfunctions/${fn.name}/config.json: messagePush must be a list of event names`);
    }
    for (const event of events) {
      const other = receivers.get(event);
      if (other)
        throw new Error(
          `message push event ${event} is claimed by both ${other} and ${fn.name}; exactly one function may receive it`
        );
      receivers.set(event, fn.name);
    }
  }
  return receivers;
}

/**
 * WeChat checks media asynchronously: the call answers a trace_id at once, the verdict arrives later as
 * a message push. Here a file-name list decides, and the verdict is delivered on the emulator's own
 * loop (setImmediate), never inside the openapi call; `flush()` waits for every queued delivery.
 */
export class MediaChecks {
  private readonly records: MediaCheckRecord[] = [];
  private readonly queue: MediaCheckRecord[] = [];
  private deliveredSinceFlush: MediaCheckRecord[] = [];
  private draining: Promise<void> | null = null;

  constructor(private readonly opts: MediaChecksOptions) {}

  request(req: MediaCheckRequest): MediaCheckRecord {
    const name = fileNameOf(req.mediaUrl).toLowerCase();
    const hit = this.opts.riskyNames().some((w) => w && name.includes(w.toLowerCase()));
    const record: MediaCheckRecord = {
      ...req,
      traceId: [4, 4, 4].map((n) => randomBytes(n).toString('hex')).join('-'),
      verdict: hit ? 'risky' : 'pass',
      // 20002: WeChat's label for pornographic content; 100: normal.
      label: hit ? 20002 : 100,
      requestedAt: new Date(this.opts.now()).toISOString(),
      receiver: this.opts.receiver,
      state: this.opts.receiver ? 'queued' : 'undeliverable',
      deliveredAt: null,
      outcome: null
    };
    this.records.push(record);
    if (record.receiver) {
      this.queue.push(record);
      if (!this.draining)
        this.draining = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
    }
    return record;
  }

  list(): MediaCheckRecord[] {
    return [...this.records];
  }

  /** Waits until every queued verdict is delivered; answers those delivered (or failed) since the last flush. */
  async flush(): Promise<MediaCheckRecord[]> {
    while (this.draining) await this.draining;
    const done = this.deliveredSinceFlush;
    this.deliveredSinceFlush = [];
    return done;
  }

  private async drain(): Promise<void> {
    // One at a time, in order; a receiver that asks for more checks extends the same drain.
    try {
      for (let record = this.queue.shift(); record; record = this.queue.shift()) {
        let outcome: InvokeResult | { ok: false; errCode: number; errMsg: string };
        try {
          outcome = await this.opts.deliver(record.receiver!, this.eventOf(record));
        } catch (e) {
          outcome = { ok: false, errCode: -1, errMsg: (e as Error).message };
        }
        record.deliveredAt = new Date(this.opts.now()).toISOString();
        record.state = outcome.ok ? 'delivered' : 'failed';
        record.outcome = outcome.ok ? (outcome.result ?? null) : { errCode: outcome.errCode, errMsg: outcome.errMsg };
        this.deliveredSinceFlush.push(record);
      }
    } finally {
      this.draining = null;
    }
  }

  /** WeChat's JSON message push for `wxa_media_check`, version 2. */
  private eventOf(r: MediaCheckRecord): Record<string, unknown> {
    return {
      ToUserName: `gh_${this.opts.appid}`,
      FromUserName: r.openid,
      CreateTime: Math.floor(this.opts.now() / 1000),
      MsgType: 'event',
      Event: MEDIA_CHECK_EVENT,
      appid: this.opts.appid,
      trace_id: r.traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest: r.verdict, label: r.label, prob: 90 }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: r.verdict, label: r.label }
    };
  }
}

function fileNameOf(mediaUrl: string): string {
  const last = new URL(mediaUrl).pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
