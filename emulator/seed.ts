import type { LocalCloud } from './localcloud';

/** Seeds Dadukou's organisation and the demo identities when the database is empty. */
export async function seedIfEmpty(cloud: LocalCloud): Promise<void> {
  if (cloud.db.collections().length > 0) return;
  if (!cloud.runtime.info('setup')) return;
  const outcome = await cloud.runtime.invoke('setup', { action: 'seedDemo' }, { source: 'wx_server' });
  if (!outcome.ok) throw new Error(`seeding failed: ${outcome.errMsg}`);
  const result = outcome.result as { ok?: boolean; message?: string };
  if (result?.ok === false) throw new Error(`seeding failed: ${result.message ?? 'unknown error'}`);
}
