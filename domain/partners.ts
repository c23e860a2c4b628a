// Partner platforms (12345, 城市管理, 党建 …): API keys scoped to a unit, a per-minute rate limit,
// webhooks retried with backoff for a day. Pure rules; server/partnerCrypto.ts hashes and signs.
import { isSelfOrAncestor, type Units } from './org';

export const PERMISSIONS = ['read', 'write'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Requests a key may make in one minute. */
export const RATE_LIMIT_PER_MINUTE = 60;
/** How long the outbox retries a webhook before giving up on it. */
export const WEBHOOK_RETRY_MS = 24 * 3600_000;
/** The longest wait between two attempts. */
const MAX_BACKOFF_MS = 2 * 3600_000;

/** A key as handed out once: `<keyId>.<secret>`; only the secret's hash is stored. */
export function formatKey(keyId: string, secret: string): string {
  return `${keyId}.${secret}`;
}

/** The key id and secret of a presented key, or null when it has not the shape of one. */
export function parseKey(key: string): { keyId: string; secret: string } | null {
  const m = /^(pk_[a-f0-9]{16})\.([A-Za-z0-9_-]{32,64})$/.exec(key);
  return m ? { keyId: m[1], secret: m[2] } : null;
}

/** The rate counter of a key for the minute of `now`: one document per key-minute. */
export function rateWindowId(keyId: string, now: Date): string {
  return `${keyId}-${Math.floor(now.getTime() / 60_000)}`;
}

/**
 * A key's scope is its unit's, as access.ts reads it for staff: the unit and the units below it
 * (the district all). A case is in scope while the key's unit is on its holder's chain (`scopeIds`).
 */
export function caseInKeyScope(c: { scopeIds?: readonly string[] }, unitId: string): boolean {
  return (c.scopeIds ?? []).indexOf(unitId) >= 0;
}

/** Whether a community lies in the key's unit (a key files cases only there). */
export function communityInKeyScope(communityId: string, unitId: string, units: Units): boolean {
  return isSelfOrAncestor(unitId, communityId, units);
}

/** When to try again after `attempts` failed attempts (1 min, 2, 4 … at most 2 h); null once a day has passed. */
export function nextAttemptAt(createdAt: Date, attempts: number, now: Date): Date | null {
  const wait = Math.min(60_000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
  const next = now.getTime() + wait;
  return next - createdAt.getTime() > WEBHOOK_RETRY_MS ? null : new Date(next);
}

/** A webhook URL partners may register: https (http only to this machine, for development); no credentials in it. */
export function webhookUrlOk(url: string): boolean {
  const m = /^(https?):\/\/([^/?#@\s]+)(?:[/?#]\S*)?$/.exec(url);
  if (!m) return false;
  const host = m[2].replace(/:\d+$/, '');
  return m[1] === 'https' || host === '127.0.0.1' || host === 'localhost';
}
