// Calls the Open311 API of the local cloud the way a partner platform does: plain HTTP on the route.
import type { TestCloud } from '../support/localcloud';
import type { Result } from '../../typings/result';
import type { CreateKeyResponse, SetWebhookResponse } from '../../typings/partners';
import { rawFind } from '../support/rawDb';

export const ADMIN = 'admin-1';

export interface Answer {
  status: number;
  type: string;
  body: unknown;
  text: string;
  headers: Record<string, string>;
}

export async function get(cloud: TestCloud, path: string, query: Record<string, string> = {}): Promise<Answer> {
  const qs = new URLSearchParams(query).toString();
  return send(cloud, 'GET', `${path}${qs ? `?${qs}` : ''}`);
}

export async function post(cloud: TestCloud, path: string, form: Record<string, string> | string): Promise<Answer> {
  const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  return send(cloud, 'POST', path, body, { 'content-type': 'application/x-www-form-urlencoded' });
}

async function send(
  cloud: TestCloud,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {}
): Promise<Answer> {
  const res = await fetch(`${cloud.url}${path}`, { method, body, headers });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* XML */
  }
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: parsed,
    text,
    headers: Object.fromEntries(res.headers.entries())
  };
}

export async function createKey(
  cloud: TestCloud,
  unitId: string,
  permissions: Array<'read' | 'write'> = ['read', 'write'],
  name = '12345热线'
): Promise<CreateKeyResponse> {
  const res = await cloud.call<Result<CreateKeyResponse>>(
    'partners',
    { action: 'createKey', name, unitId, permissions },
    ADMIN
  );
  if (!res.ok) throw new Error(`createKey: ${res.code}`);
  return res.data;
}

export async function setWebhook(cloud: TestCloud, keyId: string, url: string | null): Promise<SetWebhookResponse> {
  const res = await cloud.call<Result<SetWebhookResponse>>('partners', { action: 'setWebhook', keyId, url }, ADMIN);
  if (!res.ok) throw new Error(`setWebhook: ${res.code}`);
  return res.data;
}

export async function countCases(cloud: TestCloud): Promise<number> {
  return (await rawFind(cloud, 'cases', {}))?.length ?? 0;
}
