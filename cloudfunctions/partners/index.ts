// partners: API keys of the district's other platforms (12345, 城市管理, 党建 …) and their webhooks.
// Admins only; the keys are used by the open311 function, the webhooks by the webhooks function.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { formatKey, PERMISSIONS, webhookUrlOk } from '../../domain/partners';
import { hashSecret } from '../../server/partnerCrypto';
import type { CreateKeyResponse, PartnerKeyView, SetWebhookResponse } from '../../typings/partners';
import { database, settle } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { requireAdmin } from '../../server/admin';
import { audit } from '../../server/audit';
import { action, AppError, defineFunction } from '../../server/function';
import { loadReference } from '../../server/reference';
import {
  getKey,
  insertKey,
  newKeyId,
  syncSubscriptions,
  updateLiveKey,
  type PartnerKeyDoc
} from '../../server/repos/partners';

const keyId = z.string().regex(/^pk_[a-f0-9]{16}$/);

/** Most keys listed: the district's other platforms are a handful, and one read answers at most this many. */
const LIST_LIMIT = 1000;

/**
 * Every key, newest first, for the admin page. The field list leaves out the key's hash and the
 * webhook's secret, so neither ever leaves the database (the secret is shown once, by setWebhook).
 */
const listKeys = action(z.object({}).strict(), async (_req, ctx): Promise<PartnerKeyView[]> => {
  await requireAdmin(ctx);
  const [ref, res] = await Promise.all([
    loadReference(ctx.now),
    settle(
      database()
        .collection(COLLECTIONS.partnerKeys)
        .field({ name: true, unitId: true, permissions: true, createdAt: true, revokedAt: true, 'webhook.url': true })
        .limit(LIST_LIMIT)
        .get()
    )
  ]);
  const iso = (d: Date | string) => new Date(d).toISOString();
  return (
    res.data as Array<
      Pick<PartnerKeyDoc, '_id' | 'name' | 'unitId' | 'permissions' | 'createdAt' | 'revokedAt'> & {
        webhook?: { url?: string } | null;
      }
    >
  )
    .map((k) => ({
      keyId: k._id,
      name: k.name,
      unitId: k.unitId,
      unitName: ref.units.get(k.unitId)?.name ?? k.unitId,
      permissions: k.permissions,
      createdAt: iso(k.createdAt),
      revokedAt: k.revokedAt ? iso(k.revokedAt) : null,
      webhookUrl: k.webhook?.url ?? null
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.keyId.localeCompare(b.keyId));
});

/** A new key for a partner, scoped to a unit: answered once, only its hash is stored. */
const createKey = action(
  z
    .object({
      name: z.string().trim().min(1).max(64),
      unitId: z.string().min(1).max(64),
      permissions: z.array(z.enum(PERMISSIONS)).min(1).max(2)
    })
    .strict(),
  async (req, ctx): Promise<CreateKeyResponse> => {
    const { by } = await requireAdmin(ctx);
    const ref = await loadReference(ctx.now);
    const unit = ref.units.get(req.unitId);
    if (!unit || unit.kind === 'department') throw new AppError('UNKNOWN_UNIT', req.unitId);
    const id = newKeyId();
    const secret = randomBytes(24).toString('base64url');
    const permissions = [...new Set(req.permissions)].sort();
    await insertKey({
      _id: id,
      name: req.name,
      unitId: unit.id,
      permissions,
      hash: hashSecret(secret),
      createdAt: ctx.now,
      createdBy: by,
      revokedAt: null,
      webhook: null,
      hooked: false
    });
    await audit(
      { by, action: 'partners.createKey', target: id, after: { name: req.name, unitId: unit.id, permissions } },
      ctx.now
    );
    return { keyId: id, key: formatKey(id, secret), unitId: unit.id, permissions };
  }
);

/** Ends a key: every later request with it is refused (403), and its webhook stops. */
const revokeKey = action(z.object({ keyId }).strict(), async (req, ctx): Promise<{ keyId: string }> => {
  const { by } = await requireAdmin(ctx);
  if (!(await updateLiveKey(req.keyId, { revokedAt: ctx.now, hooked: false })))
    throw new AppError('PARTNER_KEY_NOT_FOUND', req.keyId);
  await syncSubscriptions();
  await audit({ by, action: 'partners.revokeKey', target: req.keyId }, ctx.now);
  return { keyId: req.keyId };
});

/**
 * Sets (or with `url: null` removes) where a key's state changes go. Answers the signing secret once;
 * setting a URL again makes a new secret.
 */
const setWebhook = action(
  z.object({ keyId, url: z.string().max(500).nullable() }).strict(),
  async (req, ctx): Promise<SetWebhookResponse> => {
    const { by } = await requireAdmin(ctx);
    if (req.url !== null && !webhookUrlOk(req.url)) throw new AppError('WEBHOOK_URL_INVALID', req.url);
    const key = await getKey(req.keyId);
    if (!key || key.revokedAt) throw new AppError('PARTNER_KEY_NOT_FOUND', req.keyId);
    const secret = req.url === null ? null : `whsec_${randomBytes(24).toString('base64url')}`;
    const webhook = req.url === null || secret === null ? null : { url: req.url, secret, setAt: ctx.now };
    if (!(await updateLiveKey(req.keyId, { webhook, hooked: webhook !== null })))
      throw new AppError('PARTNER_KEY_NOT_FOUND', req.keyId);
    await syncSubscriptions();
    await audit({ by, action: 'partners.setWebhook', target: req.keyId, after: { url: req.url } }, ctx.now);
    return { keyId: req.keyId, url: req.url, secret };
  }
);

export const main = defineFunction({ listKeys, createKey, revokeKey, setWebhook });
