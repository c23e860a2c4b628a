import type { Permission } from '../domain/partners';
export type { Permission };

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

/** A key as the admin page lists it: never its secret, its hash or its webhook's secret. */
export interface PartnerKeyView {
  keyId: string;
  name: string;
  unitId: string;
  /** The unit's name as it is now; its id when the unit is gone. */
  unitName: string;
  permissions: Permission[];
  /** ISO 8601. */
  createdAt: string;
  revokedAt: string | null;
  webhookUrl: string | null;
}

export type PartnersActions = {
  /** Admin only: every key, newest first. */
  listKeys: { req: Record<string, never>; res: PartnerKeyView[] };
  /** Admin only. */
  createKey: { req: { name: string; unitId: string; permissions: Permission[] }; res: CreateKeyResponse };
  /** Admin only. */
  revokeKey: { req: { keyId: string }; res: { keyId: string } };
  /** Admin only; `url: null` removes the webhook. */
  setWebhook: { req: { keyId: string; url: string | null }; res: SetWebhookResponse };
};

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
