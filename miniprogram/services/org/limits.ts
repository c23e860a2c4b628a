import type { ClientLimits, Result } from '../../../typings';
import { getCatalog } from './catalog';

/** The functions' own input limits (domain/limits.ts), sent with the org catalog: forms keep to these. */
export async function getLimits(): Promise<Result<ClientLimits>> {
  const res = await getCatalog();
  return res.ok ? { ok: true, data: res.data.limits } : res;
}
