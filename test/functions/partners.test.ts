// Partner keys: scope of a unit, revocation, the per-minute limit, the request log; webhooks signed,
// retried with backoff and delivered in order per case.
import { createHmac } from 'node:crypto';
import { startLocalCloud, type TestCloud } from '../support/localcloud';
import { ORG, submitOk } from '../support/cases';
import { rawFind } from '../support/rawDb';
import { RATE_LIMIT_PER_MINUTE } from '../../domain/partners';
import type { Result } from '../../typings/result';
import { ADMIN, countCases, createKey, get, post, setWebhook } from './open311Helpers';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startLocalCloud();
});
afterAll(() => cloud?.stop());
// Each test starts in a minute of its own (the rate counters are per minute).
beforeEach(() => cloud.advanceClock(61_000));

const V2 = '/open311/v2';
const codes = (list: unknown) => (list as Array<{ service_request_id: string }>).map((r) => r.service_request_id);
const postForm = (api_key: string, community: string) => ({
  api_key,
  service_code: 'neighbor',
  address_string: '某小区3栋',
  description: '楼上漏水',
  'attribute[community]': community
});

describe('keys', () => {
  test('only admins create keys; the key is answered once and stored as a hash', async () => {
    const refused = await cloud.call<Result<unknown>>(
      'partners',
      { action: 'createKey', name: 'x', unitId: ORG.xinshancun, permissions: ['read'] },
      `staff-${ORG.district}`
    );
    expect(refused).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    const k = await createKey(cloud, ORG.xinshancun, ['read']);
    expect(k.key.startsWith(`${k.keyId}.`)).toBe(true);
    const [stored] = (await rawFind<Record<string, unknown>>(cloud, 'partnerKeys', { _id: k.keyId }))!;
    expect(JSON.stringify(stored)).not.toContain(k.key.split('.')[1]);
    expect(stored).toMatchObject({ unitId: ORG.xinshancun, permissions: ['read'], revokedAt: null });
  });

  test('the admins’ list shows each key without its secret, hash or webhook secret', async () => {
    const k = await createKey(cloud, ORG.xinshancun, ['read']);
    const hook = await setWebhook(cloud, k.keyId, 'https://partner.example/hooks/list');
    const staff = await cloud.call<Result<unknown>>('partners', { action: 'listKeys' }, `staff-${ORG.district}`);
    expect(staff).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    const list = await cloud.call<Result<Array<Record<string, unknown>>>>('partners', { action: 'listKeys' }, ADMIN);
    if (!list.ok) throw new Error(list.code);
    const listed = list.data.find((x) => x.keyId === k.keyId);
    expect(Object.keys(listed ?? {}).sort()).toEqual(
      ['createdAt', 'keyId', 'name', 'permissions', 'revokedAt', 'unitId', 'unitName', 'webhookUrl'].sort()
    );
    expect(listed).toMatchObject({
      keyId: k.keyId,
      unitId: ORG.xinshancun,
      unitName: '新山村街道',
      permissions: ['read'],
      revokedAt: null,
      webhookUrl: 'https://partner.example/hooks/list'
    });
    const [stored] = (await rawFind<{ hash: string }>(cloud, 'partnerKeys', { _id: k.keyId }))!;
    const text = JSON.stringify(list.data);
    expect(text).not.toContain(hook.secret!);
    expect(text).not.toContain(stored.hash);
    expect(text).not.toContain(k.key.split('.')[1]);
    // Nor does the audit log keep either secret (it records who set which URL).
    const audit = JSON.stringify(await rawFind(cloud, 'auditLog', { target: k.keyId }));
    expect(audit).toContain('https://partner.example/hooks/list');
    expect(audit).not.toContain(hook.secret!);
    expect(audit).not.toContain(k.key.split('.')[1]);
  });

  test('a town’s key neither reads nor writes another town’s cases', async () => {
    const town = await createKey(cloud, ORG.xinshancun);
    const mine = await submitOk(cloud, 'resident-1', { communityId: ORG.pingan });
    const theirs = await submitOk(cloud, 'resident-1', { communityId: ORG.bajiaoCommunity });
    const list = await get(cloud, `${V2}/requests.json`, { api_key: town.key });
    expect(codes(list.body)).toContain(mine.code);
    expect(codes(list.body)).not.toContain(theirs.code);
    expect((await get(cloud, `${V2}/requests/${theirs.code}.json`, { api_key: town.key })).status).toBe(404);
    expect(
      codes((await get(cloud, `${V2}/requests.json`, { api_key: town.key, service_request_id: theirs.code })).body)
    ).toEqual([]);
    const before = await countCases(cloud);
    const write = await post(cloud, `${V2}/requests.json`, postForm(town.key, ORG.bajiaoCommunity));
    expect(write.status).toBe(403);
    expect(await countCases(cloud)).toBe(before);
    expect((await post(cloud, `${V2}/requests.json`, postForm(town.key, ORG.ganghua))).status).toBe(201);
    // The district's key reaches both towns.
    const district = await createKey(cloud, ORG.district, ['read']);
    expect(codes((await get(cloud, `${V2}/requests.json`, { api_key: district.key })).body)).toEqual(
      expect.arrayContaining([mine.code, theirs.code])
    );
  });

  test('a revoked key is refused', async () => {
    const k = await createKey(cloud, ORG.xinshancun);
    expect((await get(cloud, `${V2}/requests.json`, { api_key: k.key })).status).toBe(200);
    const revoked = await cloud.call<Result<unknown>>('partners', { action: 'revokeKey', keyId: k.keyId }, ADMIN);
    expect(revoked.ok).toBe(true);
    const res = await get(cloud, `${V2}/requests.json`, { api_key: k.key });
    expect(res.status).toBe(403);
    expect(res.body).toEqual([{ code: 403, description: 'api_key has been revoked' }]);
    expect((await post(cloud, `${V2}/requests.json`, postForm(k.key, ORG.pingan))).status).toBe(403);
    const again = await cloud.call<Result<unknown>>('partners', { action: 'revokeKey', keyId: k.keyId }, ADMIN);
    expect(again).toMatchObject({ ok: false, code: 'PARTNER_KEY_NOT_FOUND' });
  });

  test('the rate limit: so many requests a minute per key, then 429 until the next minute', async () => {
    const k = await createKey(cloud, ORG.xinshancun, ['read']);
    const other = await createKey(cloud, ORG.xinshancun, ['read']);
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT_PER_MINUTE + 2; i++)
      statuses.push((await get(cloud, `${V2}/services/neighbor.json`, { api_key: k.key })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT_PER_MINUTE);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    // Another key has its own allowance; the next minute starts afresh.
    expect((await get(cloud, `${V2}/services.json`, { api_key: other.key })).status).toBe(200);
    await cloud.advanceClock(60_000);
    expect((await get(cloud, `${V2}/services.json`, { api_key: k.key })).status).toBe(200);
  });

  test('every request is logged: key, path and outcome, never the key itself', async () => {
    const k = await createKey(cloud, ORG.xinshancun, ['read']);
    await get(cloud, `${V2}/requests.json`, { api_key: k.key });
    await post(cloud, `${V2}/requests.json`, postForm(k.key, ORG.pingan));
    const log = (await rawFind<Record<string, unknown>>(cloud, 'partnerRequests', { keyId: k.keyId }))!;
    expect(log.map((l) => [l.method, l.path, l.status])).toEqual([
      ['GET', `${V2}/requests.json`, 200],
      ['POST', `${V2}/requests.json`, 403]
    ]);
    expect(String(log[1].outcome)).toContain('may not post');
    expect(JSON.stringify(log)).not.toContain(k.key);
  });
});

