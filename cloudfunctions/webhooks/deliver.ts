// The webhook sender: pending outbox events, oldest first, in order per (partner, case); each signed
// with the partner's secret; a failure waits with backoff (domain/partners.ts) and holds back the
// later events of that case for that partner, so they arrive in order.
import http from 'node:http';
import https from 'node:https';
import { nextAttemptAt } from '../../domain/partners';
import { signWebhook } from '../../server/partnerCrypto';
import type { DeliveryReport } from '../../typings/partners';
import { markEvent, pendingEvents, secretOf, type OutboxDoc } from '../../server/repos/partners';

/** Events read per run (one indexed query); the timer runs every minute. */
const PAGE = 500;
/** Cases delivered at once. */
const PARALLEL = 16;
const TIMEOUT_MS = 5000;

export async function deliverDue(now: Date): Promise<DeliveryReport> {
  const events = await pendingEvents(PAGE);
  const lanes = new Map<string, OutboxDoc[]>();
  for (const e of events) {
    const lane = `${e.keyId}:${e.caseId}`;
    const list = lanes.get(lane) ?? [];
    list.push(e);
    lanes.set(lane, list);
  }
  const secrets = new Map<string, Promise<string | null>>();
  const secret = (keyId: string) => {
    if (!secrets.has(keyId)) secrets.set(keyId, secretOf(keyId));
    return secrets.get(keyId)!;
  };
  const report: DeliveryReport = { read: events.length, delivered: 0, failed: 0, dead: 0, waiting: 0 };
  const queue = [...lanes.values()];
  const worker = async (): Promise<void> => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) await runLane(lane, secret, now, report);
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return report;
}

/** One (partner, case): its events in version order until one is not due or fails. */
async function runLane(
  lane: OutboxDoc[],
  secret: (keyId: string) => Promise<string | null>,
  now: Date,
  report: DeliveryReport
): Promise<void> {
  lane.sort((a, b) => a.version - b.version);
  for (const e of lane) {
    if (new Date(e.nextAt).getTime() > now.getTime()) {
      report.waiting += 1;
      return; // an earlier event waits for its retry: the later ones wait behind it
    }
    const key = await secret(e.keyId);
    if (!key) {
      // Revoked, or the webhook removed: nothing more goes to that partner.
      await markEvent(e._id, { state: 'dead', lastError: 'webhook removed or key revoked' });
      report.dead += 1;
      continue;
    }
    const ts = Math.floor(now.getTime() / 1000);
    const result = await post(e.url, e.body, {
      'content-type': 'application/json',
      'x-shajie-event': 'case.changed',
      'x-shajie-delivery': e._id,
      'x-shajie-timestamp': String(ts),
      'x-shajie-signature': `sha256=${signWebhook(key, ts, e.body)}`
    });
    if (result === null) {
      await markEvent(e._id, { state: 'delivered', attempts: e.attempts + 1, deliveredAt: now, lastError: null });
      report.delivered += 1;
      continue;
    }
    const attempts = e.attempts + 1;
    const next = nextAttemptAt(new Date(e.createdAt), attempts, now);
    if (next === null) {
      // A day of retries: given up; the next event of the case may go.
      await markEvent(e._id, { state: 'dead', attempts, lastError: result });
      report.dead += 1;
      continue;
    }
    await markEvent(e._id, { attempts, nextAt: next, lastError: result });
    report.failed += 1;
    return;
  }
}

/** POSTs the body; null on a 2xx answer, else why not. The local cloud records it instead (LOCALCLOUD_WEBHOOK_SINK). */
function post(url: string, body: string, headers: Record<string, string>): Promise<string | null> {
  const sink = process.env.LOCALCLOUD_WEBHOOK_SINK;
  const target = new URL(sink || url);
  const all = {
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
    ...(sink ? { 'x-webhook-url': url } : {})
  };
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = lib.request(target, { method: 'POST', headers: all, timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status >= 200 && status < 300 ? null : `HTTP ${status}`);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve(e.message.slice(0, 200)));
    req.end(body);
  });
}
