import type { IncomingMessage } from 'node:http';

/** A webhook delivery the local cloud took instead of sending it. */
export interface WebhookDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  at: string;
  /** The status answered: 200, or 500 when told to fail it. */
  status: number;
}

/**
 * The local cloud never calls partners: functions post to it (LOCALCLOUD_WEBHOOK_SINK, with the
 * target in `x-webhook-url`), it records each delivery, and fails the next `count` or every one to a
 * URL when told to (POST /__emulator/webhooks/fail), so retries are testable.
 */
export class WebhookSink {
  readonly deliveries: WebhookDelivery[] = [];
  private failCount = 0;
  private readonly failUrls = new Set<string>();

  constructor(private readonly now: () => number) {}

  fail(opts: { count?: number; url?: string; clear?: boolean }): { failNext: number; failUrls: string[] } {
    if (opts.clear) {
      this.failCount = 0;
      this.failUrls.clear();
    }
    if (opts.count !== undefined) this.failCount = opts.count;
    if (opts.url !== undefined) this.failUrls.add(opts.url);
    return { failNext: this.failCount, failUrls: [...this.failUrls] };
  }

  receive(req: IncomingMessage, body: Buffer): number {
    const url = String(req.headers['x-webhook-url'] ?? '');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (k.startsWith('x-shajie-') || k === 'content-type') headers[k] = String(v);
    let status = 200;
    if (this.failUrls.has(url)) status = 500;
    else if (this.failCount > 0) {
      this.failCount -= 1;
      status = 500;
    }
    this.deliveries.push({ url, headers, body: body.toString('utf8'), at: new Date(this.now()).toISOString(), status });
    return status;
  }
}
