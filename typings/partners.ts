import type { Permission } from '../domain/partners';

export interface CreateKeyResponse {
  keyId: string;
  /** Shown once: only its hash is stored. Partners send it as `api_key`. */
  key: string;
  unitId: string;
  permissions: Permission[];
}

export interface SetWebhookResponse {
  keyId: string;
  url: string | null;
  /** The HMAC-SHA256 signing secret, shown once (null when the webhook was removed). */
  secret: string | null;
}

/** One run of the webhook sender. */
export interface DeliveryReport {
  /** Pending events read. */
  read: number;
  delivered: number;
  /** Failed this time, to be retried with backoff. */
  failed: number;
  /** Given up (a day of retries, or the partner's webhook is gone). */
  dead: number;
  /** Not due yet (their own retry, or an earlier event of the case waiting). */
  waiting: number;
}

/** The nightly export of a day's cases (sharing.exportDay). */
export interface DailyExportReport {
  /** Shanghai 'YYYY-MM-DD'. */
  day: string;
  cases: number;
  /** One per handling unit with cases that day: cloud:// file ids. */
  files: Array<{ unitId: string; cases: number; xlsx: string; jsonl: string }>;
}