describe('webhooks', () => {
  interface Delivery {
    url: string;
    headers: Record<string, string>;
    body: string;
    status: number;
  }
  const deliveries = async (url: string): Promise<Delivery[]> =>
    ((await cloud.request('GET', '/__emulator/webhooks')).body as Delivery[]).filter((d) => d.url === url);
  const fail = (body: Record<string, unknown>) => cloud.request('POST', '/__emulator/webhooks/fail', body);
  const versions = (ds: Delivery[]) =>
    ds.filter((d) => d.status === 200).map((d) => (JSON.parse(d.body) as { version: number }).version);

  async function hooked(url: string) {
    const k = await createKey(cloud, ORG.xinshancun, ['read']);
    const hook = await setWebhook(cloud, k.keyId, url);
    await cloud.advanceClock(61_000); // the functions' reference data (a minute) now carries the webhook
    return { ...k, secret: hook.secret! };
  }

  async function changes(n: number): Promise<string> {
    const c = await submitOk(cloud, 'resident-3', { communityId: ORG.pingan });
    const staff = `staff-${ORG.pingan}`;
    for (let i = 0; i < n; i++) {
      const res = await cloud.call<Result<unknown>>(
        'cases',
        { action: 'reply', caseId: c.caseId, text: `第${i + 1}次答复` },
        staff
      );
      expect(res.ok).toBe(true);
    }
    return c.code;
  }

  test('every change in scope is delivered, signed with the partner’s secret over timestamp and body', async () => {
    const url = 'https://partner.example/hooks/a';
    const { secret } = await hooked(url);
    const code = await changes(1);
    const other = await submitOk(cloud, 'resident-3', { communityId: ORG.bajiaoCommunity }); // another town
    await cloud.trigger('webhooks');
    const all = await deliveries(url);
    expect(all.filter((d) => d.body.includes(other.code))).toEqual([]);
    // Cases filed in scope before the hook was set may come too (their first event leaves within a minute).
    const got = all.filter((d) => d.body.includes(code));
    expect(versions(got)).toEqual([1, 2]);
    for (const d of got) {
      const ts = d.headers['x-shajie-timestamp'];
      const expected = createHmac('sha256', secret).update(`${ts}.${d.body}`).digest('hex');
      expect(d.headers['x-shajie-signature']).toBe(`sha256=${expected}`);
      expect(createHmac('sha256', 'whsec_wrong').update(`${ts}.${d.body}`).digest('hex')).not.toBe(expected);
      const body = JSON.parse(d.body) as { request: { service_request_id: string } };
      expect(body.request.service_request_id).toBe(code);
      expect(d.body).not.toMatch(/13812341234/);
    }
  });

  test('failures are retried with backoff, and a case’s events arrive in order', async () => {
    const url = 'https://partner.example/hooks/b';
    await hooked(url);
    await changes(3); // versions 1..4
    await fail({ url });
    await cloud.trigger('webhooks');
    const first = await deliveries(url);
    expect(first.map((d) => d.status)).toEqual([500]); // the first failed; the later ones wait behind it
    await cloud.trigger('webhooks');
    expect(await deliveries(url)).toHaveLength(1); // not due yet: backoff
    await fail({ clear: true });
    await cloud.advanceClock(61_000);
    await cloud.trigger('webhooks');
    const all = await deliveries(url);
    expect(versions(all)).toEqual([1, 2, 3, 4]);
    const outbox = (await rawFind<{ url: string; state: string; attempts: number }>(cloud, 'webhookOutbox', { url }))!;
    expect(outbox.every((o) => o.state === 'delivered')).toBe(true);
    expect(Math.max(...outbox.map((o) => o.attempts))).toBe(2);
  });

  test('after a day of failures an event is given up; later changes still go', async () => {
    const url = 'https://partner.example/hooks/c';
    await hooked(url);
    await changes(1); // versions 1, 2
    await fail({ url });
    const attempts: number[] = [];
    for (let hour = 0; hour < 26; hour++) {
      await cloud.trigger('webhooks');
      attempts.push((await deliveries(url)).length);
      await cloud.advanceClock(3600_000);
    }
    const outbox = (await rawFind<{ version: number; state: string; attempts: number }>(cloud, 'webhookOutbox', {
      url
    }))!;
    expect(outbox.map((o) => o.state)).toEqual(['dead', 'dead']);
    // Backoff: about one attempt an hour once the wait reached its cap, not one a minute.
    expect(attempts[attempts.length - 1]).toBeLessThan(40);
    await fail({ clear: true });
    const c = await submitOk(cloud, 'resident-3', { communityId: ORG.pingan });
    await cloud.trigger('webhooks');
    const last = (await deliveries(url)).pop()!;
    expect(last.status).toBe(200);
    expect(last.body).toContain(c.code);
  });

  test('only admins set webhooks; an http URL outside this machine is refused', async () => {
    const k = await createKey(cloud, ORG.xinshancun, ['read']);
    const bad = await cloud.call<Result<unknown>>(
      'partners',
      { action: 'setWebhook', keyId: k.keyId, url: 'http://partner.example/x' },
      ADMIN
    );
    expect(bad).toMatchObject({ ok: false, code: 'WEBHOOK_URL_INVALID' });
    const staff = await cloud.call<Result<unknown>>(
      'partners',
      { action: 'setWebhook', keyId: k.keyId, url: 'https://x.example' },
      `staff-${ORG.district}`
    );
    expect(staff).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
  });
});
