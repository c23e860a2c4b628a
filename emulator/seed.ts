import type { LocalCloud } from './localcloud';

/** The demo admin; the demo staff come with setup.seedDemo. */
const DEMO_ADMIN = 'admin-1';

/**
 * Seeds Dadukou's organisation and the demo identities when the database is empty, through the same
 * public paths a real environment uses: setup.bootstrap without OPENID (as the console) answers the
 * first admin invite, admin-1 redeems it, and admin-1 runs setup.seedDemo.
 */
export async function seedIfEmpty(cloud: LocalCloud): Promise<void> {
  if (cloud.db.collections().length > 0) return;
  if (!cloud.runtime.info('setup') || !cloud.runtime.info('account')) return;
  const boot = await call<{ adminInvite: { code: string } }>(
    cloud,
    'setup',
    { action: 'bootstrap' },
    { source: 'wx_http' }
  );
  await call(
    cloud,
    'account',
    { action: 'redeemInvite', code: boot.adminInvite.code },
    { source: 'wx_client', openid: DEMO_ADMIN }
  );
  await call(cloud, 'setup', { action: 'seedDemo' }, { source: 'wx_client', openid: DEMO_ADMIN });
  // The mediator pools' demo members (marked demo), so a mediation can be tried at once.
  if (cloud.runtime.info('legal'))
    await call(cloud, 'legal', { action: 'seedDemo' }, { source: 'wx_client', openid: DEMO_ADMIN });
}

async function call<T = unknown>(
  cloud: LocalCloud,
  name: string,
  event: { action: string } & Record<string, unknown>,
  caller: { source: string; openid?: string }
): Promise<T> {
  const outcome = await cloud.runtime.invoke(name, event, caller);
  if (!outcome.ok) throw new Error(`seeding failed at ${name}.${event.action}: ${outcome.errMsg}`);
  const result = outcome.result as { ok?: boolean; data?: T; code?: string; message?: string };
  if (result?.ok !== true)
    throw new Error(
      `seeding failed at ${name}.${event.action}: ${result?.code ?? ''} ${result?.message ?? 'unknown error'}`
    );
  return result.data as T;
}
