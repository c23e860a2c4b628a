// The partner-keys admin page's one door to the backend (partners function, typed from typings/partners):
// keys of the district's other platforms (12345, 城市管理 …), and where their webhooks go.
import type { CreateKeyResponse, PartnerKeyView, Permission, Result, SetWebhookResponse } from '../../typings';
import { callFunction } from './cloud';

export const listPartnerKeys = (): Promise<Result<PartnerKeyView[]>> => callFunction('partners', 'listKeys');
/** The answer's `key` is shown once: the server keeps only its hash. */
export const createPartnerKey = (
  name: string,
  unitId: string,
  permissions: Permission[]
): Promise<Result<CreateKeyResponse>> => callFunction('partners', 'createKey', { name, unitId, permissions });
export const revokePartnerKey = (keyId: string): Promise<Result<{ keyId: string }>> =>
  callFunction('partners', 'revokeKey', { keyId });
/** `url: null` removes the webhook; otherwise the answer's `secret` (shown once) signs every delivery. */
export const setPartnerWebhook = (keyId: string, url: string | null): Promise<Result<SetWebhookResponse>> =>
  callFunction('partners', 'setWebhook', { keyId, url });
