// Partner keys, their per-minute counters and request log, and the webhook outbox (domain/partners.ts).
import { randomBytes } from 'node:crypto';
import { caseInKeyScope, RATE_LIMIT_PER_MINUTE, rateWindowId, type Permission } from '../../domain/partners';
import { toServiceRequest } from '../../domain/open311';
import { database, settle } from '../cloud';
import { COLLECTIONS } from '../collections';
import { duplicateOf } from '../dbErrors';
import type { Reference } from '../reference';
import type { SweepDoc } from './cases';

export interface PartnerKeyDoc {
  _id: string; // keyId
  name: string;
  unitId: string;
  permissions: Permission[];
  /** sha256 of the key's secret: the key itself is shown once and never stored. */
  hash: string;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  /** Where state changes go; the secret signs them (it must be kept in clear to sign). */
  webhook: { url: string; secret: string; setAt: Date } | null;
  /** Indexed: keys with a webhook in force. */
  hooked: boolean;
}

export interface OutboxDoc {
  _id: string; // <keyId>:<caseId>:<version, 8 digits>: one event, and the order within a case
  keyId: string;
  caseId: string;
  version: number;
  url: string;
  body: string;
  createdAt: Date;
  nextAt: Date;
  attempts: number;
  state: 'pending' | 'delivered' | 'dead';
  lastError: string | null;
  deliveredAt: Date | null;
}

const keys = () => database().collection(COLLECTIONS.partnerKeys);
const rates = () => database().collection(COLLECTIONS.partnerRates);
const log = () => database().collection(COLLECTIONS.partnerRequests);
const outbox = () => database().collection(COLLECTIONS.webhookOutbox);

export function newKeyId(): string {
  return `pk_${randomBytes(8).toString('hex')}`;
}

export async function insertKey(doc: PartnerKeyDoc): Promise<void> {
  await settle(keys().add({ data: doc }));
}

export async function getKey(keyId: string): Promise<PartnerKeyDoc | null> {
  const res = await settle(keys().where({ _id: keyId }).limit(1).get());
  return (res.data[0] as PartnerKeyDoc | undefined) ?? null;
}

/** Applies a patch to a key still in force; false when there is none. */
export async function updateLiveKey(keyId: string, patch: Partial<PartnerKeyDoc>): Promise<boolean> {
  const _ = database().command;
  // An update merges objects field by field: the webhook is replaced whole.
  const data = 'webhook' in patch ? { ...patch, webhook: _.set(patch.webhook ?? null) } : patch;
  const res = await settle(keys().where({ _id: keyId, revokedAt: null }).update({ data }));
  return (res as { stats?: { updated?: number } }).stats?.updated === 1;
}

/**
 * Counts one request in the key's current minute: one update, while under the limit (the first of
 * a minute also adds the document). False when the minute's allowance is used up.
 */
export async function takeRate(keyId: string, now: Date): Promise<boolean> {
  const _ = database().command;
  const id = rateWindowId(keyId, now);
  const res = await settle(
    rates()
      .where({ _id: id, count: _.lt(RATE_LIMIT_PER_MINUTE) })
      .update({ data: { count: _.inc(1) } })
  );
  if ((res as { stats?: { updated?: number } }).stats?.updated === 1) return true;
  try {
    await settle(rates().add({ data: { _id: id, keyId, count: 1, at: now } }));
    return true;
  } catch (e) {
    if (duplicateOf(e)) return false; // the document exists and is at the limit (or another request just made it)
    throw e;
  }
}

export interface RequestLog {
  keyId: string | null;
  method: string;
  path: string;
  status: number;
  outcome: string;
  at: Date;
}

/** Every API request, answered or refused (one insert; a failed write goes to the function's log). */
export async function logRequest(entry: RequestLog): Promise<void> {
  try {
    await settle(log().add({ data: entry }));
  } catch (e) {
    console.error('[partners] request log entry not stored', JSON.stringify(entry), e);
  }
}

// ---- webhooks ----------------------------------------------------------------------------------

/**
 * Rewrites the config document 'webhooks' from the keys with a webhook in force (two requests): the
 * cached reference carries it, so a case change spends no request on finding its subscribers, and
 * a change of webhook reaches every instance within the reference's minute.
 */
export async function syncSubscriptions(): Promise<void> {
  const res = await settle(keys().where({ hooked: true }).limit(1000).get());
  const subscriptions = (res.data as PartnerKeyDoc[])
    .filter((k) => k.webhook && k.revokedAt === null)
    .map((k) => ({ keyId: k._id, unitId: k.unitId, url: k.webhook!.url }))
    .sort((x, y) => x.keyId.localeCompare(y.keyId));
  await settle(database().collection(COLLECTIONS.config).doc('webhooks').set({ data: { subscriptions } }));
}

/**
 * Queues the case's new state for every partner whose scope held it before or holds it now (so a
 * partner also learns the case left it): one insert of all events, none when nobody subscribed.
 */
export async function enqueueCaseEvent(
  after: SweepDoc,
  ref: Pick<Reference, 'units' | 'webhooks'>,
  now: Date,
  before?: { scopeIds?: string[] } | null
): Promise<void> {
  try {
    const subs = ref.webhooks.filter(
      (s) => caseInKeyScope(after, s.unitId) || (before ? caseInKeyScope(before, s.unitId) : false)
    );
    if (!subs.length) return;
    const unitName = (id: string) => ref.units.get(id)?.name ?? id;
    const docs: OutboxDoc[] = subs.map((s) => ({
      _id: `${s.keyId}:${after._id}:${String(after.version).padStart(8, '0')}`,
      keyId: s.keyId,
      caseId: after._id,
      version: after.version,
      url: s.url,
      body: JSON.stringify({
        event: 'case.changed',
        at: now.toISOString(),
        version: after.version,
        inScope: caseInKeyScope(after, s.unitId),
        request: toServiceRequest(after, unitName, caseInKeyScope(after, s.unitId))
      }),
      createdAt: now,
      nextAt: now,
      attempts: 0,
      state: 'pending',
      lastError: null,
      deliveredAt: null
    }));
    await settle(outbox().add({ data: docs }));
  } catch (e) {
    // The case change stands; a lost event shows in the function's log (partners can re-read requests).
    console.error('[webhooks] event not queued', after._id, after.version, e);
  }
}

/** The oldest pending events (index state_created): one page per run of the sender. */
export async function pendingEvents(limit: number): Promise<OutboxDoc[]> {
  const res = await settle(
    outbox().where({ state: 'pending' }).orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(limit).get()
  );
  return res.data as OutboxDoc[];
}

export async function markEvent(id: string, patch: Partial<OutboxDoc>): Promise<void> {
  await settle(outbox().doc(id).update({ data: patch }));
}

export async function secretOf(keyId: string): Promise<string | null> {
  const k = await getKey(keyId);
  return k && k.revokedAt === null && k.webhook ? k.webhook.secret : null;
}
